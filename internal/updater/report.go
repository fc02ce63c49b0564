package updater

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
)

// Action is what a run did with one record in one family.
type Action string

// The actions, as `ddns status`, JSON and metrics name them.
const (
	Unchanged      Action = "unchanged"       // the published address is current
	Updated        Action = "updated"         // the service accepted the new address
	Created        Action = "created"         // the service created the record
	Refused        Action = "refused"         // the service refused; remembered
	Failed         Action = "failed"          // a temporary failure; retried next run
	SkippedBackoff Action = "skipped-backoff" // not attempted: a wait is in force
	SkippedRefusal Action = "skipped-refusal" // not attempted: a remembered refusal applies
	DryRun         Action = "dry-run"         // would update; nothing sent
	NoAddress      Action = "no-address"      // no address of this family was detected
)

// Severity orders actions by what the exit code must say.
type Severity int

// Severities, from best to worst: a refusal outranks a temporary failure
// because only the user can fix it.
const (
	OK Severity = iota
	Temporary
	Permanent
)

func (s Severity) String() string {
	switch s {
	case OK:
		return "ok"
	case Temporary:
		return "temporary"
	case Permanent:
		return "refused"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Severity is the exit-relevant weight of a.
func (a Action) Severity() Severity {
	switch a {
	case Refused, SkippedRefusal:
		return Permanent
	case Failed, SkippedBackoff, NoAddress:
		return Temporary
	}
	return OK
}

// Entry is the result for one record in one family.
type Entry struct {
	Record string        `json:"record"` // FQDN
	Family family.Family `json:"family"`
	Action Action        `json:"action"`
	// Before is the address the state said was published when the run
	// began, After the one published when it ended (the same unless the
	// action is Updated or Created). Either is zero when none is known.
	Before netip.Addr `json:"before,omitzero"`
	After  netip.Addr `json:"after,omitzero"`
	// Detected is the address this run wanted to publish; zero when the
	// record was skipped before detection or detection failed.
	Detected netip.Addr `json:"detected,omitzero"`
	// Message is the reason for any action but Unchanged, Updated and
	// Created: the provider's own words (one line, already redacted by
	// the provider) or the updater's explanation of a skip.
	Message string `json:"message,omitempty"`
	// NotBefore is when the next attempt may be made, if a wait applies.
	NotBefore time.Time `json:"not_before,omitzero"`
	// Duration and Requests measure the provider call that carried this
	// change (for a batch, the whole batch: see Batched); zero when the
	// provider was not called.
	Duration time.Duration `json:"duration,omitempty"`
	Requests int           `json:"requests,omitempty"`
	Batched  bool          `json:"batched,omitempty"`
	// Err is the error behind Message, for errors.Is; nil when the
	// severity is OK.
	Err error `json:"-"`
}

// Report is what one run did, entry by entry in the order of the
// settings' records and families.
type Report struct {
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration"`
	Entries  []Entry       `json:"entries"`
	// Problems are failures of the run itself rather than of one record
	// (the state file could not be read or saved); each counts as
	// temporary.
	Problems []error `json:"-"`
}

// Worst is the highest severity in the report: what the exit code says.
func (r Report) Worst() Severity {
	worst := OK
	if len(r.Problems) > 0 {
		worst = Temporary
	}
	for _, e := range r.Entries {
		worst = max(worst, e.Action.Severity())
	}
	return worst
}

// Count is how many entries have action a.
func (r Report) Count(a Action) int {
	n := 0
	for _, e := range r.Entries {
		if e.Action == a {
			n++
		}
	}
	return n
}

// Err is the run's verdict, the only place it is derived: nil when every
// entry is OK, else every problem joined (identical texts once) and
// wrapped in ErrRefused when Worst is Permanent, ErrTemporary otherwise.
func (r Report) Err() error {
	var errs []error
	seen := map[string]bool{}
	add := func(err error) {
		if err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			errs = append(errs, err)
		}
	}
	for _, e := range r.Entries {
		switch {
		case e.Action.Severity() == OK:
		case e.Err != nil:
			add(e.Err)
		default: // an entry built by hand without its error
			add(fmt.Errorf("%s %s: %s %s", e.Record, e.Family.RecordType(), e.Action, e.Message))
		}
	}
	for _, p := range r.Problems {
		add(p)
	}
	switch r.Worst() {
	case Permanent:
		return fmt.Errorf("%w: %w", ErrRefused, errors.Join(errs...))
	case Temporary:
		return fmt.Errorf("%w: %w", ErrTemporary, errors.Join(errs...))
	}
	return nil
}
