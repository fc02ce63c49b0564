package custom_test

import (
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/custom"
	"github.com/ddns-pi/ddns/internal/provider/custom/customtest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const user = "pi user/1"

func published(f *customtest.Server, r provider.Record) []netip.Addr {
	var out []netip.Addr
	for _, a := range f.Addrs(r.FQDN()) {
		if a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

// TestConformance runs the suite with the URL template in its two usual
// shapes: parameters in the query (GET) and a JSON body (POST).
func TestConformance(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]custom.Settings{
		"get": {CustomURL: "/update/{fqdn}?user={username}&key={password}&ip={ip}&ip6={ip6}", CustomSuccess: "^good"},
		"json": {CustomURL: "/update", CustomMethod: "POST", CustomContentType: "application/json",
			CustomBody:    `{"name":"{fqdn}","user":"{username}","key":"{password}","ip":"{ip}","ip6":"{ip6}"}`,
			CustomSuccess: "^good"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			g := &gate{}
			rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
			records := []provider.Record{rec("example.com", "home"), rec("example.com", "@"), rec("example.org", "*")}
			providertest.Run(t, providertest.Harness{
				Factory:  custom.Factory,
				Username: user,
				Settings: func() any {
					c := s
					c.CustomURL = g.base() + s.CustomURL
					return &c
				},
				Start: func(t *testing.T, password string) providertest.Fake {
					f := customtest.New(user, password, "home.example.com", "example.com", "*.example.org")
					srv := httptest.NewServer(f)
					t.Cleanup(srv.Close)
					g.started(t, srv.URL)
					return providertest.Fake{URL: custom.Factory.DefaultServer, Faults: &f.Faults,
						Published: func(r provider.Record) []netip.Addr { return published(f, r) }}
				},
				Records: records,
				Missing: rec("example.com", "nosuch"),
			})
		})
	}
}

// gate hands each case's fake URL to the Settings calls that follow its
// Start: Harness.Settings gets no fake, and the suite calls Start and
// then Settings twice (the good and the wrong provider) in the case's
// goroutine, while cases run in parallel. started holds the gate until
// those two calls are done (or the case ends).
type gate struct {
	mu      sync.Mutex // held from started until the second base
	state   sync.Mutex // guards the fields below
	url     string
	pending int
	gen     int
}

func (g *gate) started(t *testing.T, url string) {
	g.mu.Lock()
	g.state.Lock()
	g.gen++
	g.url, g.pending = url, 2
	gen := g.gen
	g.state.Unlock()
	t.Cleanup(func() { g.release(gen, 2) }) // a build that failed
}

func (g *gate) base() string {
	g.state.Lock()
	url, pending, gen := g.url, g.pending, g.gen
	g.state.Unlock()
	if pending == 0 {
		return "https://probe.invalid" // the suite's capability probe
	}
	g.release(gen, 1)
	return url
}

// release counts n calls of generation gen; the last opens the gate.
func (g *gate) release(gen, n int) {
	g.state.Lock()
	defer g.state.Unlock()
	if gen != g.gen || g.pending == 0 {
		return
	}
	if g.pending -= n; g.pending <= 0 {
		g.pending = 0
		g.mu.Unlock()
	}
}
