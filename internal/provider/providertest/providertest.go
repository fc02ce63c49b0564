// Package providertest is the conformance suite every provider's tests run
// in one line against that provider's honest fake server, plus the failure
// injection (Faults) those fakes wrap themselves in.
//
//	func TestConformance(t *testing.T) { providertest.Run(t, harness) }
//
// The suite builds every provider itself, as ddns does: Factory.New with a
// provider.Env whose HTTP helper comes from provider.NewHTTP with the
// secrets bound. Besides the behaviour of updates it checks the rules for
// hostile answers: a service that quotes the secret back (in every
// Encoding), redirects (never followed), control characters (escaped), 429
// (a *provider.RateLimitError with the wait), 5xx, garbage and HTML bodies
// (temporary), cancellation and deadlines (honoured), wrong credentials and
// unknown names (permanent).
package providertest

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Harness describes one provider and its fake to the suite.
type Harness struct {
	// Factory is the provider under test; IPv6 cases run when Factory.IPv6.
	Factory provider.Factory
	// Start serves a fresh fake (closed by t.Cleanup) that accepts password
	// (and Username) for Records. Each case calls it once.
	Start func(t *testing.T, password string) Fake
	// Records exist at the fake and can be updated; at least two, distinct.
	Records []provider.Record
	// Missing names a record the service refuses as unknown.
	Missing provider.Record
	// Absent names a record that does not exist yet in a zone that does,
	// for services whose API has records: Update must create it, and a
	// second Update must change it, never add a duplicate. Zero for
	// services that have no such thing (dyndns2 hosts exist or not).
	Absent provider.Record
	// Others returns what the fake holds of a record besides its address
	// (TTL, proxied, comment, ...) in any stable form; the suite checks an
	// update keeps it. nil where the API keeps nothing else.
	Others func(rec provider.Record) string
	// Password and WrongPassword default to two secrets with characters
	// that change under every Encoding; set them only when the fake must
	// check the secret's format.
	Password, WrongPassword string
	// Username is passed in provider.Env.
	Username string
	// Settings returns the provider's own settings, filled, or nil.
	Settings func() any
	// Secrets are further secrets the provider holds (in Settings); they
	// are bound into the HTTP helper and may not leak either.
	Secrets []string
	// DNS marks a provider that speaks DNS, not HTTP (its fake relays every
	// message through Faults.Intercept): the cases about HTTP answers
	// (bodies, redirects, 429, quoted text) are skipped, the others run.
	DNS bool
}

// Fake is one running fake server.
type Fake struct {
	URL string // base URL to use as DDNS_SERVER
	// Published returns every address the fake serves for rec, A and AAAA.
	Published func(rec provider.Record) []netip.Addr
	// Faults is the fault injection the fake is wrapped in (Faults.Wrap)
	// and honours (Faults.Echo).
	Faults *Faults
}

const (
	defaultPassword = "p4ss/w+rd&k=y %é€<x>"
	defaultWrong    = "wr0ng/p+ss&z=1 %ü\"q"
	userAgent       = "ddns-conformance/1"
)

var (
	v4a = netip.MustParseAddr("203.0.113.7")
	v4b = netip.MustParseAddr("203.0.113.8")
	v6a = netip.MustParseAddr("2001:db8::7")
)

// env is one case's fake with providers built for it.
type env struct {
	Fake
	h       Harness
	good    provider.Provider
	wrong   provider.Provider
	secrets []string
}

type testCase struct {
	name     string
	skip     string // reason to skip, "" to run
	httpOnly bool   // about an HTTP answer; skipped for Harness.DNS
	run      func(t *testing.T, e *env)
}

// Run runs every conformance case as a parallel subtest.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if len(h.Records) < 2 {
		t.Fatal("providertest: Harness.Records needs at least two records")
	}
	if h.Factory.New == nil || h.Start == nil {
		t.Fatal("providertest: Harness.Factory.New and Harness.Start are required")
	}
	if (h.Password == "") != (h.WrongPassword == "") || (h.Password != "" && h.Password == h.WrongPassword) {
		t.Fatal("providertest: set both Password and WrongPassword, and make them differ, or neither")
	}
	if h.Password == "" {
		h.Password, h.WrongPassword = defaultPassword, defaultWrong
	}
	for _, tc := range append(behaviour(h), hostile()...) {
		if h.DNS && tc.httpOnly {
			tc.skip = "the provider speaks DNS; this case is about an HTTP answer"
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.skip != "" {
				t.Skip(tc.skip)
			}
			tc.run(t, start(t, h))
		})
	}
}

func behaviour(h Harness) []testCase {
	noV6 := ""
	if !h.Factory.IPv6 {
		noV6 = "the provider does not publish IPv6"
	}
	return []testCase{
		{name: "first update publishes", run: firstUpdate},
		{name: "same update again succeeds", run: idempotent},
		{name: "change publishes new value", run: change},
		{name: "ipv6 publishes beside ipv4", skip: noV6, run: ipv6},
		{name: "wrong password is permanent auth error", run: wrongPassword},
		{name: "unknown host is permanent", run: unknownHost},
		{name: "concurrent updates all land", run: concurrent},
		{name: "a missing record is created once", skip: skipIf(h.Absent == provider.Record{}, "Harness.Absent is not set"),
			run: createOnce},
		{name: "the record's other fields are kept", skip: skipIf(h.Others == nil, "Harness.Others is not set"),
			run: othersKept},
		{name: "a batch sets every change", run: batch},
	}
}

// start serves a fake and builds the providers as ddns does.
func start(t *testing.T, h Harness) *env {
	t.Helper()
	f := h.Start(t, h.Password)
	if f.Faults == nil || f.Published == nil {
		t.Fatal("providertest: Fake.Faults and Fake.Published are required")
	}
	e := &env{Fake: f, h: h, secrets: append([]string{h.Password, h.WrongPassword}, h.Secrets...)}
	e.good = e.build(t, h.Password)
	e.wrong = e.build(t, h.WrongPassword)
	return e
}

func (e *env) build(t *testing.T, password string) provider.Provider {
	t.Helper()
	var settings any
	if e.h.Settings != nil {
		settings = e.h.Settings()
	}
	hc := &http.Client{Timeout: time.Minute}
	p, err := e.h.Factory.New(provider.Env{
		Server: e.URL, Username: e.h.Username, Password: password, Settings: settings,
		HTTP: provider.NewHTTP(hc, userAgent, append([]string{password}, e.h.Secrets...)...),
	})
	if err != nil {
		t.Fatalf("providertest: %s: New: %v", e.h.Factory.Name, err)
	}
	return p
}

func update(t *testing.T, p provider.Provider, rec provider.Record, addr netip.Addr) {
	t.Helper()
	if err := p.Update(context.Background(), rec, addr); err != nil {
		t.Fatalf("Update(%s, %s) = %v", rec, addr, err)
	}
}

func wantPublished(t *testing.T, e *env, rec provider.Record, want ...netip.Addr) {
	t.Helper()
	got := e.Published(rec)
	slices.SortFunc(got, netip.Addr.Compare)
	slices.SortFunc(want, netip.Addr.Compare)
	if !slices.Equal(got, want) {
		t.Errorf("published for %s = %v, want %v", rec, got, want)
	}
}

// wantError checks the sentinel (nil: any), permanence, and that the text
// is safe (no secret in any form, nothing non-printable).
func wantError(t *testing.T, e *env, err, sentinel error, permanent bool) {
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
	checkSafe(t, err.Error(), e.secrets)
}
