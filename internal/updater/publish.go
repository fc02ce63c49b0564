package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// outcome is how one job ended, before it becomes a report entry and a
// state record.
type outcome struct {
	action    Action
	err       error
	scope     scope     // of a refusal
	notBefore time.Time // when a wait applies
	attempted bool      // the provider was called
	duration  time.Duration
	requests  int
	batched   bool
}

// publish decides the jobs that detection left open, calls the provider
// for those that are due, and writes every attempt into file.
func (u *Updater) publish(ctx context.Context, p *pass, file state.File, now time.Time) {
	var due []*job
	for _, j := range p.jobs {
		switch {
		case j.out != nil:
			continue
		case j.refusedForAddress():
			j.out = &outcome{action: SkippedRefusal, err: fmt.Errorf(
				"%s %s: %s (remembered for %s since %s; a new address or new settings retry)",
				j.rec.FQDN(), j.fam.RecordType(), j.prev.Error, j.addr, stamp(j.prev.LastAttempt))}
		case u.unchanged(j, now):
			u.Log.Info().Str("record", j.rec.FQDN()).Str("ip", j.addr.String()).Msg("unchanged; nothing to do")
			j.out = &outcome{action: Unchanged}
			if j.prev.Outcome != state.Unchanged && j.prev.Outcome != state.Updated {
				// The last attempt failed but the address came back to the
				// published one: clear the stale error for `ddns status`.
				file.Records[j.key] = u.record(j, now)
				p.changedState = true
			}
		case u.Settings.DryRun:
			u.Log.Info().Str("record", j.rec.FQDN()).Str("old_ip", addrOrNone(j)).Str("ip", j.addr.String()).
				Msg("dry run: would update")
			j.out = &outcome{action: DryRun}
		default:
			due = append(due, j)
		}
	}
	if b, ok := u.Provider.(provider.Batcher); ok && len(due) > 0 {
		u.updateBatch(ctx, b, due)
	} else {
		u.updateAll(ctx, due)
	}
	for _, j := range due {
		u.logResult(j)
		file.Records[j.key] = u.record(j, now)
		p.changedState = true
	}
}

// unchanged reports whether the state already holds j's address and the
// forced refresh is not yet due. A publication time in the future (a
// clock that was wrong) makes the refresh due.
func (u *Updater) unchanged(j *job, now time.Time) bool {
	if j.prev.IP != j.addr || j.prev.PublishedAt.IsZero() {
		return false
	}
	age := now.Sub(j.prev.PublishedAt)
	return u.Settings.ForceInterval <= 0 || (age >= 0 && age < u.Settings.ForceInterval)
}

// updateAll calls Update for each job, at most Concurrency at a time and
// as the gate admits them.
func (u *Updater) updateAll(ctx context.Context, due []*job) {
	g := newGate(u)
	sem := make(chan struct{}, max(u.Settings.Concurrency, 1))
	var wg sync.WaitGroup
	for _, j := range due {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if skip := g.admit(ctx, j); skip != nil {
				j.out = skip
				return
			}
			obs := &provider.Observer{}
			start := u.now()
			err := u.Provider.Update(provider.WithObserver(ctx, obs), j.rec, j.addr)
			j.out = u.judge(j, err, start, obs)
			g.after(j.out.err, j.out.notBefore)
		}()
	}
	wg.Wait()
}

// updateBatch sends every due change in one call.
func (u *Updater) updateBatch(ctx context.Context, b provider.Batcher, due []*job) {
	changes := make([]provider.Change, len(due))
	for i, j := range due {
		changes[i] = provider.Change{Record: j.rec, Addr: j.addr}
	}
	obs := &provider.Observer{}
	start := u.now()
	errs := b.UpdateBatch(provider.WithObserver(ctx, obs), changes)
	if len(errs) != len(due) {
		bad := fmt.Errorf("%w: batch returned %d results for %d changes", provider.ErrBadResponse, len(errs), len(due))
		errs = make([]error, len(due))
		for i := range errs {
			errs[i] = bad
		}
	}
	for i, j := range due {
		j.out = u.judge(j, errs[i], start, obs)
		j.out.batched = true
		if len(due) > 1 && j.out.action == Created {
			j.out.action = Updated // the observer cannot tell which change created a record
		}
	}
}

