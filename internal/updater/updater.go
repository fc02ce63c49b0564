package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/rs/zerolog"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// Detector finds the public address of one family and names its source.
type Detector interface {
	Detect(ctx context.Context, f family.Family) (netip.Addr, string, error)
}

// Store loads and atomically saves the state file.
type Store interface {
	Load() (state.File, error)
	Save(state.File) error
}

// Settings is the part of the configuration one pass needs.
type Settings struct {
	Provider      string // provider name, part of every state key
	Records       []provider.Record
	Families      []family.Family
	ForceInterval time.Duration
	DryRun        bool
	// Concurrency, Spacing and Burst are the provider's Factory values:
	// at most Concurrency calls at once (at least 1), and after Burst
	// calls at most one per Spacing (zero: no spacing).
	Concurrency int
	Spacing     time.Duration
	Burst       int
	// Fingerprint identifies the settings a refusal or a wait depends on
	// (credentials, server, names), so either is lifted when the user
	// edits them. It must not reveal the secret.
	Fingerprint func(provider.Record) string
}

// Updater is one configured pass. All fields are required except Now and
// Wait, which default to the real clock.
type Updater struct {
	Settings Settings
	Provider provider.Provider
	Detector Detector
	Store    Store
	Log      zerolog.Logger
	Now      func() time.Time
	// Wait blocks until Now reads until, or ctx ends (returning its error).
	Wait func(ctx context.Context, until time.Time) error
}

// Errors that classify a pass as a whole; Report.Err wraps the records'
// own errors with one of these so the caller can pick an exit code with
// errors.Is.
var (
	ErrRefused   = errors.New("refused by the provider")
	ErrTemporary = errors.New("temporary failure")
)

// Run performs one pass and reports on every record and family. The error
// is the report's Err: nil when every record is published (or was
// already), wrapping ErrRefused when the provider refused at least one
// record (now or, remembered, earlier), ErrTemporary otherwise.
func (u *Updater) Run(ctx context.Context) (Report, error) {
	now := u.now()
	rep := Report{Started: now}
	file, err := u.Store.Load()
	if errors.Is(err, state.ErrCorrupt) {
		u.Log.Warn().Err(err).Msg("state file unusable; every record will be published again")
	} else if err != nil {
		rep.Problems = append(rep.Problems, err)
		return rep, rep.Err()
	}
	if file.Records == nil {
		file.Records = map[string]state.Record{}
	}
	p := u.plan(file, now)
	u.detectAll(ctx, p)
	u.publish(ctx, p, file, now)
	if !u.Settings.DryRun && p.changedState {
		if err := u.Store.Save(file); err != nil {
			rep.Problems = append(rep.Problems, fmt.Errorf("save state: %w", err))
		}
	}
	for _, j := range p.jobs {
		rep.Entries = append(rep.Entries, j.entry())
	}
	rep.Duration = u.now().Sub(now)
	return rep, rep.Err()
}

func (u *Updater) now() time.Time {
	if u.Now == nil {
		return time.Now()
	}
	return u.Now()
}
