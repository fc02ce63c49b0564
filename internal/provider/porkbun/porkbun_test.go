package porkbun_test

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
	"github.com/ddns-pi/ddns/internal/provider/porkbun"
	"github.com/ddns-pi/ddns/internal/provider/porkbun/porkbuntest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/secret"
)

const (
	key = "pk1_0123456789abcdef"
	sec = "sk1_s3cr3t/+&=%x"
)

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func sample(key string) *porkbuntest.Server {
	f := porkbuntest.New(key, sec, "example.com")
	for _, n := range []string{"home.example.com", "vpn.example.com", "example.com"} {
		f.Add("example.com", n, "A", "198.51.100.1", "3600")
	}
	return f
}

func settings() any { return &porkbun.Settings{APISecret: secret.New(sec), TTL: 600} }

func TestConformance(t *testing.T) {
	t.Parallel()
	var fakes jsonresttest.Fakes[*porkbuntest.Server]
	providertest.Run(t, providertest.Harness{
		Factory: porkbun.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fakes.Add(sample(password))
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL + "/api/json/v3", Faults: &f.Faults,
				Published: func(r provider.Record) []netip.Addr {
					var values []string
					for _, x := range f.Find(r.Domain, r.FQDN(), "") {
						values = append(values, x.Content)
					}
					return jsonresttest.Published(values)
				}}
		},
		Records:  []provider.Record{home, {Domain: "example.com", Host: "vpn"}, {Domain: "example.com", Host: "@"}},
		Missing:  provider.Record{Domain: "example.net", Host: "home"},
		Absent:   provider.Record{Domain: "example.com", Host: "new"},
		Settings: settings,
		Secrets:  []string{sec},
		Others: func(r provider.Record) string {
			return fakes.Changed(func(f *porkbuntest.Server) bool {
				got := f.Find(r.Domain, r.FQDN(), "A")
				return len(got) != 1 || got[0].TTL != "3600" || got[0].ID == ""
			})
		},
	})
}

func client(t *testing.T, url string) provider.Provider {
	t.Helper()
	p, err := porkbun.New(provider.Env{Server: url + "/api/json/v3", Password: key, Settings: settings(),
		HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", key, sec)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func start(t *testing.T, f *porkbuntest.Server) provider.Provider {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return client(t, srv.URL)
}

// TestParked: a parked ALIAS or CNAME refuses the create and stays.
func TestParked(t *testing.T) {
	t.Parallel()
	for _, rec := range []provider.Record{{Domain: "example.com", Host: "@"}, {Domain: "example.com", Host: "*"}} {
		f := porkbuntest.New(key, sec, "example.com")
		f.Park("example.com")
		err := start(t, f).Update(context.Background(), rec, v4a)
		if !errors.Is(err, provider.ErrRefused) || !strings.Contains(err.Error(), "pixie.porkbun.com") ||
			!strings.Contains(err.Error(), "delete it") {
			t.Errorf("%s: err = %v, want a refusal naming the parked record", rec, err)
		}
		if len(f.Find("example.com", rec.FQDN(), "")) != 1 {
			t.Errorf("%s: the parked record was touched", rec)
		}
	}
}

// TestEditKeepsAndDedups: the edit keeps TTL and notes; extra records of
// the name and type go; a new record gets the wildcard name.
func TestEditKeepsAndDedups(t *testing.T) {
	t.Parallel()
	f := porkbuntest.New(key, sec, "example.com")
	f.Add("example.com", "home.example.com", "A", "198.51.100.1", "1200")
	f.Add("example.com", "home.example.com", "A", "198.51.100.2", "1200")
	p := start(t, f)
	if err := p.Update(context.Background(), home, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Find("example.com", "home.example.com", "A"); len(got) != 1 || got[0].TTL != "1200" || got[0].Content != v4a.String() {
		t.Errorf("home = %+v", got)
	}
	if err := p.Update(context.Background(), provider.Record{Domain: "example.com", Host: "*"}, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Find("example.com", "*.example.com", "A"); len(got) != 1 || got[0].TTL != "600" {
		t.Errorf("wildcard = %+v", got)
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
		{"bad key", 400, `{"status":"ERROR","message":"Invalid API key. (001)"}`, provider.ErrAuth, "Invalid API key"},
		{"api access off", 400, `{"status":"ERROR","message":"Domain is not opted in to API access."}`, provider.ErrAuth, "switch on API ACCESS"},
		{"unknown domain", 400, `{"status":"ERROR","message":"Invalid domain."}`, provider.ErrNotFound, "Invalid domain."},
		{"error on 200", 200, `{"status":"ERROR","message":"Invalid API key. (001)"}`, provider.ErrAuth, "HTTP 200"},
		{"unknown words", 400, `{"status":"ERROR","message":"Something new"}`, provider.ErrBadResponse, "Something new"},
		{"odd status", 200, `{"status":"MAYBE"}`, provider.ErrBadResponse, "MAYBE"},
		{"no records", 200, `{"status":"SUCCESS"}`, provider.ErrBadResponse, "no records"},
		{"html 403", 403, `<html>blocked</html>`, provider.ErrAuth, "blocked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/api/json/v3/dns/retrieveByNameType/example.com/A/home" {
					t.Errorf("%s %s", r.Method, r.URL.Path)
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
