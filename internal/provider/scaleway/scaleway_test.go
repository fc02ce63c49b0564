package scaleway_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/provider/scaleway"
	"github.com/ddns-pi/ddns/internal/provider/scaleway/scalewaytest"
)

const key = "0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func rel(r provider.Record) string {
	if r.Host == "@" {
		return ""
	}
	return r.Host
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: scaleway.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := scalewaytest.New(password, "example.com", "example.org")
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return f.Published(r.Domain, rel(r)) },
				Faults:    &f.Faults,
			}
		},
		Records:  []provider.Record{home, rec("example.com", "@"), rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Settings: func() any { return &scaleway.Settings{TTL: 3600} },
	})
}

func client(t *testing.T, f *scalewaytest.Server) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := scaleway.New(provider.Env{Server: srv.URL, Password: key, Settings: &scaleway.Settings{TTL: 300},
		HTTP: provider.NewHTTP(srv.Client(), "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSetKeepsFields: the record is replaced by id with its TTL, priority
// and comment; the TXT beside it and the apex stay; unchanged means no
// PATCH.
func TestSetKeepsFields(t *testing.T) {
	t.Parallel()
	f := scalewaytest.New(key, "example.com")
	note := "router"
	f.Add("example.com", scalewaytest.Record{Data: "198.51.100.1", Name: "home", TTL: 600, Priority: 3, Type: "A", Comment: &note})
	f.Add("example.com", scalewaytest.Record{Data: "\"keep\"", Name: "home", TTL: 60, Type: "TXT"})
	f.Add("example.com", scalewaytest.Record{Data: "198.51.100.9", Name: "", TTL: 60, Type: "A"})
	p := client(t, f)
	for range 2 {
		if err := p.Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Records("example.com", "home")
	if len(got) != 2 || got[0].Type != "TXT" || got[1].Data != v4a.String() || got[1].TTL != 600 || got[1].Priority != 3 ||
		got[1].Comment == nil || *got[1].Comment != note {
		t.Errorf("records = %+v, want the A replaced with its fields and the TXT kept", got)
	}
	if n := f.Patches(); n != 1 {
		t.Errorf("%d PATCH requests, want 1 (the second update was unchanged)", n)
	}
	if a := f.Published("example.com", ""); len(a) != 1 || a[0].String() != "198.51.100.9" {
		t.Errorf("apex = %v, want it untouched", a)
	}
}

// TestApexIsTheEmptyName: "@" is read and written as "", and an empty
// name filter (which matches every name) is checked by the client.
func TestApexIsTheEmptyName(t *testing.T) {
	t.Parallel()
	f := scalewaytest.New(key, "example.com")
	f.Add("example.com", scalewaytest.Record{Data: "198.51.100.1", Name: "home", TTL: 600, Type: "A"})
	if err := client(t, f).Update(context.Background(), provider.Record{Domain: "example.com", Host: "@"}, v4a); err != nil {
		t.Fatal(err)
	}
	if a := f.Published("example.com", "home"); len(a) != 1 || a[0].String() != "198.51.100.1" {
		t.Errorf("home = %v: the apex update changed another name", a)
	}
	if a := f.Published("example.com", ""); len(a) != 1 || a[0] != v4a {
		t.Errorf("apex = %v, want [%s]", a, v4a)
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	h := provider.NewHTTP(nil, "", key)
	tests := []struct {
		name, method string
		status       int
		body         string
		want         error
		text         string
	}{
		{"denied", "GET", 401, `{"message":"authentication is denied","method":"api_key","reason":"invalid_argument","type":"denied_authentication"}`,
			provider.ErrAuth, "denied_authentication: authentication is denied"},
		{"permissions", "PATCH", 403, `{"message":"insufficient permissions","type":"permissions_denied"}`, provider.ErrAuth,
			"permissions_denied"},
		{"zone", "GET", 404, `{"message":"resource is not found","resource":"dns_zone","resource_id":"example.net","type":"not_found"}`,
			provider.ErrNotFound, "not_found: resource is not found (dns_zone example.net)"},
		{"invalid", "PATCH", 400, `{"message":"invalid argument(s)","type":"invalid_arguments"}`, provider.ErrRefused, "invalid_arguments"},
		{"invalid query", "GET", 400, `{"message":"invalid argument(s)","type":"invalid_arguments"}`, provider.ErrBadResponse, "invalid"},
		{"html", "GET", 409, `<html>conflict</html>`, provider.ErrBadResponse, "conflict"},
		{"echo", "GET", 401, `{"message":"token ` + key + `","type":"denied_authentication"}`, provider.ErrAuth, "REDACTED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := scaleway.Verdict(h, tc.method, &provider.Response{Status: tc.status, Body: []byte(tc.body)})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || strings.Contains(err.Error(), key) {
				t.Errorf("verdict = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}
