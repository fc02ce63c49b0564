package updater

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// maxWait caps a provider's requested wait so a bogus Retry-After cannot
// silence ddns for days.
const maxWait = 6 * time.Hour

// publish decides per job whether the provider must be asked, asks with
// bounded concurrency, and writes every outcome into file.
func (u *Updater) publish(ctx context.Context, p *pass, file state.File, now time.Time) {
	var due []*job
	for _, j := range p.todo {
		if !j.addr.IsValid() {
			continue // detection failed; already reported
		}
		if u.unchanged(j, now) {
			u.Log.Info().Str("record", j.rec.FQDN()).Str("ip", j.addr.String()).Msg("unchanged; nothing to do")
			if j.prev.Outcome != state.Unchanged && j.prev.Outcome != state.Updated {
				// The last attempt failed but the address came back to the
				// published one: clear the stale error for `ddns status`.
				file.Records[j.key] = u.result(j, now, nil)
				p.changedState = true
			}
			continue
		}
		if u.Settings.DryRun {
			u.Log.Info().Str("record", j.rec.FQDN()).Str("old_ip", addrOrNone(j)).Str("ip", j.addr.String()).
				Msg("dry run: would update")
			continue
		}
		due = append(due, j)
	}
	errs := u.updateAll(ctx, due)
	for i, j := range due {
		file.Records[j.key] = u.result(j, now, errs[i])
		p.changedState = true
		switch {
		case errs[i] == nil:
		case provider.Permanent(errs[i]):
			p.refused = append(p.refused, errs[i])
		default:
			p.temporary = append(p.temporary, errs[i])
		}
	}
}

// unchanged reports whether the state already holds j's address and the
// forced refresh is not yet due.
func (u *Updater) unchanged(j *job, now time.Time) bool {
	if j.prev.IP != j.addr || j.prev.PublishedAt.IsZero() {
		return false
	}
	return u.Settings.ForceInterval <= 0 || now.Sub(j.prev.PublishedAt) < u.Settings.ForceInterval
}

// updateAll runs the updates, at most Concurrency at a time. After the
// provider rejects the credentials, the jobs not yet started are marked
// refused without another request: the same key would fail again.
func (u *Updater) updateAll(ctx context.Context, due []*job) []error {
	errs := make([]error, len(due))
	limit := max(u.Settings.Concurrency, 1)
	sem := make(chan struct{}, limit)
	var mu sync.Mutex
	var authErr error
	var wg sync.WaitGroup
	for i, j := range due {
		sem <- struct{}{}
		mu.Lock()
		stop := authErr
		mu.Unlock()
		if stop != nil {
			<-sem
			errs[i] = fmt.Errorf("%s: not attempted: %w", j.rec.FQDN(), stop)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = u.updateOne(ctx, j)
			if errors.Is(errs[i], provider.ErrAuth) {
				mu.Lock()
				authErr = errs[i]
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errs
}

func (u *Updater) updateOne(ctx context.Context, j *job) error {
	err := u.Provider.Update(ctx, j.rec, j.addr)
	log := u.Log.With().Str("record", j.rec.FQDN()).Str("provider", u.Settings.Provider).
		Str("old_ip", addrOrNone(j)).Str("ip", j.addr.String()).Logger()
	if err != nil {
		log.Debug().Err(err).Msg("update failed")
		return err
	}
	log.Info().Msg("updated from " + addrOrNone(j) + " to " + j.addr.String())
	return nil
}

// result is the state record after an attempt that ended with err.
func (u *Updater) result(j *job, now time.Time, err error) state.Record {
	r := j.prev
	r.Provider, r.FQDN, r.Family, r.LastAttempt = u.Settings.Provider, j.rec.FQDN(), j.fam, now
	r.NotBefore, r.RefusedFor, r.Error = time.Time{}, "", ""
	switch {
	case err == nil && j.prev.IP == j.addr && !j.prev.PublishedAt.IsZero() && u.unchanged(j, now):
		r.Outcome, r.Failures = state.Unchanged, 0
	case err == nil:
		r.IP, r.PublishedAt, r.Outcome, r.Failures = j.addr, now, state.Updated, 0
	case provider.Permanent(err):
		r.Outcome, r.Error, r.RefusedFor = state.Refused, provider.OneLine(err.Error()), j.fp
	default:
		r.Outcome, r.Error, r.Failures = state.Failed, provider.OneLine(err.Error()), j.prev.Failures+1
		var rl *provider.RateLimitError
		if errors.As(err, &rl) {
			r.NotBefore = now.Add(rateLimitWait(rl.RetryAfter, r.Failures))
		}
	}
	return r
}

// rateLimitWait is the provider's requested wait or, when it named none,
// an exponential backoff from 5 minutes (one timer period), capped.
func rateLimitWait(asked time.Duration, failures int) time.Duration {
	if asked > 0 {
		return min(asked, maxWait)
	}
	wait := 5 * time.Minute
	for i := 1; i < failures && wait < maxWait; i++ {
		wait *= 2
	}
	return min(wait, maxWait)
}

func addrOrNone(j *job) string {
	if !j.prev.IP.IsValid() {
		return "none"
	}
	return j.prev.IP.String()
}
