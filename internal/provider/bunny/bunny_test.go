package bunny_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/bunny"
	"github.com/ddns-pi/ddns/internal/provider/bunny/bunnytest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const key = "1f2e3d4c-5b6a-4789-9abc-def012345678-aaaa-bbbb"

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
		Factory: bunny.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := bunnytest.New(password, "example.com", "example.org")
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
		Settings: func() any { return &bunny.Settings{TTL: 300} },
	})
}

func client(t *testing.T, f *bunnytest.Server) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := bunny.New(provider.Env{Server: srv.URL, Password: key, Settings: &bunny.Settings{TTL: 60},
		HTTP: provider.NewHTTP(srv.Client(), "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestUpdateKeepsFields: the update sends back the record's TTL, weight,
// priority, comment and state; an unchanged record is not written; a
// same-named record of the other family is left alone.
func TestUpdateKeepsFields(t *testing.T) {
	t.Parallel()
	f := bunnytest.New(key, "example.com")
	f.Add("example.com", bunnytest.Record{Type: 0, Name: "home", Value: "198.51.100.1", TTL: 600, Weight: 7, Priority: 2,
		Comment: "router", Disabled: true})
	f.Add("example.com", bunnytest.Record{Type: 1, Name: "home", Value: "2001:db8::1", TTL: 60})
	p := client(t, f)
	for range 2 {
		if err := p.Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Records("example.com", "home")
	want := bunnytest.Record{ID: got[0].ID, Type: 0, Name: "home", Value: v4a.String(), TTL: 600, Weight: 7, Priority: 2,
		Comment: "router", Disabled: true}
	if len(got) != 2 || got[0] != want || got[1].Value != "2001:db8::1" {
		t.Errorf("records = %+v, want %+v and the AAAA untouched", got, want)
	}
	if n := f.Writes(); n != 1 {
		t.Errorf("%d writes, want 1", n)
	}
}

// TestCreateUsesTTL: a new AAAA record is Type 1 with DDNS_TTL; the apex
// is the empty name.
func TestCreateUsesTTL(t *testing.T) {
	t.Parallel()
	f := bunnytest.New(key, "example.com")
	obs := &provider.Observer{}
	err := client(t, f).Update(provider.WithObserver(context.Background(), obs), provider.Record{Domain: "example.com", Host: "@"},
		netip.MustParseAddr("2001:db8::7"))
	if err != nil {
		t.Fatal(err)
	}
	got := f.Records("example.com", "")
	if len(got) != 2 || got[1].Type != 1 || got[1].TTL != 60 || got[1].Value != "2001:db8::7" || !obs.Created() {
		t.Errorf("apex records = %+v (created %v), want the MX and a new AAAA with TTL 60", got, obs.Created())
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
		{"denied", "GET", 401, `{"Message":"Authorization has been denied for this request."}`, provider.ErrAuth, "Authorization has been denied"},
		{"zone", "GET", 404, `{"ErrorKey":"dnszone.zone_not_found","Field":"Id","Message":"The requested DNS zone was not found"}`,
			provider.ErrNotFound, "dnszone.zone_not_found: The requested DNS zone was not found (field Id)"},
		{"invalid", "POST", 400, `{"ErrorKey":"validation_error","Field":"Value","Message":"bad"}`, provider.ErrRefused, "validation_error: bad"},
		{"bad query", "GET", 400, `{"ErrorKey":"validation_error","Message":"bad"}`, provider.ErrBadResponse, "validation_error"},
		{"empty 401", "GET", 401, ``, provider.ErrAuth, "HTTP 401"},
		{"html", "GET", 409, `<html>conflict</html>`, provider.ErrBadResponse, "conflict"},
		{"echo", "GET", 401, `{"Message":"key ` + key + `"}`, provider.ErrAuth, "REDACTED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := bunny.Verdict(h, tc.method, &provider.Response{Status: tc.status, Body: []byte(tc.body)})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || strings.Contains(err.Error(), key) {
				t.Errorf("verdict = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}