// judge turns the provider's answer to a call that began at start into
// j's outcome.
func (u *Updater) judge(j *job, err error, start time.Time, obs *provider.Observer) *outcome {
	end := u.now()
	o := &outcome{action: Updated, attempted: true, duration: end.Sub(start), requests: obs.Requests()}
	if err == nil {
		if obs.Created() {
			o.action = Created
		}
		return o
	}
	o.err = u.context(j, err)
	if o.scope = classify(err); o.scope != temporary {
		o.action = Refused
		return o
	}
	o.action = Failed
	failures := j.prev.Failures + 1
	var rl *provider.RateLimitError
	if errors.As(err, &rl) {
		o.notBefore = end.Add(rateLimitWait(rl.RetryAfter, failures))
	} else if wait := failureBackoff(failures); wait > 0 {
		o.notBefore = end.Add(wait)
	}
	return o
}

// context prefixes err with the provider and record, as the provider
// contract asks of the caller. Providers written before that contract
// add the prefix themselves; it is not repeated.
func (u *Updater) context(j *job, err error) error {
	prefix := u.Settings.Provider + ": update " + j.rec.FQDN()
	if strings.HasPrefix(err.Error(), prefix+":") {
		return err
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

func (u *Updater) logResult(j *job) {
	log := u.Log.With().Str("record", j.rec.FQDN()).Str("provider", u.Settings.Provider).
		Str("old_ip", addrOrNone(j)).Str("ip", j.addr.String()).Logger()
	switch j.out.action {
	case Updated, Created:
		log.Info().Int("requests", j.out.requests).Dur("duration", j.out.duration).
			Msg(string(j.out.action) + " from " + addrOrNone(j) + " to " + j.addr.String())
	default:
		log.Debug().Err(j.out.err).Str("action", string(j.out.action)).Msg("update failed")
	}
}

// record is j's state record after this run.
func (u *Updater) record(j *job, now time.Time) state.Record {
	r, o := j.prev, j.out
	r.Provider, r.FQDN, r.Family = u.Settings.Provider, j.rec.FQDN(), j.fam
	r.NotBefore, r.WaitFor, r.RefusedFor, r.RefusedIP, r.Error = time.Time{}, "", "", netip.Addr{}, ""
	if o.attempted || o.action == Unchanged {
		r.LastAttempt = now
	}
	if o.err != nil {
		r.Error = provider.OneLine(o.err.Error())
	}
	if !o.notBefore.IsZero() {
		r.NotBefore, r.WaitFor = o.notBefore, j.fp
	}
	switch o.action {
	case Unchanged:
		r.Outcome, r.Failures = state.Unchanged, 0
	case Updated, Created:
		r.IP, r.PublishedAt, r.Outcome, r.Failures = j.addr, now, state.Updated, 0
	case Refused:
		r.Outcome, r.RefusedFor = state.Refused, refusalKey(j.fp)
		if o.scope == forAddress {
			r.RefusedIP = j.addr
		}
	default: // Failed, or SkippedBackoff by another record's rate limit
		r.Outcome = state.Failed
		if o.attempted {
			r.Failures++
		}
	}
	return r
}

// entry is j's line in the report.
func (j *job) entry() Entry {
	o := j.out
	e := Entry{Record: j.rec.FQDN(), Family: j.fam, Action: o.action, Before: j.prev.IP, After: j.prev.IP,
		Detected: j.addr, NotBefore: o.notBefore, Duration: o.duration, Requests: o.requests,
		Batched: o.batched, Err: o.err}
	if o.action == Updated || o.action == Created {
		e.After = j.addr
	}
	if o.err != nil {
		e.Message = provider.OneLine(o.err.Error())
	}
	return e
}

func addrOrNone(j *job) string {
	if !j.prev.IP.IsValid() {
		return "none"
	}
	return j.prev.IP.String()
}
