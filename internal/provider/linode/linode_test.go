package linode_test

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
	"github.com/ddns-pi/ddns/internal/provider/linode"
	"github.com/ddns-pi/ddns/internal/provider/linode/linodetest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const token = "linode-0123456789abcdef"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func name(r provider.Record) string {
	if r.Host == "@" {
		return ""
	}
	return r.Host
}

func sample(token string) *linodetest.Server {
	f := linodetest.New(token, "example.org", "example.com")
	for _, n := range []string{"home", "", "*"} {
		f.Add("example.com", n, "A", "198.51.100.1", 3600)
	}
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	var fakes jsonresttest.Fakes[*linodetest.Server]
	providertest.Run(t, providertest.Harness{
		Factory: linode.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fakes.Add(sample(password))
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL + "/v4", Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr {
					var values []string
					for _, x := range f.Find(r.Domain, name(r), "") {
						values = append(values, x.Target)
					}
					return jsonresttest.Published(values)
				}}
		},
		Records:  []provider.Record{home, {Domain: "example.com", Host: "@"}, {Domain: "example.com", Host: "*"}},
		Missing:  provider.Record{Domain: "example.net", Host: "home"},
		Absent:   provider.Record{Domain: "example.com", Host: "new"},
		Settings: func() any { return &linode.Settings{} },
		Others: func(r provider.Record) string {
			want := sample("").Find(r.Domain, name(r), "A")[0]
			return fakes.Changed(func(f *linodetest.Server) bool {
				got := f.Find(r.Domain, name(r), "A")
				return len(got) != 1 || got[0].ID != want.ID || got[0].TTLSec != want.TTLSec
			})
		},
	})
}

func client(t *testing.T, url string) provider.Provider {
	t.Helper()
	p, err := linode.New(provider.Env{Server: url + "/v4", Password: token, Settings: &linode.Settings{TTL: 300},
		HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOneDomainLookup: the domain id is looked up once per client; extra
// records go; a new record gets DDNS_TTL.
func TestOneDomainLookup(t *testing.T) {
	t.Parallel()
	f := linodetest.New(token, "example.com")
	f.Add("example.com", "two", "A", "198.51.100.1", 60)
	f.Add("example.com", "two", "A", "198.51.100.2", 60)
	var lookups int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v4/domains" {
			lookups++
			if got := r.Header.Get("X-Filter"); got != `{"domain":"example.com"}` {
				t.Errorf("X-Filter %q", got)
			}
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := client(t, srv.URL)
	for _, rec := range []provider.Record{home, {Domain: "example.com", Host: "two"}} {
		if err := p.Update(context.Background(), rec, v4a); err != nil {
			t.Fatal(err)
		}
	}
	if lookups != 1 {
		t.Errorf("%d domain lookups, want 1", lookups)
	}
	if got := f.Find("example.com", "two", "A"); len(got) != 1 || got[0].Target != v4a.String() || got[0].TTLSec != 60 {
		t.Errorf("two = %+v", got)
	}
	if got := f.Find("example.com", "home", "A"); len(got) != 1 || got[0].TTLSec != 300 {
		t.Errorf("home = %+v", got)
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
		{"bad token", 401, `{"errors":[{"reason":"Invalid Token"}]}`, provider.ErrAuth, "HTTP 401: Invalid Token"},
		{"read-only token", 403, `{"errors":[{"reason":"Unauthorized"}]}`, provider.ErrAuth, "Domains Read/Write"},
		{"bad field", 400, `{"errors":[{"field":"target","reason":"Invalid"}]}`, provider.ErrBadResponse, "target: Invalid"},
		{"no data", 200, `{"page":1}`, provider.ErrBadResponse, "no data"},
		{"no such domain", 200, `{"data":[{"id":1,"domain":"example.org"}]}`, provider.ErrNotFound, "example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
