package godaddy_test

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
	"github.com/ddns-pi/ddns/internal/provider/godaddy"
	"github.com/ddns-pi/ddns/internal/provider/godaddy/godaddytest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/secret"
)

const (
	key       = "dKYd1UHmWgaA_7sBhNYvSVkNfZAYzWsWwUf"
	apiSecret = "K7sV+c/x%Jq&z=9"
)

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6   = netip.MustParseAddr("2001:db8::7")
)

func settings() any { return &godaddy.Settings{APISecret: secret.New(apiSecret), TTL: 600} }

// sample is an account holding example.com and example.org with records
// an update must leave alone.
func sample(k string) *godaddytest.Server {
	f := godaddytest.New(k, apiSecret, "example.com", "example.org")
	f.Set("example.com", "A", "www", godaddytest.Record{Data: "198.51.100.1", TTL: 3600})
	f.Set("example.com", "MX", "@", godaddytest.Record{Data: "mail.example.com", TTL: 3600})
	f.Set("example.com", "A", "*", godaddytest.Record{Data: "198.51.100.9", TTL: 3600})
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(d, h string) provider.Record { return provider.Record{Domain: d, Host: h} }
	providertest.Run(t, providertest.Harness{
		Factory: godaddy.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := godaddytest.New(password, apiSecret, "example.com", "example.org")
			f.Set("example.com", "A", "www", godaddytest.Record{Data: "198.51.100.1", TTL: 3600})
			f.Set("example.com", "MX", "@", godaddytest.Record{Data: "mail.example.com", TTL: 3600})
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return f.Addrs(r.Domain, name(r)) },
				Faults:    &f.Faults,
			}
		},
		Records:  []provider.Record{rec("example.com", "@"), home, rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Settings: settings,
		Secrets:  []string{apiSecret},
	})
}

// TestOthersKept: the update leaves every other record set of the zone
// alone (a PUT on /records/A, or on /records, would replace them).
func TestOthersKept(t *testing.T) {
	t.Parallel()
	f := sample(key)
	p := client(t, f)
	before := f.Except("example.com", "home")
	for _, a := range []netip.Addr{v4a, v6, v4b} {
		if err := p.Update(context.Background(), home, a); err != nil {
			t.Fatal(err)
		}
	}
	if after := f.Except("example.com", "home"); after != before {
		t.Errorf("other records changed:\n%s\nwas\n%s", after, before)
	}
}

func name(r provider.Record) string {
	if r.Host == "" {
		return "@"
	}
	return r.Host
}

func client(t *testing.T, f *godaddytest.Server) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return clientAt(t, srv.URL)
}

func clientAt(t *testing.T, url string) provider.Provider {
	t.Helper()
	p, err := godaddy.New(provider.Env{Server: url, Password: key, Settings: settings(),
		HTTP: provider.NewHTTP(&http.Client{Timeout: 10 * time.Second}, "ddns/test", key, apiSecret)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUpdateKeepsTTLAndReplacesTheSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing []godaddytest.Record
		want     []godaddytest.Record
		puts     int
		created  bool
	}{
		{name: "missing record is created with DDNS_TTL", want: []godaddytest.Record{{Data: v4a.String(), TTL: 600}},
			puts: 1, created: true},
		{name: "changed address keeps the TTL", existing: []godaddytest.Record{{Data: "192.0.2.1", TTL: 1234}},
			want: []godaddytest.Record{{Data: v4a.String(), TTL: 1234}}, puts: 1},
		{name: "same address sends no PUT", existing: []godaddytest.Record{{Data: v4a.String(), TTL: 1234}},
			want: []godaddytest.Record{{Data: v4a.String(), TTL: 1234}}},
		{name: "two values become the one address", existing: []godaddytest.Record{{Data: "192.0.2.1", TTL: 900},
			{Data: v4a.String(), TTL: 900}}, want: []godaddytest.Record{{Data: v4a.String(), TTL: 900}}, puts: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := sample(key)
			if tc.existing != nil {
				f.Set("example.com", "A", "home", tc.existing...)
			}
			obs := &provider.Observer{}
			if err := client(t, f).Update(provider.WithObserver(context.Background(), obs), home, v4a); err != nil {
				t.Fatal(err)
			}
			got := f.Get("example.com", "A", "home")
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("set = %v, want %v", got, tc.want)
			}
			if f.Puts() != tc.puts {
				t.Errorf("PUTs = %d, want %d", f.Puts(), tc.puts)
			}
			if obs.Created() != tc.created {
				t.Errorf("Created = %v, want %v", obs.Created(), tc.created)
			}
		})
	}
}

func TestAccessDeniedSaysWhy(t *testing.T) {
	t.Parallel()
	f := sample(key)
	f.SetDenied(true)
	err := client(t, f).Update(context.Background(), home, v4a)
	if !errors.Is(err, provider.ErrAuth) || !strings.Contains(err.Error(), "10 or more domains") {
		t.Errorf("err = %v, want ErrAuth explaining GoDaddy's 2024 API restriction", err)
	}
}

// TestVerdicts feeds the documented error answers to the client.
func TestVerdicts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   error
		wait   time.Duration
		text   string
	}{
		{"401", 401, nil, `{"code":"UNABLE_TO_AUTHENTICATE","message":"Unable to authenticate"}`, provider.ErrAuth, 0, "Unable to authenticate"},
		{"403 other", 403, nil, `{"code":"FORBIDDEN","message":"nope"}`, provider.ErrAuth, 0, "FORBIDDEN"},
		{"404", 404, nil, `{"code":"UNKNOWN_DOMAIN","message":"The given domain is not registered"}`, provider.ErrNotFound, 0, "not registered"},
		{"422", 422, nil, `{"code":"INVALID_BODY","message":"Request body doesn't fulfill schema"}`, provider.ErrRefused, 0, "INVALID_BODY"},
		{"400", 400, nil, `{"code":"INVALID_BODY","message":"Request was malformed"}`, provider.ErrBadResponse, 0, "malformed"},
		{"429 body wait", 429, nil, `{"code":"TOO_MANY_REQUESTS","message":"Too many requests","retryAfterSec":30}`,
			provider.ErrRateLimited, 30 * time.Second, "429"},
		{"429 header wins", 429, http.Header{"Retry-After": {"5"}}, `{"code":"TOO_MANY_REQUESTS","retryAfterSec":30}`,
			provider.ErrRateLimited, 5 * time.Second, "429"},
		{"200 not JSON", 200, nil, `ok`, provider.ErrBadResponse, 0, "ok"},
		{"404 not JSON", 404, nil, `Not Found`, provider.ErrBadResponse, 0, "Not Found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			err := clientAt(t, srv.URL).Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
			var rl *provider.RateLimitError
			if errors.As(err, &rl) && rl.RetryAfter != tc.wait {
				t.Errorf("RetryAfter = %v, want %v", rl.RetryAfter, tc.wait)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	for ttl, ok := range map[int]bool{599: false, 600: true, 86400: true} {
		if err := (&godaddy.Settings{TTL: ttl}).Validate(); (err == nil) != ok {
			t.Errorf("Validate(TTL=%d) = %v", ttl, err)
		}
	}
	if _, err := godaddy.New(provider.Env{Server: godaddy.DefaultServer, Password: key, Settings: &godaddy.Settings{TTL: 600},
		HTTP: provider.NewHTTP(&http.Client{}, "t", key)}); err == nil {
		t.Error("New without DDNS_API_SECRET succeeded")
	}
}
