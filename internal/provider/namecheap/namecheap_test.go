package namecheap_test

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
	"github.com/ddns-pi/ddns/internal/provider/namecheap"
	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const (
	password = "0123456789abcdef0123456789abcdef"
	wrong    = "fedcba9876543210fedcba9876543210"
	domain   = "example.com"
)

func start(t *testing.T) (*namecheaptest.Server, *httptest.Server) {
	t.Helper()
	fake := namecheaptest.New(domain, password, "@", "*", "home", "www")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv
}

func client(t *testing.T, srv *httptest.Server, pw string) provider.Provider {
	t.Helper()
	hc := srv.Client()
	hc.Timeout = 30 * time.Second
	p, err := namecheap.New(provider.Env{Server: srv.URL, Password: pw, HTTP: provider.NewHTTP(hc, "ddns/test", pw)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: namecheap.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			fake := namecheaptest.New(domain, password, "@", "*", "home", "www")
			srv := httptest.NewServer(fake)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL: srv.URL,
				Published: func(r provider.Record) []netip.Addr {
					if a := fake.Addr(r.Host); a.IsValid() {
						return []netip.Addr{a}
					}
					return nil
				},
				Faults: &fake.Faults,
			}
		},
		Records: []provider.Record{rec("@"), rec("*"), rec("home"), rec("www")},
		Missing: rec("nothere"),
	})
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	home := provider.Record{Domain: domain, Host: "home"}
	v4 := netip.MustParseAddr("203.0.113.7")
	tests := []struct {
		name     string
		rec      provider.Record
		addr     netip.Addr
		pw       string
		want     error
		text     string
		requests int
	}{
		{name: "wrong password", rec: home, addr: v4, pw: wrong, want: provider.ErrAuth, requests: 1,
			text: "credentials refused: Passwords do not match"},
		{name: "unknown host", rec: provider.Record{Domain: domain, Host: "nothere"}, addr: v4, pw: password,
			want: provider.ErrNotFound, requests: 1, text: "A record not Found"},
		{name: "domain in other case", rec: provider.Record{Domain: "Example.com", Host: "home"}, addr: v4,
			pw: password, want: provider.ErrNotFound, requests: 1, text: "Domain name not found"},
		{name: "fqdn as host", rec: provider.Record{Domain: domain, Host: "home.example.com"}, addr: v4,
			pw: password, want: provider.ErrNotFound, requests: 1},
		{name: "ipv6 refused without a request", rec: home, addr: netip.MustParseAddr("2001:db8::1"),
			pw: password, want: provider.ErrRefused, requests: 0, text: "cannot set AAAA records"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, srv := start(t)
			err := client(t, srv, tc.pw).Update(context.Background(), tc.rec, tc.addr)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
			if strings.Contains(err.Error(), password) || strings.Contains(err.Error(), wrong) {
				t.Errorf("error leaks the password: %q", err)
			}
			if got := fake.Requests(); got != tc.requests {
				t.Errorf("requests = %d, want %d", got, tc.requests)
			}
		})
	}
}

// TestOddAnswers covers answers the fake never gives but a proxy or a
// changed service could: a plain 400, an HTML page, a wrong echoed address.
func TestOddAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{name: "plain 400", status: 400, body: "Bad Request", want: provider.ErrBadResponse},
		{name: "html 200", status: 200, body: "<html><body>Parked</body></html>", want: provider.ErrBadResponse},
		{name: "empty 200", status: 200, body: "", want: provider.ErrBadResponse},
		{name: "other address echoed", status: 200, want: provider.ErrBadResponse,
			body: `<?xml version="1.0"?><interface-response><IP>198.51.100.1</IP><ErrCount>0</ErrCount></interface-response>`},
		{name: "html 502", status: 502, body: "<html>Bad Gateway</html>", want: provider.ErrUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var gotQuery string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotQuery = r.URL.RawQuery
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			err := client(t, srv, password).Update(context.Background(),
				provider.Record{Domain: domain, Host: "@"}, netip.MustParseAddr("203.0.113.7"))
			if !errors.Is(err, tc.want) || provider.Permanent(err) {
				t.Errorf("err = %v, want temporary %v", err, tc.want)
			}
			if !strings.Contains(gotQuery, "host=%40&") {
				t.Errorf("query %q does not send host as the bare label", gotQuery)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	hc := provider.NewHTTP(&http.Client{}, "ddns/test", password)
	for name, opts := range map[string]provider.Env{
		"no password": {HTTP: hc},
		"no client":   {Password: password},
		"bad server":  {Password: password, HTTP: hc, Server: "ftp://x"},
	} {
		if _, err := namecheap.New(opts); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	if _, err := namecheap.New(provider.Env{Password: password, HTTP: hc}); err != nil {
		t.Errorf("default server: %v", err)
	}
}

// TestUsesGET: the only documented method; the password travels in the
// query as the service requires.
func TestUsesGET(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New(domain, password, "home")
	methods := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		methods <- r.Method
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	if err := client(t, srv, password).Update(context.Background(), provider.Record{Domain: domain, Host: "home"},
		netip.MustParseAddr("203.0.113.7")); err != nil {
		t.Fatal(err)
	}
	if m := <-methods; m != http.MethodGet {
		t.Errorf("method %s, want GET", m)
	}
}
