package gandi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/gandi"
	"github.com/ddns-pi/ddns/internal/provider/gandi/ganditest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const token = "pat-0123456789abcdef"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func sample(token string) *ganditest.Server {
	f := ganditest.New(token, "example.com")
	for _, n := range []string{"home", "@", "*"} {
		f.Set("example.com", n, "A", 3600, "198.51.100.1")
	}
	return f
}

func name(r provider.Record) string { return r.Host }

func TestConformance(t *testing.T) {
	t.Parallel()
	var fakes jsonresttest.Fakes[*ganditest.Server]
	providertest.Run(t, providertest.Harness{
		Factory: gandi.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fakes.Add(sample(password))
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Faults: &f.Faults, Published: func(r provider.Record) []netip.Addr {
				var values []string
				for _, typ := range []string{"A", "AAAA"} {
					rr, _ := f.Get(r.Domain, name(r), typ)
					values = append(values, rr.Values...)
				}
				return jsonresttest.Published(values)
			}}
		},
		Records:  []provider.Record{home, {Domain: "example.com", Host: "@"}, {Domain: "example.com", Host: "*"}},
		Missing:  provider.Record{Domain: "example.net", Host: "home"},
		Absent:   provider.Record{Domain: "example.com", Host: "new"},
		Settings: func() any { return &gandi.Settings{TTL: 300} },
		Others: func(r provider.Record) string {
			return fakes.Changed(func(f *ganditest.Server) bool {
				rr, _ := f.Get(r.Domain, name(r), "A")
				return rr.TTL != 3600
			})
		},
	})
}

func client(t *testing.T, url string) provider.Provider {
	t.Helper()
	p, err := gandi.New(provider.Env{Server: url, Password: token, Settings: &gandi.Settings{TTL: 600},
		HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTTL: a new rrset gets DDNS_TTL, a changed one keeps its TTL, and an
// unchanged one is not written.
func TestTTL(t *testing.T) {
	t.Parallel()
	f := sample(token)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p := client(t, srv.URL)
	newRec := provider.Record{Domain: "example.com", Host: "new"}
	for _, rec := range []provider.Record{home, newRec, home} {
		if err := p.Update(context.Background(), rec, v4a); err != nil {
			t.Fatal(err)
		}
	}
	if rr, _ := f.Get("example.com", "home", "A"); rr.TTL != 3600 || len(rr.Values) != 1 {
		t.Errorf("home = %+v, want TTL 3600 kept", rr)
	}
	if rr, _ := f.Get("example.com", "new", "A"); rr.TTL != 600 {
		t.Errorf("new = %+v, want TTL 600 from DDNS_TTL", rr)
	}
	if n := f.Requests(); n != 5 { // GET+PUT, GET+PUT, GET
		t.Errorf("%d requests, want 5", n)
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
		{"bad token", 401, `{"code":401,"message":"The server could not verify that you are authorized","object":"HTTPUnauthorized","cause":"Unauthorized"}`,
			provider.ErrAuth, "Unauthorized: The server could not verify"},
		{"no permission", 403, `{"code":403,"message":"Access was denied to this resource.","object":"HTTPForbidden","cause":"Forbidden"}`,
			provider.ErrAuth, "Manage domain name technical configurations"},
		{"bad request", 400, `{"code":400,"message":"rrset_values: bad","object":"HTTPBadRequest","cause":"Bad Request"}`,
			provider.ErrBadResponse, "Bad Request: rrset_values"},
		{"html 401", 401, `<html>no</html>`, provider.ErrAuth, "<html>no</html>"},
		{"no values", 200, `{"rrset_name":"home"}`, provider.ErrBadResponse, "rrset_values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v5/livedns/domains/example.com/records/home/A" || r.Header.Get("Authorization") != "Bearer "+token {
					t.Errorf("%s %s", r.URL.Path, r.Header.Get("Authorization"))
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			err := client(t, srv.URL).Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}
