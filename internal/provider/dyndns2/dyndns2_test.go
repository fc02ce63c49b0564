package dyndns2_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2/dyndns2test"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const (
	domain = "example.com"
	user   = "user@example.org"
)

func rec(host string) provider.Record { return provider.Record{Domain: domain, Host: host} }

var names = []string{"home.example.com", "www.example.com", "example.com", "*.example.com"}

// TestConformance runs the shared suite against every preset's fake.
func TestConformance(t *testing.T) {
	t.Parallel()
	for _, p := range dyndns2.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			providertest.Run(t, providertest.Harness{
				Factory: p.Factory(),
				Start: func(t *testing.T, password string) providertest.Fake {
					fake := dyndns2test.New(p, domain, user, password, names...)
					srv := httptest.NewServer(fake)
					t.Cleanup(srv.Close)
					return providertest.Fake{
						URL:       srv.URL,
						Published: func(r provider.Record) []netip.Addr { return fake.Published(r.FQDN()) },
						Faults:    &fake.Faults,
					}
				},
				Records:  []provider.Record{rec("home"), rec("www"), rec("@"), rec("*")},
				Missing:  rec("nothere"),
				Username: user,
			})
		})
	}
}
