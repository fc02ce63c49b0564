// Package updater runs one pass of ddns: detect the public address of each
// wanted family, compare it with what the state says was published, update
// only the records that differ (or are due for a forced refresh), and save
// the outcome. It knows nothing of HTTP, files or settings syntax: those
// come in through the small interfaces below.
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
	FixedIP       netip.Addr // publish this instead of detecting; zero means detect
	ForceInterval time.Duration
	DryRun        bool
	Concurrency   int
	// Fingerprint identifies the settings a refusal depends on (credentials,
	// server, names), so a remembered refusal is lifted when the user edits
	// them. It must not reveal the secret.
	Fingerprint func(provider.Record) string
}

// Updater is one configured pass. All fields are required except Now,
// which defaults to time.Now.
type Updater struct {
	Settings Settings
	Provider provider.Provider
	Detector Detector
	Store    Store
	Log      zerolog.Logger
	Now      func() time.Time
}

// Errors that classify a pass as a whole; Run wraps the records' own errors
// with one of these so the caller can pick an exit code with errors.Is.
var (
	ErrRefused   = errors.New("refused by the provider")
	ErrTemporary = errors.New("temporary failure")
)

// Run performs one pass. It returns nil when every record is published (or
// was already), an error wrapping ErrRefused when the provider permanently
// refused at least one record (now or in an earlier run with the same
// settings), and an error wrapping ErrTemporary otherwise.
func (u *Updater) Run(ctx context.Context) error {
	now := u.now()
	file, err := u.Store.Load()
	if errors.Is(err, state.ErrCorrupt) {
		u.Log.Warn().Err(err).Msg("state file unusable; every record will be published again")
	} else if err != nil {
		return fmt.Errorf("%w: %w", ErrTemporary, err)
	}
	if file.Records == nil {
		file.Records = map[string]state.Record{}
	}
	p := u.plan(file, now)
	if len(p.todo) > 0 {
		if err := u.detectAll(ctx, p); err != nil {
			p.temporary = append(p.temporary, err)
		}
	}
	u.publish(ctx, p, file, now)
	if !u.Settings.DryRun && p.changedState {
		if err := u.Store.Save(file); err != nil {
			p.temporary = append(p.temporary, fmt.Errorf("save state: %w", err))
		}
	}
	return p.verdict()
}

func (u *Updater) now() time.Time {
	if u.Now == nil {
		return time.Now()
	}
	return u.Now()
}
