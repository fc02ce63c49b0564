package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

var (
	t0    = time.Date(2026, 11, 22, 5, 0, 0, 0, time.UTC)
	addrA = netip.MustParseAddr("203.0.113.7")
	addrB = netip.MustParseAddr("203.0.113.8")
	addr6 = netip.MustParseAddr("2001:db8::7")
)

// env is one updater wired to fakes, with a log buffer.
type env struct {
	u     *Updater
	clock *fakeClock
	p     *fakeProvider
	d     *fakeDetector
	s     *memStore
	log   *syncBuilder

	last    Report // of the latest run
	lastErr error
}

// syncBuilder is a strings.Builder safe for the concurrent log lines of
// parallel updates.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(hosts ...string) *env {
	e := &env{p: &fakeProvider{}, d: &fakeDetector{addrs: map[family.Family]netip.Addr{family.V4: addrA, family.V6: addr6}},
		s: &memStore{}, log: &syncBuilder{}, clock: &fakeClock{t: t0}}
	var recs []provider.Record
	for _, h := range hosts {
		recs = append(recs, provider.Record{Domain: "example.com", Host: h})
	}
	e.u = &Updater{
		Settings: Settings{Provider: "fake", Records: recs, Families: []family.Family{family.V4},
			ForceInterval: 720 * time.Hour, Concurrency: 2,
			Fingerprint: func(provider.Record) string { return "fp1" }},
		Provider: e.p, Detector: e.d, Store: e.s,
		Log: zerolog.New(e.log), Now: e.clock.Now, Wait: e.clock.Wait,
	}
	return e
}

// run is one Run; its report must agree with its error.
func (e *env) run(ctx context.Context) error {
	e.last, e.lastErr = e.u.Run(ctx)
	if got := e.last.Err(); (got == nil) != (e.lastErr == nil) || (got != nil && got.Error() != e.lastErr.Error()) {
		panic(fmt.Sprintf("Run's error %v is not its report's %v", e.lastErr, got))
	}
	return e.lastErr
}

func (e *env) rec(host string, fam int) state.Record {
	fqdn := host + ".example.com"
	return e.s.file.Records[state.Key("fake", fqdn, family.Family(fam))]
}

func TestFirstRunPublishesEveryRecordAndFamily(t *testing.T) {
	t.Parallel()
	e := newEnv("home", "www")
	e.u.Settings.Families = []family.Family{family.V4, family.V6}
	if err := e.run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := e.p.count(); got != 4 {
		t.Fatalf("provider calls = %d (%v), want 4", got, e.p.calls)
	}
	if e.d.calls != 2 {
		t.Errorf("detector calls = %d, want one per family", e.d.calls)
	}
	r := e.rec("www", 6)
	if r.IP != addr6 || r.Outcome != state.Updated || !r.PublishedAt.Equal(t0) {
		t.Errorf("state for www AAAA = %+v", r)
	}
	if !strings.Contains(e.log.String(), "updated from none to 203.0.113.7") {
		t.Errorf("log lacks the from/to line:\n%s", e.log)
	}
}

func TestUnchangedRunSendsNothingAndWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.clock.set(t0.Add(5 * time.Minute))
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.p.count() != 1 || e.s.saves != 1 {
		t.Errorf("after an unchanged run: provider calls %d, saves %d; want 1 and 1", e.p.count(), e.s.saves)
	}
}

func TestChangeAndForcedRefresh(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		later     time.Duration
		newAddr   netip.Addr
		wantCalls int
		wantLog   string
	}{
		{name: "address changed", later: time.Hour, newAddr: addrB, wantCalls: 2, wantLog: "updated from 203.0.113.7 to 203.0.113.8"},
		{name: "same address, refresh due", later: 721 * time.Hour, newAddr: addrA, wantCalls: 2, wantLog: "updated from 203.0.113.7 to 203.0.113.7"},
		{name: "same address, refresh not due", later: 719 * time.Hour, newAddr: addrA, wantCalls: 1, wantLog: "unchanged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv("home")
			if err := e.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.d.addrs[family.V4] = tc.newAddr
			e.clock.set(t0.Add(tc.later))
			if err := e.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if e.p.count() != tc.wantCalls {
				t.Errorf("provider calls = %d, want %d", e.p.count(), tc.wantCalls)
			}
			if !strings.Contains(e.log.String(), tc.wantLog) {
				t.Errorf("log lacks %q:\n%s", tc.wantLog, e.log)
			}
			if got := e.rec("home", 4).IP; got != tc.newAddr {
				t.Errorf("state IP = %v, want %v", got, tc.newAddr)
			}
		})
	}
}

