// Package providertest is the conformance suite every provider's tests run
// in one line against that provider's honest fake server, plus the failure
// injection (Faults) those fakes share.
//
//	func TestConformance(t *testing.T) { providertest.Run(t, harness) }
package providertest

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Harness describes one provider and its fake to the suite.
type Harness struct {
	// Start serves a fresh fake (closed by t.Cleanup) and returns providers
	// pointing at it. Each case calls it once.
	Start func(t *testing.T) Env
	// Records exist at the fake and can be updated; at least two, distinct.
	Records []provider.Record
	// Missing names a record the service refuses as unknown.
	Missing provider.Record
	// Secrets are the passwords used by Env.Good and Env.Wrong; none may
	// appear in any error text, raw or escaped.
	Secrets []string
	// IPv6 is true when the provider publishes AAAA records.
	IPv6 bool
}

// Env is one fresh fake with providers configured for it.
type Env struct {
	Good  provider.Provider // right password
	Wrong provider.Provider // same server, wrong password
	// Published returns every address the fake serves for rec, A and AAAA.
	Published func(rec provider.Record) []netip.Addr
	Faults    *Faults
}

var (
	v4a = netip.MustParseAddr("203.0.113.7")
	v4b = netip.MustParseAddr("203.0.113.8")
	v6a = netip.MustParseAddr("2001:db8::7")
)

// Run runs every conformance case as a parallel subtest.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if len(h.Records) < 2 {
		t.Fatal("providertest: Harness.Records needs at least two records")
	}
	if len(h.Secrets) == 0 {
		t.Fatal("providertest: Harness.Secrets is empty, so the leak check would check nothing")
	}
	cases := []struct {
		name string
		skip bool
		run  func(t *testing.T, h Harness, env Env)
	}{
		{name: "first update publishes", run: firstUpdate},
		{name: "same update again succeeds", run: idempotent},
		{name: "change publishes new value", run: change},
		{name: "ipv6 publishes beside ipv4", skip: !h.IPv6, run: ipv6},
		{name: "wrong password is permanent auth error", run: wrongPassword},
		{name: "unknown host is permanent", run: unknownHost},
		{name: "server error is temporary", run: serverError},
		{name: "hanging server honours deadline", run: hanging},
		{name: "concurrent updates all land", run: concurrent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.skip {
				t.Skip("not supported by this provider")
			}
			tc.run(t, h, h.Start(t))
		})
	}
}

func update(t *testing.T, p provider.Provider, rec provider.Record, addr netip.Addr) {
	t.Helper()
	if err := p.Update(context.Background(), rec, addr); err != nil {
		t.Fatalf("Update(%s, %s) = %v", rec, addr, err)
	}
}

func wantPublished(t *testing.T, env Env, rec provider.Record, want ...netip.Addr) {
	t.Helper()
	got := env.Published(rec)
	slices.SortFunc(got, netip.Addr.Compare)
	slices.SortFunc(want, netip.Addr.Compare)
	if !slices.Equal(got, want) {
		t.Errorf("published for %s = %v, want %v", rec, got, want)
	}
}

// wantError checks the sentinel, permanence and that no secret leaked.
func wantError(t *testing.T, h Harness, err, sentinel error, permanent bool) {
	t.Helper()
	if err == nil {
		t.Fatal("Update succeeded, want an error")
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if provider.Permanent(err) != permanent {
		t.Errorf("Permanent(%q) = %v, want %v", err, !permanent, permanent)
	}
	text := err.Error()
	for _, s := range h.Secrets {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if form != "" && strings.Contains(text, form) {
				t.Errorf("error text leaks a secret: %q", text)
			}
		}
	}
}

func firstUpdate(t *testing.T, h Harness, env Env) {
	update(t, env.Good, h.Records[0], v4a)
	wantPublished(t, env, h.Records[0], v4a)
}

func idempotent(t *testing.T, h Harness, env Env) {
	update(t, env.Good, h.Records[0], v4a)
	update(t, env.Good, h.Records[0], v4a)
	wantPublished(t, env, h.Records[0], v4a)
}

func change(t *testing.T, h Harness, env Env) {
	update(t, env.Good, h.Records[0], v4a)
	update(t, env.Good, h.Records[0], v4b)
	wantPublished(t, env, h.Records[0], v4b)
}

func ipv6(t *testing.T, h Harness, env Env) {
	update(t, env.Good, h.Records[0], v4a)
	update(t, env.Good, h.Records[0], v6a)
	update(t, env.Good, h.Records[0], v6a)
	wantPublished(t, env, h.Records[0], v4a, v6a)
}

func wrongPassword(t *testing.T, h Harness, env Env) {
	err := env.Wrong.Update(context.Background(), h.Records[0], v4a)
	wantError(t, h, err, provider.ErrAuth, true)
	wantPublished(t, env, h.Records[0])
}

func unknownHost(t *testing.T, h Harness, env Env) {
	err := env.Good.Update(context.Background(), h.Missing, v4a)
	wantError(t, h, err, nil, true)
}

func serverError(t *testing.T, h Harness, env Env) {
	env.Faults.SetStatus(500)
	err := env.Good.Update(context.Background(), h.Records[0], v4a)
	wantError(t, h, err, provider.ErrUnavailable, false)
}

// hanging only guards against a provider that ignores ctx: the generous
// bound is a hang detector, not a timing assertion.
func hanging(t *testing.T, h Harness, env Env) {
	env.Faults.SetHang(true)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- env.Good.Update(ctx, h.Records[0], v4a) }()
	select {
	case err := <-done:
		wantError(t, h, err, nil, false)
	case <-time.After(time.Minute):
		t.Fatal("Update ignored its context deadline")
	}
}

func concurrent(t *testing.T, h Harness, env Env) {
	var wg sync.WaitGroup
	errs := make([]error, len(h.Records))
	for i, rec := range h.Records {
		wg.Go(func() { errs[i] = env.Good.Update(context.Background(), rec, v4b) })
	}
	wg.Wait()
	for i, rec := range h.Records {
		if errs[i] != nil {
			t.Errorf("Update(%s) = %v", rec, errs[i])
		}
		wantPublished(t, env, rec, v4b)
	}
}
