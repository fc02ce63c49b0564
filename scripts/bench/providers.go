package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

// Bench account data. Not secrets: the fakes only know these.
const (
	benchDomain   = "example.com"
	benchPassword = "0123456789abcdef0123456789abcdef"
	benchUser     = "bench"
)

// fakeProvider is one provider fake as the harness needs it: the handler to
// serve over TLS, its name in DDNS_PROVIDER, and the latency knob.
type fakeProvider struct {
	Name     string // DDNS_PROVIDER
	Handler  http.Handler
	SetDelay func(time.Duration)
	Username string // DDNS_USERNAME, empty when the provider has none
	// Listings counts whole-zone listings so far (nil where the API has
	// none): the issue asks for one per run, not one per record.
	Listings func() int
}

// providerKind builds a fresh fake holding the given host labels in
// benchDomain.
type providerKind struct {
	Name string
	New  func(hosts []string) (fakeProvider, error)
}

// providerKinds are the providers the bench drives ddns against, in the
// order they are reported. The fakes are the packages' own test servers.
func providerKinds() []providerKind {
	return []providerKind{
		{Name: "dreamhost", New: newDreamhost},
		{Name: "namecheap", New: newNamecheap},
	}
}

// newDreamhost holds benchDomain with a stale A record per host, as an
// account that has used an updater before.
func newDreamhost(hosts []string) (fakeProvider, error) {
	s := dreamhosttest.New(benchPassword, benchDomain)
	for _, h := range hosts {
		if err := s.AddRecord(h+"."+benchDomain, "A", "192.0.2.1", true); err != nil {
			return fakeProvider{}, fmt.Errorf("dreamhost fake: %w", err)
		}
	}
	return fakeProvider{Name: "dreamhost", Handler: s, SetDelay: s.SetDelay,
		Listings: func() int { return s.CountCmd("dns-list_records") }}, nil
}

func newNamecheap(hosts []string) (fakeProvider, error) {
	s := namecheaptest.New(benchDomain, benchPassword, hosts...)
	return fakeProvider{Name: "namecheap", Handler: s, SetDelay: s.SetDelay}, nil
}

// hostLabels returns n labels h1..hn.
func hostLabels(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "h" + strconv.Itoa(i+1)
	}
	return out
}
