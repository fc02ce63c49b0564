package updater

import (
	"context"
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
	out  *outcome   // nil until decided
}

// pass is one run's jobs, in the order of the settings.
type pass struct {
	jobs         []*job
	changedState bool
}

// plan builds the jobs and decides those that a remembered refusal of the
// settings or a wait excludes before any address is detected.
func (u *Updater) plan(file state.File, now time.Time) *pass {
	p := &pass{}
	for _, rec := range u.Settings.Records {
		for _, fam := range u.Settings.Families {
			j := &job{rec: rec, fam: fam, key: state.Key(u.Settings.Provider, rec.FQDN(), fam)}
			j.prev = file.Records[j.key]
			if u.Settings.Fingerprint != nil {
				j.fp = u.Settings.Fingerprint(rec)
			}
			p.jobs = append(p.jobs, j)
			if u.clampWait(j, now) {
				file.Records[j.key] = j.prev
				p.changedState = true
			}
			switch {
			case j.refusedForSettings():
				u.Log.Warn().Str("record", rec.FQDN()).Str("family", fam.String()).
					Msg("provider refused this record earlier with the same settings; not contacting it again")
				j.out = &outcome{action: SkippedRefusal, err: fmt.Errorf(
					"%s %s: %s (remembered since %s; edit the settings to retry)",
					rec.FQDN(), fam.RecordType(), j.prev.Error, stamp(j.prev.LastAttempt))}
			case j.prev.NotBefore.After(now) && j.prev.WaitFor == j.fp:
				j.out = &outcome{action: SkippedBackoff, notBefore: j.prev.NotBefore, err: fmt.Errorf(
					"%s %s: not attempted before %s (last error: %s)",
					rec.FQDN(), fam.RecordType(), stamp(j.prev.NotBefore), j.prev.Error)}
			}
		}
	}
	return p
}

// clampWait cuts a stored wait that ends further away than maxWait, and
// reports whether it did. It runs before the wait is honoured and the cut
// value is saved, so a clock that was years ahead when the wait was
// written costs at most maxWait once.
func (u *Updater) clampWait(j *job, now time.Time) bool {
	limit := now.Add(maxWait)
	if !j.prev.NotBefore.After(limit) {
		return false
	}
	u.Log.Warn().Str("record", j.rec.FQDN()).Str("not_before", stamp(j.prev.NotBefore)).
		Msg("stored wait is beyond the " + maxWait.String() + " cap (was the clock wrong?); shortened")
	j.prev.NotBefore = limit
	return true
}

// refusedForSettings reports whether a refusal that applies whatever the
// address is remembered for the current settings.
func (j *job) refusedForSettings() bool {
	return j.prev.Outcome == state.Refused && j.prev.RefusedFor == refusalKey(j.fp) && !j.prev.RefusedIP.IsValid()
}

// refusedForAddress reports whether the refusal remembered for the
// current settings was of the address about to be sent.
func (j *job) refusedForAddress() bool {
	return j.prev.Outcome == state.Refused && j.prev.RefusedFor == refusalKey(j.fp) &&
		j.prev.RefusedIP.IsValid() && j.prev.RefusedIP == j.addr
}

// detectAll finds one address per family that an undecided job needs and
// hands it to the jobs of that family. A family whose detection fails
// decides its jobs as NoAddress.
func (u *Updater) detectAll(ctx context.Context, p *pass) {
	done := map[family.Family]bool{}
	for _, j := range p.jobs {
		if j.out != nil || done[j.fam] {
			continue
		}
		done[j.fam] = true
		addr, err := u.detect(ctx, j.fam)
		for _, k := range p.jobs {
			switch {
			case k.out != nil || k.fam != j.fam:
			case err != nil:
				k.out = &outcome{action: NoAddress, err: fmt.Errorf("detect %s address: %w", j.fam, err)}
			default:
				k.addr = addr
			}
		}
	}
}

func (u *Updater) detect(ctx context.Context, fam family.Family) (netip.Addr, error) {
	addr, source, err := u.Detector.Detect(ctx, fam)
	if err != nil {
		return netip.Addr{}, err
	}
	u.Log.Info().Str("ip", addr.String()).Str("source", source).Str("family", fam.String()).Msg("detected public address")
	return addr, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
