package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2/dyndns2test"
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
	Env      []string // more DDNS_ settings the provider needs
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
		{Name: "dyndns2", New: newDyndns2},
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

// newDyndns2 is the generic dyndns2 server that ddclient and inadyn are
// measured against too (see runRival), holding the hosts.
func newDyndns2(hosts []string) (fakeProvider, error) {
	fqdns := make([]string, len(hosts))
	for i, h := range hosts {
		fqdns[i] = h + "." + benchDomain
	}
	s := dyndns2Fake(fqdns...)
	return fakeProvider{Name: "dyndns2", Handler: s, SetDelay: s.SetDelay, Username: benchUser,
		Env: []string{"DDNS_DYNDNS2_MAX_HOSTS=" + strconv.Itoa(dyndns2MaxHosts)}}, nil
}

// dyndns2MaxHosts is Dyn's limit of names per request, which ddclient
// also uses; the fake and ddns are both told it.
const dyndns2MaxHosts = 20

// dyndns2Fake is the dyndns2 package's own fake with the generic preset's
// personality, taking up to dyndns2MaxHosts names per request.
func dyndns2Fake(fqdns ...string) *dyndns2test.Server {
	var p dyndns2.Preset
	for _, q := range dyndns2.Presets() {
		if q.Name == "dyndns2" {
			p = q
		}
	}
	p.MaxHosts = dyndns2MaxHosts
	return dyndns2test.New(p, benchDomain, benchUser, benchPassword, fqdns...)
}

// hostLabels returns n labels h1..hn.
func hostLabels(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "h" + strconv.Itoa(i+1)
	}
	return out
}
