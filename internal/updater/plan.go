package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// job is one record in one address family.
type job struct {
	rec  provider.Record
	fam  family.Family
	key  string
	fp   string
	prev state.Record
	addr netip.Addr // detected address; zero until detection succeeds
}

// pass collects what one run decided and what went wrong.
type pass struct {
	todo         []*job
	refused      []error
	temporary    []error
	changedState bool
}

// plan splits the records into those a remembered refusal or a rate-limit
// wait excludes from this run and those that need the current address.
func (u *Updater) plan(file state.File, now time.Time) *pass {
	p := &pass{}
	for _, rec := range u.Settings.Records {
		for _, fam := range u.Settings.Families {
			j := &job{rec: rec, fam: fam, key: state.Key(u.Settings.Provider, rec.FQDN(), fam)}
			j.prev = file.Records[j.key]
			if u.Settings.Fingerprint != nil {
				j.fp = u.Settings.Fingerprint(rec)
			}
			switch {
			case j.prev.Outcome == state.Refused && j.prev.RefusedFor == j.fp:
				u.Log.Warn().Str("record", rec.FQDN()).Str("family", fam.String()).
					Msg("provider refused this record earlier with the same settings; not contacting it again")
				p.refused = append(p.refused, fmt.Errorf("%s %s: %s (remembered since %s; edit the settings to retry)",
					rec.FQDN(), fam.RecordType(), j.prev.Error, j.prev.LastAttempt.UTC().Format(time.RFC3339)))
			case j.prev.NotBefore.After(now):
				p.temporary = append(p.temporary, fmt.Errorf("%s %s: waiting until %s as the provider asked (%s)",
					rec.FQDN(), fam.RecordType(), j.prev.NotBefore.UTC().Format(time.RFC3339), j.prev.Error))
			default:
				p.todo = append(p.todo, j)
			}
		}
	}
	return p
}

// detectAll finds one address per family still needed and hands it to the
// jobs of that family. A family whose detection fails leaves its jobs
// without an address; publish skips them.
func (u *Updater) detectAll(ctx context.Context, p *pass) error {
	var errs []error
	seen := map[family.Family]bool{}
	for _, j := range p.todo {
		if seen[j.fam] {
			continue
		}
		seen[j.fam] = true
		addr, err := u.detect(ctx, j.fam)
		if err != nil {
			errs = append(errs, fmt.Errorf("detect %s address: %w", j.fam, err))
			continue
		}
		for _, k := range p.todo {
			if k.fam == j.fam {
				k.addr = addr
			}
		}
	}
	return errors.Join(errs...)
}

func (u *Updater) detect(ctx context.Context, fam family.Family) (netip.Addr, error) {
	if fixed := u.Settings.FixedIP; fixed.IsValid() {
		if (fam == family.V4) != fixed.Is4() {
			return netip.Addr{}, fmt.Errorf("fixed address %s is not %s", fixed, fam)
		}
		u.Log.Info().Str("ip", fixed.String()).Str("source", "DDNS_IP").Msg("using fixed address")
		return fixed, nil
	}
	addr, source, err := u.Detector.Detect(ctx, fam)
	if err != nil {
		return netip.Addr{}, err
	}
	u.Log.Info().Str("ip", addr.String()).Str("source", source).Str("family", fam.String()).Msg("detected public address")
	return addr, nil
}

// verdict turns the collected errors into the pass's result: a refusal
// outranks a temporary failure because only the user can fix it.
func (p *pass) verdict() error {
	all := append(append([]error{}, p.refused...), p.temporary...)
	switch {
	case len(p.refused) > 0:
		return fmt.Errorf("%w: %w", ErrRefused, errors.Join(all...))
	case len(p.temporary) > 0:
		return fmt.Errorf("%w: %w", ErrTemporary, errors.Join(all...))
	}
	return nil
}
