package duckdns_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/duckdns"
	"github.com/ddns-pi/ddns/internal/provider/duckdns/duckdnstest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const token = "a7c4d0ad-114e-40ef-ba1d-d217904a50f2"

var (
	v4a = netip.MustParseAddr("203.0.113.7")
	v4b = netip.MustParseAddr("203.0.113.8")
	v6a = netip.MustParseAddr("2001:db8::7")
)

func rec(host string) provider.Record { return provider.Record{Domain: "duckdns.org", Host: host} }

func published(f *duckdnstest.Server, r provider.Record) []netip.Addr {
	var out []netip.Addr
	for _, a := range f.Addrs(r.Host) {
		if a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

func TestConformance(t *testing.T) {
	t.Parallel()
	providertest.Run(t, providertest.Harness{
		Factory: duckdns.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := duckdnstest.New(password, "myhome", "nas", "pi-4")
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr { return published(f, r) }}
		},
		Records: []provider.Record{rec("myhome"), rec("nas"), rec("pi-4")},
		Missing: rec("notmine"),
	})
}

func start(t *testing.T, names ...string) (*duckdnstest.Server, provider.Provider) {
	t.Helper()
	f := duckdnstest.New(token, names...)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := duckdns.New(provider.Env{Server: srv.URL, Password: token,
		HTTP: provider.NewHTTP(&http.Client{Timeout: time.Minute}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return f, p
}

func TestOneRequestForEverything(t *testing.T) {
	t.Parallel()
	f, p := start(t, "a", "b")
	errs := p.(provider.Batcher).UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("a"), Addr: v4a}, {Record: rec("b"), Addr: v4a}, {Record: rec("a"), Addr: v6a}, {Record: rec("b"), Addr: v6a}})
	for i, err := range errs {
		if err != nil {
			t.Errorf("change %d: %v", i, err)
		}
	}
	if got := f.Updates(); len(got) != 1 || got[0] != "a,b" {
		t.Errorf("requests = %q, want one for a,b", got)
	}
	if f.Addrs("b") != [2]netip.Addr{v4a, v6a} {
		t.Errorf("b publishes %v", f.Addrs("b"))
	}
}

// TestOneFamilyLeavesTheOther: an IPv6-only change sends no ip, and the
// fake's source-address detection (127.0.0.1) is not used.
func TestOneFamilyLeavesTheOther(t *testing.T) {
	t.Parallel()
	f, p := start(t, "a")
	for _, a := range []netip.Addr{v4a, v6a} {
		if err := p.Update(context.Background(), rec("a"), a); err != nil {
			t.Fatal(err)
		}
	}
	if f.Addrs("a") != [2]netip.Addr{v4a, v6a} {
		t.Errorf("a publishes %v, want both", f.Addrs("a"))
	}
}

func TestDifferentAddressesSplit(t *testing.T) {
	t.Parallel()
	f, p := start(t, "a", "b")
	errs := p.(provider.Batcher).UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("a"), Addr: v4a}, {Record: rec("b"), Addr: v4b}})
	if errs[0] != nil || errs[1] != nil || len(f.Updates()) != 2 {
		t.Fatalf("errs %v, requests %q", errs, f.Updates())
	}
	if f.Addrs("a")[0] != v4a || f.Addrs("b")[0] != v4b {
		t.Errorf("a %v b %v", f.Addrs("a"), f.Addrs("b"))
	}
}

// TestKOIsolatesTheUnknownName: one bad name does not block the others,
// and is reported as unknown, not as a bad token.
func TestKOIsolatesTheUnknownName(t *testing.T) {
	t.Parallel()
	f, p := start(t, "a", "b")
	errs := p.(provider.Batcher).UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("a"), Addr: v4a}, {Record: rec("typo"), Addr: v4a}, {Record: rec("b"), Addr: v4a}})
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("known names failed: %v", errs)
	}
	if !errors.Is(errs[1], provider.ErrNotFound) || !strings.Contains(errs[1].Error(), "typo") {
		t.Errorf("typo: %v, want ErrNotFound naming it", errs[1])
	}
	if got := f.Updates(); len(got) != 4 {
		t.Errorf("requests %q, want the batch and one per name", got)
	}
}

func TestKOEverywhereIsAuth(t *testing.T) {
	t.Parallel()
	f := duckdnstest.New("other-token", "a", "b")
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, _ := duckdns.New(provider.Env{Server: srv.URL, Password: token, HTTP: provider.NewHTTP(srv.Client(), "t", token)})
	errs := p.(provider.Batcher).UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("a"), Addr: v4a}, {Record: rec("b"), Addr: v4a}})
	for _, err := range errs {
		if !errors.Is(err, provider.ErrAuth) || !strings.Contains(err.Error(), "DDNS_API_PASSWORD") {
			t.Errorf("err = %v, want ErrAuth naming the token", err)
		}
	}
}

// TestBodies: only OK and KO (with surrounding blanks) are words; the
// rest is a temporary bad response quoting the body.
func TestBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		body   string
		want   error // nil: success
	}{
		{200, "OK", nil},
		{200, "OK\r\n", nil},
		{200, "OK\n203.0.113.7\n\nUPDATED", provider.ErrBadResponse}, // verbose is never asked for
		{200, "KO", provider.ErrAuth},
		{200, " KO\n", provider.ErrAuth},
		{200, "ok", provider.ErrBadResponse},
		{200, "", provider.ErrBadResponse},
		{200, "<html>bad gateway</html>", provider.ErrBadResponse},
		{400, "OK", provider.ErrBadResponse},
		{404, "KO", provider.ErrBadResponse},
	}
	for _, tc := range tests {
		f, p := start(t, "a")
		f.SetAnswer(&providertest.Answer{Status: tc.status, Body: tc.body})
		err := p.Update(context.Background(), rec("a"), v4a)
		if (tc.want == nil) != (err == nil) || (err != nil && !errors.Is(err, tc.want)) {
			t.Errorf("HTTP %d %q: err = %v, want %v", tc.status, tc.body, err, tc.want)
		}
	}
}

func TestRecordsDuckDNSCannotHave(t *testing.T) {
	t.Parallel()
	f, p := start(t, "a")
	for _, r := range []provider.Record{{Domain: "example.com", Host: "a"}, rec("A"), rec("@"), rec("*"), rec("x.a")} {
		if err := p.Update(context.Background(), r, v4a); !errors.Is(err, provider.ErrNotFound) {
			t.Errorf("%+v: err = %v, want ErrNotFound", r, err)
		}
	}
	if n := len(f.Updates()); n != 0 {
		t.Errorf("%d requests sent for names DuckDNS cannot have", n)
	}
}

func TestCheckRecords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		domain string
		hosts  []string
		want   string // "" valid
	}{
		{"duckdns.org", []string{"myhome", "pi-4"}, ""},
		{"DuckDNS.org.", []string{" myhome"}, ""},
		{"", nil, ""},
		{"example.com", nil, `DDNS_DOMAIN="example.com": DuckDNS serves only duckdns.org`},
		{"myhome.duckdns.org", nil, "put the sub-names in DDNS_HOSTS"},
		{"", []string{"MyHome"}, `DDNS_HOSTS: "MyHome": DuckDNS answers KO to upper case; write "myhome"`},
		{"", []string{"@"}, "DDNS_HOSTS"},
		{"", []string{"a.b"}, "not a DuckDNS sub-name"},
	}
	for _, tc := range tests {
		err := duckdns.CheckRecords(tc.domain, tc.hosts)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q %q: err = %v, want %q", tc.domain, tc.hosts, err, tc.want)
		}
	}
}
