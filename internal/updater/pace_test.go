package updater

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// barrier lets calls through only once n are waiting in it at the same
// time: a run that serialises its calls never fills it, and its calls fail
// after the safety timeout instead of hanging the test.
type barrier struct {
	arrived chan struct{}
	open    chan struct{}
	expired <-chan struct{} // one safety deadline for all calls
}

func newBarrier(t *testing.T, n int) *barrier {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	b := &barrier{arrived: make(chan struct{}, 64), open: make(chan struct{}), expired: ctx.Done()}
	go func() {
		for range n {
			<-b.arrived
		}
		close(b.open)
	}()
	return b
}

func (b *barrier) wait() error {
	b.arrived <- struct{}{}
	select {
	case <-b.open:
		return nil
	case <-b.expired:
		return errors.New("barrier: fewer calls in flight than expected (updates serialised?)")
	}
}

func TestUpdatesRunInParallelUpToConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c", "d", "e", "f", "g", "h")
	e.u.Settings.Concurrency = 3
	b := newBarrier(t, 3)
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error { return b.wait() }
	if err := e.run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The barrier proves 3 calls were in flight at once; the bound, that
	// never more were.
	if e.p.count() != 8 || e.p.maxSeen != 3 {
		t.Errorf("calls %d, max in flight %d; want 8 and exactly the concurrency, 3", e.p.count(), e.p.maxSeen)
	}
}

func TestSpacingAndBurst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		burst int
		want  []time.Duration // each call's start after t0
	}{
		{name: "burst 2", burst: 2, want: []time.Duration{0, 0, time.Minute, 2 * time.Minute, 3 * time.Minute}},
		{name: "no burst", burst: 0, want: []time.Duration{0, time.Minute, 2 * time.Minute, 3 * time.Minute, 4 * time.Minute}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv("a", "b", "c", "d", "e")
			e.u.Settings.Concurrency, e.u.Settings.Spacing, e.u.Settings.Burst = 1, time.Minute, tc.burst
			var starts []time.Duration
			e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
				starts = append(starts, e.clock.Now().Sub(t0))
				return nil
			}
			if err := e.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(starts, tc.want) {
				t.Errorf("call starts after t0 = %v, want %v", starts, tc.want)
			}
		})
	}
}

func TestSpacingHoldsAcrossParallelCalls(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c", "d", "e")
	e.u.Settings.Concurrency, e.u.Settings.Spacing, e.u.Settings.Burst = 4, time.Minute, 1
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := e.clock.waited()
	slices.SortFunc(got, time.Time.Compare)
	want := []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute), t0.Add(3 * time.Minute), t0.Add(4 * time.Minute)}
	if !slices.Equal(got, want) {
		t.Errorf("waits = %v, want one slot per minute %v", got, want)
	}
}

func TestShortRateLimitPausesTheOtherCalls(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c")
	e.u.Settings.Concurrency = 1
	var starts []time.Duration
	e.p.fn = func(_ context.Context, rec provider.Record, _ netip.Addr) error {
		starts = append(starts, e.clock.Now().Sub(t0))
		if rec.Host == "a" {
			return &provider.RateLimitError{RetryAfter: 20 * time.Second, Msg: "slow down"}
		}
		return nil
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) {
		t.Fatalf("err %v, want ErrTemporary", err)
	}
	want := []time.Duration{0, 20 * time.Second, 20 * time.Second}
	if !slices.Equal(starts, want) {
		t.Errorf("call starts %v, want %v: b and c wait for a's rate limit", starts, want)
	}
	if got := actions(e.last); !slices.Equal(got, []Action{Failed, Updated, Updated}) {
		t.Errorf("actions %v", got)
	}
	if r := e.rec("a", 4); !r.NotBefore.Equal(t0.Add(20*time.Second)) || r.WaitFor != "fp1" {
		t.Errorf("a's state: %+v", r)
	}
}

func TestLongRateLimitSkipsTheOtherCalls(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c")
	e.u.Settings.Concurrency = 1
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return &provider.RateLimitError{RetryAfter: 2 * time.Hour, Msg: "slow down"}
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != 1 {
		t.Fatalf("err %v, calls %d; want ErrTemporary and only the first call", err, e.p.count())
	}
	until := t0.Add(2 * time.Hour)
	if got := actions(e.last); !slices.Equal(got, []Action{Failed, SkippedBackoff, SkippedBackoff}) {
		t.Errorf("actions %v", got)
	}
	for _, h := range []string{"a", "b", "c"} {
		if r := e.rec(h, 4); !r.NotBefore.Equal(until) || r.WaitFor != "fp1" || r.Outcome != state.Failed {
			t.Errorf("%s's state: %+v; want not_before %v", h, r, until)
		}
	}
	if e.rec("b", 4).Failures != 0 || !e.rec("b", 4).LastAttempt.IsZero() {
		t.Errorf("b was not attempted, yet its state counts an attempt: %+v", e.rec("b", 4))
	}
	if len(e.clock.waited()) != 0 {
		t.Errorf("a long pause must not be waited in place: waits %v", e.clock.waited())
	}
	// Within the wait, the next run contacts nobody; after it, everyone.
	e.p.fn = nil
	e.clock.set(t0.Add(time.Hour))
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != 1 {
		t.Errorf("inside the wait: err %v, calls %d", err, e.p.count())
	}
	e.clock.set(until.Add(time.Second))
	if err := e.run(context.Background()); err != nil || e.p.count() != 4 {
		t.Errorf("after the wait: err %v, calls %d, want nil and 4", err, e.p.count())
	}
}

func TestPauseEndsWithTheRunsContext(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b")
	e.u.Settings.Concurrency = 1
	ctx, cancel := context.WithCancel(context.Background())
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		cancel() // the run's deadline passes while b waits
		return &provider.RateLimitError{RetryAfter: 20 * time.Second}
	}
	if err := e.run(ctx); !errors.Is(err, ErrTemporary) || errors.Is(err, ErrRefused) {
		t.Errorf("err %v, want ErrTemporary only", err)
	}
	if e.p.count() != 1 {
		t.Errorf("calls %d, want 1: b must not be sent after the run ended", e.p.count())
	}
	if got := actions(e.last); !slices.Equal(got, []Action{Failed, SkippedBackoff}) {
		t.Errorf("actions %v", got)
	}
}

func actions(r Report) []Action {
	var out []Action
	for _, e := range r.Entries {
		out = append(out, e.Action)
	}
	return out
}
