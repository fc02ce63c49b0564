package cloudflare_test

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/cloudflare"
	"github.com/ddns-pi/ddns/internal/provider/cloudflare/cloudflaretest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Tokens in Cloudflare's format (40 characters of token68): the fake
// refuses anything else with 6003/6111, as the API does.
const (
	token = "Zx9-aB_3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX"
	wrong = "Wr0ng-Tok3n_aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
)

// placeholder is the address of the record seeded at home.example.com
// with other fields (TTL 300, proxied, a comment). Published leaves it out
// while it is the name's only A record, so that the suite's "nothing
// published" checks hold for a record that exists.
const placeholder = "192.0.2.1"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6a  = netip.MustParseAddr("2001:db8::7")
)

func sample(tok string) *cloudflaretest.Server {
	f := cloudflaretest.New(tok, "example.com", "example.org")
	f.AddRecord(cloudflaretest.Record{Name: "home.example.com", Type: "A", Content: placeholder, TTL: 300,
		Proxied: true, Comment: "router at home"})
	f.AddRecord(cloudflaretest.Record{Name: "www.example.org", Type: "CNAME", Content: "example.org", TTL: 1})
	return f
}

func serve(t *testing.T, f *cloudflaretest.Server) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL + cloudflaretest.Prefix
}

func published(f *cloudflaretest.Server, rec provider.Record) []netip.Addr {
	var out []netip.Addr
	for _, typ := range []string{"A", "AAAA"} {
		recs := f.Records(rec.FQDN(), typ)
		for _, r := range recs {
			if r.Content == placeholder && len(recs) == 1 {
				continue
			}
			out = append(out, netip.MustParseAddr(r.Content))
		}
	}
	return out
}

func others(f *cloudflaretest.Server, rec provider.Record) string {
	var b strings.Builder
	for _, r := range f.Records(rec.FQDN(), "A") {
		fmt.Fprintf(&b, "ttl=%d proxied=%v comment=%q;", r.TTL, r.Proxied, r.Comment)
	}
	return b.String()
}

func TestConformance(t *testing.T) {
	t.Parallel()
	// Harness.Others gets no fake, so the fake of the one case that calls
	// it is kept by the case's name.
	var mu sync.Mutex
	var othersFake *cloudflaretest.Server
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory:       cloudflare.Factory,
		Password:      token,
		WrongPassword: wrong,
		Settings:      func() any { return &cloudflare.Settings{TTL: 1} },
		Start: func(t *testing.T, password string) providertest.Fake {
			f := sample(password)
			url := serve(t, f)
			if strings.Contains(t.Name(), "other_fields") {
				mu.Lock()
				othersFake = f
				mu.Unlock()
			}
			return providertest.Fake{URL: url, Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr { return published(f, r) }}
		},
		Records: []provider.Record{home, rec("example.com", "@"), rec("example.com", "*"), rec("example.org", "vpn")},
		Missing: rec("example.net", "home"),
		Absent:  rec("example.org", "new"),
		Others: func(r provider.Record) string {
			mu.Lock()
			defer mu.Unlock()
			return others(othersFake, r)
		},
	})
}
