package netcup_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/netcup"
	"github.com/ddns-pi/ddns/internal/provider/netcup/netcuptest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/secret"
)

const (
	customer = "123456"
	apiKey   = "K3yK3yK3yK3yK3yK3yK3yK3yK3yK3y"
	password = "Pa55w0rdPa55w0rdPa55w0rd"
)

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
)

func host(r provider.Record) string {
	if r.Host == "" {
		return "@"
	}
	return r.Host
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: netcup.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := netcuptest.New(customer, apiKey, password, "example.com", "example.org")
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return f.Published(r.Domain, host(r)) },
				Faults:    &f.Faults,
			}
		},
		Records:  []provider.Record{home, rec("example.com", "@"), rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Username: customer,
		Settings: func() any { return &netcup.Settings{APISecret: secret.New(apiKey)} },
		Secrets:  []string{apiKey},
	})
}

func client(t *testing.T, f *netcuptest.Server, key string) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := netcup.New(provider.Env{Server: srv.URL, Username: customer, Password: password,
		Settings: &netcup.Settings{APISecret: secret.New(key)}, HTTP: provider.NewHTTP(srv.Client(), "t", password, key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestUpdateKeepsFields: the record goes back with its id and priority,
// the session is closed, and an unchanged record is not written.
func TestUpdateKeepsFields(t *testing.T) {
	t.Parallel()
	f := netcuptest.New(customer, apiKey, password, "example.com")
	f.Add("example.com", netcuptest.Record{Hostname: "home", Type: "A", Priority: "5", Destination: "198.51.100.1"})
	p := client(t, f, apiKey)
	for range 2 {
		if err := p.Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Records("example.com", "home")
	if len(got) != 1 || got[0].Destination != v4a.String() || got[0].Priority != "5" || got[0].ID != "2" {
		t.Errorf("records = %+v, want the record changed in place with its priority", got)
	}
	if n := f.Count("updateDnsRecords"); n != 1 {
		t.Errorf("updateDnsRecords sent %d times, want 1", n)
	}
	if n := f.OpenSessions(); n != 0 {
		t.Errorf("%d sessions left open", n)
	}
}

// TestWrongKeyIsTemporary: netcup answers a wrong API key with its rate
// limit words, so the run retries later and says what to check.
func TestWrongKeyIsTemporary(t *testing.T) {
	t.Parallel()
	f := netcuptest.New(customer, apiKey, password, "example.com")
	err := client(t, f, "wrong-key-123").Update(context.Background(), home, v4a)
	var rl *provider.RateLimitError
	if !errors.As(err, &rl) || !strings.Contains(err.Error(), "DDNS_API_SECRET") || strings.Contains(err.Error(), "wrong-key-123") {
		t.Errorf("err = %v, want a rate limit naming DDNS_API_SECRET without the key", err)
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	e := func(action string, code int, short, long string) netcup.Envelope {
		return netcup.Envelope{Action: action, Status: "error", StatusCode: code, ShortMessage: short, LongMessage: long}
	}
	tests := []struct {
		name   string
		action string
		env    netcup.Envelope
		want   error // nil: success
		text   string
	}{
		{"ok", "login", netcup.Envelope{Status: "success", StatusCode: 2000}, nil, ""},
		{"bad password", "login", e("login", 4013, "Validation Error.", "Invalid API password."), provider.ErrAuth, "error 4013"},
		{"rate", "infoDnsRecords", e("", 4013, "Validation Error.", "More than 180 requests per minute. Please wait."),
			provider.ErrRateLimited, "More than 180"},
		{"session", "infoDnsRecords", e("", 4001, "Api session id in invalid format", "The session id is not in a valid format."),
			provider.ErrBadResponse, "4001"},
		{"zone on update", "updateDnsRecords", e("", 5028, "Update of DNS records failed",
			"Can not update (all) DNS records for zone. The zone example.net could not be found."), provider.ErrNotFound, "5028"},
		{"domain type", "infoDnsRecords", e("", 4013, "Validation Error.",
			"Value in field domainname does not match requirements of type: domainname. "), provider.ErrNotFound, "domainname"},
		{"invalid value", "updateDnsRecords", e("", 4013, "Validation Error.", "Invalid value"), provider.ErrRefused, "Invalid value"},
		{"other 4013 on read", "infoDnsRecords", e("", 4013, "Validation Error.", "Message is empty."), provider.ErrBadResponse, "empty"},
		{"warning", "login", netcup.Envelope{Status: "warning", StatusCode: 3000}, provider.ErrBadResponse, "warning"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := netcup.Verdict(tc.action, tc.env, provider.OneLine)
			if (tc.want == nil) != (err == nil) || (err != nil && (!errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text))) {
				t.Errorf("verdict = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}
