package digitalocean_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/digitalocean"
	"github.com/ddns-pi/ddns/internal/provider/digitalocean/digitaloceantest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const token = "dop_v1_0123456789abcdef"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func sample(token string) *digitaloceantest.Server {
	f := digitaloceantest.New(token, "example.com")
	f.Add("example.com", "home", "A", "198.51.100.1", 3600)
	f.Add("example.com", "@", "A", "198.51.100.1", 600)
	f.Add("example.com", "*", "A", "198.51.100.1", 600)
	f.Add("example.com", "home", "TXT", "v=keep", 300)
	return f
}

func label(r provider.Record) string {
	if r.Host == "@" {
		return "@"
	}
	return r.Host
}

func published(f *digitaloceantest.Server, r provider.Record) []netip.Addr {
	var values []string
	for _, x := range f.Find(r.Domain, label(r), "") {
		values = append(values, x.Data)
	}
	return jsonresttest.Published(values)
}

func TestConformance(t *testing.T) {
	t.Parallel()
	var fakes jsonresttest.Fakes[*digitaloceantest.Server]
	providertest.Run(t, providertest.Harness{
		Factory: digitalocean.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fakes.Add(sample(password))
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr { return published(f, r) }}
		},
		Records:  []provider.Record{home, {Domain: "example.com", Host: "@"}, {Domain: "example.com", Host: "*"}},
		Missing:  provider.Record{Domain: "example.net", Host: "home"},
		Absent:   provider.Record{Domain: "example.com", Host: "new"},
		Settings: func() any { return &digitalocean.Settings{TTL: 1800} },
		Others: func(r provider.Record) string {
			seed := fmt.Sprint(sample("").Find(r.Domain, label(r), ""))
			return fakes.Changed(func(f *digitaloceantest.Server) bool {
				var kept []digitaloceantest.Record
				for _, x := range f.Find(r.Domain, label(r), "") {
					if x.Type != "AAAA" {
						x.Data = sample("").Find(r.Domain, label(r), x.Type)[0].Data
						kept = append(kept, x)
					}
				}
				return fmt.Sprint(kept) != seed
			})
		},
	})
}

func client(t *testing.T, url string) provider.Provider {
	t.Helper()
	p, err := digitalocean.New(provider.Env{Server: url, Password: token, Settings: &digitalocean.Settings{TTL: 120},
		HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCreateAndExtras: a new record gets DDNS_TTL and the relative name;
// extra records of the name and type are removed after the first is set.
func TestCreateAndExtras(t *testing.T) {
	t.Parallel()
	f := digitaloceantest.New(token, "example.com")
	f.Add("example.com", "two", "A", "198.51.100.1", 60)
	f.Add("example.com", "two", "A", "198.51.100.2", 60)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p := client(t, srv.URL)
	obs := &provider.Observer{}
	if err := p.Update(provider.WithObserver(context.Background(), obs), home, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Find("example.com", "home", "A"); len(got) != 1 || got[0].TTL != 120 || !obs.Created() {
		t.Errorf("created %+v (noted %v), want one record with TTL 120", got, obs.Created())
	}
	if err := p.Update(context.Background(), provider.Record{Domain: "example.com", Host: "two"}, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Find("example.com", "two", "A"); len(got) != 1 || got[0].Data != v4a.String() || got[0].TTL != 60 {
		t.Errorf("two = %+v, want one record %s with TTL 60", got, v4a)
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
		{"bad token", 401, `{"id":"unauthorized","message":"Unable to authenticate you"}`, provider.ErrAuth, "unauthorized: Unable to authenticate you"},
		{"missing scope", 403, `{"id":"forbidden","message":"You are not authorized to perform this operation"}`, provider.ErrAuth, "domain:update"},
		{"unknown domain", 404, `{"id":"not_found","message":"The resource you were accessing could not be found."}`, provider.ErrNotFound, "not_found"},
		{"refused value", 422, `{"id":"unprocessable_entity","message":"Data needs to be a valid IP address."}`, provider.ErrRefused, "valid IP"},
		{"other 400", 400, `{"id":"bad_request","message":"huh"}`, provider.ErrBadResponse, "bad_request: huh"},
		{"html 403", 403, `<html>denied</html>`, provider.ErrAuth, "denied"},
		{"no list", 200, `{"links":{}}`, provider.ErrBadResponse, "domain_records"},
		{"not json", 200, `ok`, provider.ErrBadResponse, `"ok"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer "+token {
					t.Errorf("Authorization %q", r.Header.Get("Authorization"))
				}
				if q := r.URL.Query(); q.Get("name") != "home.example.com" || q.Get("type") != "A" {
					t.Errorf("query %q", r.URL.RawQuery)
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
