package ionos_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/ionos"
	"github.com/ddns-pi/ddns/internal/provider/ionos/ionostest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const key = "a1b2c3d4e5.K3y-S3cret-0123456789abcdef"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
)

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: ionos.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := ionostest.New(password, "example.com", "example.org")
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return f.Published(r.FQDN()) },
				Faults:    &f.Faults,
			}
		},
		Records:  []provider.Record{home, rec("example.com", "@"), rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Settings: func() any { return &ionos.Settings{TTL: 3600} },
	})
}

func client(t *testing.T, f *ionostest.Server) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := ionos.New(provider.Env{Server: srv.URL, Password: key, Settings: &ionos.Settings{TTL: 300},
		HTTP: provider.NewHTTP(srv.Client(), "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestUpdateKeepsFields: only the content changes; TTL, priority and state
// go back as they were, and an unchanged record is not written.
func TestUpdateKeepsFields(t *testing.T) {
	t.Parallel()
	f := ionostest.New(key, "example.com")
	f.Add(ionostest.Record{Name: "home.example.com", Type: "A", Content: "198.51.100.1", TTL: 600, Prio: 5, Disabled: true})
	f.Add(ionostest.Record{Name: "home.example.com", Type: "TXT", Content: "keep", TTL: 60})
	p := client(t, f)
	for range 2 {
		if err := p.Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Records("home.example.com")
	if len(got) != 2 || got[0].Content != v4a.String() || got[0].TTL != 600 || got[0].Prio != 5 || !got[0].Disabled ||
		got[1].Content != "keep" {
		t.Errorf("records = %+v, want the A record changed in place with its fields, the TXT untouched", got)
	}
}

// TestCreateUsesTTL: a new record gets DDNS_TTL; AAAA is its own record.
func TestCreateUsesTTL(t *testing.T) {
	t.Parallel()
	f := ionostest.New(key, "example.com")
	f.Add(ionostest.Record{Name: "home.example.com", Type: "A", Content: "198.51.100.1", TTL: 600})
	p := client(t, f)
	obs := &provider.Observer{}
	v6 := netip.MustParseAddr("2001:db8::1")
	if err := p.Update(provider.WithObserver(context.Background(), obs), home, v6); err != nil {
		t.Fatal(err)
	}
	got := f.Records("home.example.com")
	if len(got) != 2 || got[1].Type != "AAAA" || got[1].TTL != 300 || got[0].Content != "198.51.100.1" || !obs.Created() {
		t.Errorf("records = %+v (created %v), want a new AAAA with TTL 300 beside the A", got, obs.Created())
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
		{"unauthorized", "GET", 401, `[{"code":"UNAUTHORIZED","message":"The customer is not authorized to do this operation."}]`,
			provider.ErrAuth, "UNAUTHORIZED: The customer is not authorized"},
		{"forbidden", "PUT", 403, `[{"code":"FORBIDDEN","message":"no"}]`, provider.ErrAuth, "FORBIDDEN: no"},
		{"zone gone", "GET", 404, `[{"code":"ZONE_NOT_FOUND","message":"Zone not found."}]`, provider.ErrNotFound, "ZONE_NOT_FOUND"},
		{"invalid record", "POST", 400, `[{"code":"INVALID_RECORD","message":"Record is invalid."}]`, provider.ErrRefused,
			"INVALID_RECORD: Record is invalid."},
		{"bad query", "GET", 400, `[{"code":"INVALID_REQUEST","message":"x"}]`, provider.ErrBadResponse, "INVALID_REQUEST"},
		{"one object", "PUT", 422, `{"code":"INVALID_RECORD","message":"m"}`, provider.ErrRefused, "INVALID_RECORD: m"},
		{"html", "GET", 418, `<html>teapot</html>`, provider.ErrBadResponse, "teapot"},
		{"echoed key", "GET", 401, `[{"code":"UNAUTHORIZED","message":"key ` + key + ` refused"}]`, provider.ErrAuth, "REDACTED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ionos.Verdict(h, tc.method, &provider.Response{Status: tc.status, Body: []byte(tc.body)})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || strings.Contains(err.Error(), key) {
				t.Errorf("verdict = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}

// TestKeyInHeader: the key travels in X-API-Key only, never in the URL.
func TestKeyInHeader(t *testing.T) {
	t.Parallel()
	f := ionostest.New(key, "example.com")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.String(), "S3cret") || r.Header.Get("X-API-Key") != key {
			t.Errorf("%s %s: key not (only) in X-API-Key", r.Method, r.URL)
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p, _ := ionos.New(provider.Env{Server: srv.URL, Password: key, HTTP: provider.NewHTTP(srv.Client(), "t", key)})
	if err := p.Update(context.Background(), home, v4b); err != nil {
		t.Fatal(err)
	}
}
