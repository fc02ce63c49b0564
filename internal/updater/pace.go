package updater

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// gate admits provider calls in one run: spaced as the provider's Spacing
// and Burst ask, and none while a rate-limit pause or an account-wide
// refusal is in force. (Concurrency is bounded by the caller.) It is safe
// for concurrent use.
type gate struct {
	u       *Updater
	spacing time.Duration
	burst   int

	mu         sync.Mutex
	tat        time.Time // pacing: when the next call would be due with no burst left
	stop       error     // an account-wide refusal: no more calls
	pauseUntil time.Time // a rate limit: no call before this
	pauseErr   error
}

func newGate(u *Updater) *gate {
	return &gate{u: u, spacing: u.Settings.Spacing, burst: max(u.Settings.Burst, 1)}
}

// admit waits until j may call the provider and returns nil, or returns
// the outcome of a job that must not call it: refused after an account
// refusal, skipped under a long rate-limit pause, failed when ctx ends
// while waiting.
func (g *gate) admit(ctx context.Context, j *job) *outcome {
	for {
		stop, until, cause := g.state()
		if stop != nil {
			return &outcome{action: Refused, scope: forAccount,
				err: fmt.Errorf("%s: not attempted: %w", j.rec.FQDN(), stop)}
		}
		now := g.u.now()
		if until.After(now) {
			if !g.short(ctx, now, until) || g.u.wait(ctx, until) != nil {
				return &outcome{action: SkippedBackoff, notBefore: until, err: fmt.Errorf(
					"%s %s: not attempted: waiting until %s as the provider asked: %w",
					j.rec.FQDN(), j.fam.RecordType(), until.UTC().Format(time.RFC3339), cause)}
			}
			continue
		}
		start := g.reserve(now)
		if start.After(now) {
			if err := g.u.wait(ctx, start); err != nil {
				return &outcome{action: Failed, err: fmt.Errorf("%s: not attempted: %w", j.rec.FQDN(), err)}
			}
			if _, until, _ := g.state(); until.After(g.u.now()) {
				continue // a rate limit arrived while this call waited for its slot
			}
		}
		return nil
	}
}

// short reports whether a pause until until is worth waiting for in this
// run: at most maxPause, and ending before the run's deadline.
func (g *gate) short(ctx context.Context, now, until time.Time) bool {
	if until.Sub(now) > maxPause {
		return false
	}
	deadline, ok := ctx.Deadline()
	return !ok || until.Before(deadline)
}

// reserve books the next call's slot and returns when it may start: the
// first Burst calls at once, then one per Spacing (a GCRA, the token
// bucket's exact equivalent, which books slots in order so that waiting
// callers never overtake each other's spacing).
func (g *gate) reserve(now time.Time) time.Time {
	if g.spacing <= 0 {
		return now
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.tat.Before(now) {
		g.tat = now
	}
	start := g.tat.Add(-time.Duration(g.burst-1) * g.spacing)
	if start.Before(now) {
		start = now
	}
	g.tat = g.tat.Add(g.spacing)
	return start
}

// after records what a call's error means for the calls not yet made.
func (g *gate) after(err error, notBefore time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var rl *provider.RateLimitError
	switch {
	case classify(err) == forAccount && g.stop == nil:
		g.stop = err
	case errors.As(err, &rl) && notBefore.After(g.pauseUntil):
		g.pauseUntil, g.pauseErr = notBefore, err
	}
}

func (g *gate) state() (stop error, until time.Time, cause error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stop, g.pauseUntil, g.pauseErr
}

// wait blocks until the clock reads until or ctx ends.
func (u *Updater) wait(ctx context.Context, until time.Time) error {
	if u.Wait != nil {
		return u.Wait(ctx, until)
	}
	d := until.Sub(u.now())
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
