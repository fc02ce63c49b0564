package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want scope
	}{
		{name: "auth", err: fmt.Errorf("x: %w: Passwords do not match", provider.ErrAuth), want: forAccount},
		{name: "blocked", err: fmt.Errorf("x: %w: abuse", provider.ErrBlocked), want: forAccount},
		{name: "not found", err: fmt.Errorf("x: %w", provider.ErrNotFound), want: forRecord},
		{name: "invalid ip", err: fmt.Errorf("x: %w: Invalid IP", provider.ErrRefused), want: forAddress},
		{name: "unrecognised text", err: errors.New("x: the moon is in the wrong phase"), want: temporary},
		{name: "bad response", err: fmt.Errorf("x: %w", provider.ErrBadResponse), want: temporary},
		{name: "unavailable", err: fmt.Errorf("x: %w", provider.ErrUnavailable), want: temporary},
		{name: "rate limit", err: &provider.RateLimitError{}, want: temporary},
		{name: "deadline", err: context.DeadlineExceeded, want: temporary},
	}
	for _, tc := range tests {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: classify(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestAddressRefusalIsRememberedForThatAddressOnly(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(_ context.Context, _ provider.Record, addr netip.Addr) error {
		if addr == addrA {
			return fmt.Errorf("fake: %w: Invalid IP", provider.ErrRefused)
		}
		return nil
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, want ErrRefused", err)
	}
	if r := e.rec("home", 4); r.RefusedIP != addrA || r.RefusedFor != refusalKey("fp1") {
		t.Errorf("state %+v: want refused_ip %v", r, addrA)
	}
	// Same address, same settings: remembered, not sent.
	e.clock.set(t0.Add(5 * time.Minute))
	if err := e.run(context.Background()); !errors.Is(err, ErrRefused) || e.p.count() != 1 {
		t.Errorf("same address: err %v, calls %d; want ErrRefused and no new call", err, e.p.count())
	}
	if got := actions(e.last); !slices.Equal(got, []Action{SkippedRefusal}) {
		t.Errorf("actions %v", got)
	}
	// A new address is tried.
	e.d.addrs[family.V4] = addrB
	if err := e.run(context.Background()); err != nil || e.p.count() != 2 || e.rec("home", 4).IP != addrB {
		t.Errorf("new address: err %v, calls %d, state %+v", err, e.p.count(), e.rec("home", 4))
	}
	if r := e.rec("home", 4); r.RefusedIP.IsValid() || r.RefusedFor != "" || r.Outcome != state.Updated {
		t.Errorf("a success must clear the refusal: %+v", r)
	}
}

func TestUnrecognisedErrorIsTemporary(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return errors.New("fake: something nobody has seen before")
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, want ErrTemporary only", err)
	}
	if r := e.rec("home", 4); r.Outcome != state.Failed || r.RefusedFor != "" {
		t.Errorf("state %+v", r)
	}
	e.clock.set(t0.Add(5 * time.Minute))
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != 2 {
		t.Errorf("next run: err %v, calls %d; want a retry", err, e.p.count())
	}
}

func TestBlockedAccountStopsTheRun(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c")
	e.u.Settings.Concurrency = 1
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return fmt.Errorf("fake: %w: abuse", provider.ErrBlocked)
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrRefused) || e.p.count() != 1 {
		t.Fatalf("err %v, calls %d", err, e.p.count())
	}
	detects := e.d.calls
	e.d.addrs[family.V4] = addrB // even a new address does not lift it
	if err := e.run(context.Background()); !errors.Is(err, ErrRefused) || e.p.count() != 1 || e.d.calls != detects {
		t.Errorf("remembered: err %v, calls %d, detections %d", err, e.p.count(), e.d.calls-detects)
	}
}

func TestRefusalFromAnOlderVersionIsTriedOnce(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	key := state.Key("fake", "home.example.com", family.V4)
	e.s.file.Records = map[string]state.Record{key: {Outcome: state.Refused, RefusedFor: "fp1",
		Error: "fake: request refused: Invalid IP"}}
	if err := e.run(context.Background()); err != nil || e.p.count() != 1 {
		t.Errorf("err %v, calls %d; want the old refusal retried", err, e.p.count())
	}
}

