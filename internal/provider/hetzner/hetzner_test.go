package hetzner_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/hetzner"
	"github.com/ddns-pi/ddns/internal/provider/hetzner/hetznertest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const token = "hcloud-0123456789abcdef"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	ttl  = 3600
)

func sample(token string) *hetznertest.Server {
	f := hetznertest.New(token, "example.com")
	for _, n := range []string{"home", "@", "*"} {
		f.Set("example.com", hetznertest.RRset{Name: n, Type: "A", TTL: &ttl, Labels: map[string]string{"env": "home"},
			Records: []hetznertest.Value{{Value: "198.51.100.1", Comment: "router"}}})
	}
	return f
}

func published(f *hetznertest.Server, r provider.Record) []netip.Addr {
	var values []string
	for _, typ := range []string{"A", "AAAA"} {
		if rr := f.Get(r.Domain, r.Host, typ); rr != nil {
			for _, v := range rr.Records {
				values = append(values, v.Value)
			}
		}
	}
	return jsonresttest.Published(values)
}

func TestConformance(t *testing.T) {
	t.Parallel()
	var fakes jsonresttest.Fakes[*hetznertest.Server]
	providertest.Run(t, providertest.Harness{
		Factory: hetzner.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fakes.Add(sample(password))
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL + "/v1", Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr { return published(f, r) }}
		},
		Records:  []provider.Record{home, {Domain: "example.com", Host: "@"}, {Domain: "example.com", Host: "*"}},
		Missing:  provider.Record{Domain: "example.net", Host: "home"},
		Absent:   provider.Record{Domain: "example.com", Host: "new"},
		Settings: func() any { return &hetzner.Settings{} },
		Others: func(r provider.Record) string {
			return fakes.Changed(func(f *hetznertest.Server) bool {
				rr := f.Get(r.Domain, r.Host, "A")
				return rr == nil || rr.TTL == nil || *rr.TTL != ttl || rr.Labels["env"] != "home" ||
					len(rr.Records) != 1 || rr.Records[0].Comment != "router"
			})
		},
	})
}

func client(t *testing.T, url string, ttl int) provider.Provider {
	t.Helper()
	p, err := hetzner.New(provider.Env{Server: url, Password: token, Settings: &hetzner.Settings{TTL: ttl},
		HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCreateTTL(t *testing.T) {
	t.Parallel()
	for _, want := range []int{0, 300} {
		f := hetznertest.New(token, "example.com")
		srv := httptest.NewServer(f)
		t.Cleanup(srv.Close)
		if err := client(t, srv.URL+"/v1", want).Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
		rr := f.Get("example.com", "home", "A")
		if got := rr.TTL; (want == 0) != (got == nil) || (got != nil && *got != want) {
			t.Errorf("DDNS_TTL=%d: created TTL %v", want, got)
		}
	}
}

// TestActionOutcome: the provider waits for the action and reports how it
// ended, bounded by its context.
func TestActionOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action string
		want   error
		text   string
	}{
		{"error", `{"action":{"id":7,"status":"error","error":{"code":"action_failed","message":"zone is being migrated"}}}`,
			provider.ErrBadResponse, "action_failed: zone is being migrated"},
		{"never ends", `{"action":{"id":7,"status":"running","error":null}}`, context.DeadlineExceeded, "had not finished"},
		{"odd status", `{"action":{"id":7,"status":"paused"}}`, provider.ErrBadResponse, "paused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/v1/zones/example.com/rrsets/home/A":
					w.Write([]byte(`{"rrset":{"name":"home","type":"A","records":[{"value":"198.51.100.1"}]}}`))
				case "/v1/zones/example.com/rrsets/home/A/actions/set_records":
					w.WriteHeader(201)
					w.Write([]byte(`{"action":{"id":7,"status":"running"}}`))
				case "/v1/zones/actions/7":
					w.Write([]byte(tc.action))
				default:
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
				}
			}))
			t.Cleanup(srv.Close)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			err := client(t, srv.URL+"/v1", 0).Update(ctx, home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		text   string
	}{
		{"bad token", 401, `{"error":{"code":"unauthorized","message":"unable to authenticate","details":{}}}`, provider.ErrAuth, "unauthorized: unable to authenticate"},
		{"read-only token", 403, `{"error":{"code":"forbidden","message":"insufficient permissions","details":{}}}`, provider.ErrAuth, "Read & Write"},
		{"secondary zone", 422, `{"error":{"code":"incorrect_zone_mode","message":"not supported for this zone's mode"}}`, provider.ErrRefused, "incorrect_zone_mode"},
		{"locked", 423, `{"error":{"code":"locked","message":"zone is locked"}}`, provider.ErrBadResponse, "locked"},
		{"rate limit code", 403, `{"error":{"code":"rate_limit_exceeded","message":"limit reached"}}`, provider.ErrRateLimited, "limit reached"},
		{"html 401", 401, `<html>nope</html>`, provider.ErrAuth, "nope"},
		{"no rrset", 200, `{"zone":1}`, provider.ErrBadResponse, "no rrset"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer "+token {
					t.Errorf("Authorization %q", r.Header.Get("Authorization"))
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			err := client(t, srv.URL+"/v1", 0).Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}