func TestAuthRefusalStopsTheRunAndIsRemembered(t *testing.T) {
	t.Parallel()
	e := newEnv("a", "b", "c", "d", "e", "f")
	e.u.Settings.Concurrency = 1
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return fmt.Errorf("fake: %w: bad key", provider.ErrAuth)
	}
	err := e.run(context.Background())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("Run error = %v, want ErrRefused", err)
	}
	if e.p.count() != 1 {
		t.Errorf("provider calls after an auth refusal = %d, want 1", e.p.count())
	}
	if r := e.rec("f", 4); r.Outcome != state.Refused || r.RefusedFor != refusalKey("fp1") || r.RefusedIP.IsValid() {
		t.Errorf("record not attempted should be remembered as refused: %+v", r)
	}
	// Same settings: no detection, no request, same verdict.
	detects := e.d.calls
	err = e.run(context.Background())
	if !errors.Is(err, ErrRefused) || e.p.count() != 1 || e.d.calls != detects {
		t.Errorf("remembered refusal: err %v, calls %d, detects %d", err, e.p.count(), e.d.calls-detects)
	}
	if !strings.Contains(err.Error(), "bad key") {
		t.Errorf("remembered refusal should repeat the reason: %v", err)
	}
	// New settings lift it.
	e.p.fn = nil
	e.u.Settings.Fingerprint = func(provider.Record) string { return "fp2" }
	if err := e.run(context.Background()); err != nil || e.p.count() != 7 {
		t.Errorf("after a settings change: err %v, calls %d, want nil and 7", err, e.p.count())
	}
}

func TestNotFoundRefusesOnlyThatRecord(t *testing.T) {
	t.Parallel()
	e := newEnv("home", "gone")
	e.p.fn = func(_ context.Context, rec provider.Record, _ netip.Addr) error {
		if rec.Host == "gone" {
			return fmt.Errorf("fake: %w", provider.ErrNotFound)
		}
		return nil
	}
	err := e.run(context.Background())
	if !errors.Is(err, ErrRefused) || e.rec("home", 4).Outcome != state.Updated {
		t.Errorf("err %v, home %+v", err, e.rec("home", 4))
	}
}

func TestTemporaryFailureIsRetriedNextRun(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return fmt.Errorf("fake: %w: 502", provider.ErrUnavailable)
	}
	err := e.run(context.Background())
	if !errors.Is(err, ErrTemporary) || errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v, want ErrTemporary only", err)
	}
	r := e.rec("home", 4)
	if r.Outcome != state.Failed || r.Failures != 1 || r.IP.IsValid() {
		t.Errorf("state after failure = %+v", r)
	}
	e.p.fn = nil
	if err := e.run(context.Background()); err != nil || e.p.count() != 2 {
		t.Errorf("retry: err %v, calls %d", err, e.p.count())
	}
}

func TestRateLimitWaitSurvivesRuns(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return &provider.RateLimitError{RetryAfter: 10 * time.Minute, Msg: "slow down"}
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) || errors.Is(err, ErrRefused) {
		t.Fatalf("rate-limited run: err %v, want ErrTemporary only", err)
	}
	if got := e.rec("home", 4).NotBefore; !got.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("NotBefore = %v", got)
	}
	e.clock.set(t0.Add(5 * time.Minute))
	err := e.run(context.Background())
	if !errors.Is(err, ErrTemporary) || e.p.count() != 1 {
		t.Errorf("inside the wait: err %v, calls %d, want temporary and no new call", err, e.p.count())
	}
	e.p.fn = nil
	e.clock.set(t0.Add(11 * time.Minute))
	if err := e.run(context.Background()); err != nil || e.p.count() != 2 {
		t.Errorf("after the wait: err %v, calls %d", err, e.p.count())
	}
}

func TestDetectionFailureContactsNoProvider(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.d.err = errors.New("every source failed")
	err := e.run(context.Background())
	if !errors.Is(err, ErrTemporary) || e.p.count() != 0 || e.s.saves != 0 {
		t.Errorf("err %v, calls %d, saves %d", err, e.p.count(), e.s.saves)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.u.Settings.DryRun = true
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.p.count() != 0 || e.s.saves != 0 || !strings.Contains(e.log.String(), "would update") {
		t.Errorf("dry run: calls %d, saves %d, log:\n%s", e.p.count(), e.s.saves, e.log)
	}
}

func TestCorruptStateRepublishes(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.s.loadErr = fmt.Errorf("parse: %w", state.ErrCorrupt)
	if err := e.run(context.Background()); err != nil || e.p.count() != 1 {
		t.Errorf("err %v, calls %d", err, e.p.count())
	}
	if !strings.Contains(e.log.String(), "state file unusable") {
		t.Errorf("no warning about the state file:\n%s", e.log)
	}
}

func TestUnreadableStateIsAnError(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.s.loadErr = fmt.Errorf("open: %w", state.ErrUnreadable)
	if err := e.run(context.Background()); !errors.Is(err, state.ErrUnreadable) || e.p.count() != 0 {
		t.Errorf("err %v, calls %d", err, e.p.count())
	}
}