func TestWaitIsTiedToTheSettings(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return &provider.RateLimitError{RetryAfter: 2 * time.Hour}
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) {
		t.Fatal(err)
	}
	e.p.fn = nil
	e.clock.set(t0.Add(time.Hour))
	e.u.Settings.Fingerprint = func(provider.Record) string { return "fp2" } // a new password
	if err := e.run(context.Background()); err != nil || e.p.count() != 2 {
		t.Errorf("new settings: err %v, calls %d; want the wait lifted", err, e.p.count())
	}
}

func TestRetryAfterIsCapped(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return &provider.RateLimitError{RetryAfter: 400 * 24 * time.Hour}
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) {
		t.Fatal(err)
	}
	if got, want := e.rec("home", 4).NotBefore, t0.Add(6*time.Hour); !got.Equal(want) {
		t.Errorf("NotBefore = %v, want the 6 h cap %v", got, want)
	}
	if got := e.last.Entries[0].NotBefore; !got.Equal(t0.Add(6 * time.Hour)) {
		t.Errorf("report NotBefore = %v", got)
	}
}

func TestStoredWaitBeyondTheCapIsClampedOnRead(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	key := state.Key("fake", "home.example.com", family.V4)
	e.s.file.Records = map[string]state.Record{key: {Outcome: state.Failed, WaitFor: "fp1",
		NotBefore: t0.AddDate(10, 0, 0), Error: "rate limited"}}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != 0 {
		t.Fatalf("err %v, calls %d; want the (clamped) wait honoured", err, e.p.count())
	}
	if got := e.rec("home", 4).NotBefore; !got.Equal(t0.Add(maxWait)) {
		t.Errorf("saved NotBefore = %v, want %v", got, t0.Add(maxWait))
	}
	e.clock.set(t0.Add(maxWait + time.Minute))
	if err := e.run(context.Background()); err != nil || e.p.count() != 1 {
		t.Errorf("after the cap: err %v, calls %d", err, e.p.count())
	}
}

func TestRepeatedFailuresBackOff(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return fmt.Errorf("fake: %w: 502", provider.ErrUnavailable)
	}
	at := t0
	for i := 1; i <= backoffAfter; i++ {
		e.clock.set(at)
		if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != i {
			t.Fatalf("run %d: err %v, calls %d", i, err, e.p.count())
		}
		at = at.Add(5 * time.Minute)
	}
	last := at.Add(-5 * time.Minute)
	if got := e.rec("home", 4).NotBefore; !got.Equal(last.Add(10 * time.Minute)) {
		t.Fatalf("after %d failures NotBefore = %v, want %v", backoffAfter, got, last.Add(10*time.Minute))
	}
	e.clock.set(last.Add(5 * time.Minute))
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || e.p.count() != backoffAfter {
		t.Errorf("inside the backoff: err %v, calls %d", err, e.p.count())
	}
	if got := actions(e.last); !slices.Equal(got, []Action{SkippedBackoff}) {
		t.Errorf("actions %v", got)
	}
}

func TestWaits(t *testing.T) {
	t.Parallel()
	backoff := []time.Duration{0, 0, 0, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour}
	for n, want := range backoff {
		if got := failureBackoff(n); got != want {
			t.Errorf("failureBackoff(%d) = %v, want %v", n, got, want)
		}
	}
	rate := []struct {
		asked    time.Duration
		failures int
		want     time.Duration
	}{
		{asked: time.Minute, failures: 1, want: time.Minute},
		{asked: 1000 * time.Hour, failures: 1, want: maxWait},
		{failures: 1, want: 5 * time.Minute},
		{failures: 3, want: 20 * time.Minute},
		{failures: 30, want: maxWait},
	}
	for _, tc := range rate {
		if got := rateLimitWait(tc.asked, tc.failures); got != tc.want {
			t.Errorf("rateLimitWait(%v, %d) = %v, want %v", tc.asked, tc.failures, got, tc.want)
		}
	}
}

func TestPublicationTimeInTheFutureMakesTheRefreshDue(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	key := state.Key("fake", "home.example.com", family.V4)
	e.s.file.Records = map[string]state.Record{key: {Outcome: state.Updated, IP: addrA,
		PublishedAt: t0.AddDate(20, 0, 0)}}
	if err := e.run(context.Background()); err != nil || e.p.count() != 1 {
		t.Errorf("err %v, calls %d; want a refresh", err, e.p.count())
	}
}
