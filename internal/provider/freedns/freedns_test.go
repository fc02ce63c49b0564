package freedns_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/freedns"
	"github.com/ddns-pi/ddns/internal/provider/freedns/freednstest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/secret"
)

// The tokens of the records besides the one DDNS_API_PASSWORD names.
const tokens = "home/v6=Tok6Home6Tok6Home6Tok6Ho, nas=TokNasTokNasTokNasTokNas *=TokStarTokStarTokStarTok"

var others = []string{"Tok6Home6Tok6Home6Tok6Ho", "TokNasTokNasTokNasTokNas", "TokStarTokStarTokStarTok"}

var home = provider.Record{Domain: "example.com", Host: "home"}

func fake(password string) *freednstest.Server {
	f := freednstest.New()
	f.Add(password, "home.example.com", false)
	f.Add(others[0], "home.example.com", true)
	f.Add(others[1], "nas.example.com", false)
	f.Add(others[2], "*.example.com", false)
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: freedns.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := fake(password)
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return f.Published(r.FQDN()) },
				Faults:    &f.Faults,
			}
		},
		Records:  []provider.Record{home, rec("example.com", "nas"), rec("example.com", "*")},
		Missing:  rec("example.net", "home"),
		Settings: func() any { return &freedns.Settings{FreednsTokens: secret.New(tokens)} },
		Secrets:  others,
	})
}

// TestListedTokenLeaksNot: a per-record token the service quotes back is
// redacted like the password.
func TestListedTokenLeaksNot(t *testing.T) {
	t.Parallel()
	f := fake("PasswordTokenPasswordTok")
	f.SetEcho(func(got string) string { return "token " + got + " refused" })
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := freedns.New(provider.Env{Server: srv.URL, Password: "PasswordTokenPasswordTok",
		Settings: &freedns.Settings{FreednsTokens: secret.New(tokens)}, HTTP: provider.NewHTTP(srv.Client(), "t", "PasswordTokenPasswordTok")})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Update(context.Background(), provider.Record{Domain: "example.com", Host: "nas"}, netip.MustParseAddr("203.0.113.7"))
	if err == nil || strings.Contains(err.Error(), others[1]) {
		t.Errorf("err = %v, want an error without the nas token", err)
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       error // nil: success
	}{
		{"updated", "Updated 1 host(s) home.example.com to 203.0.113.7 in 0.142 seconds\n", nil},
		{"unchanged", "No IP change detected for home.example.com with IP 203.0.113.7, skipping update", nil},
		{"v1 unchanged", "ERROR: Address 203.0.113.7 has not changed.", nil},
		{"case", "UPDATED 1 host(s) HOME.example.com to 203.0.113.7", nil},
		{"other record", "Updated 1 host(s) nas.example.com to 203.0.113.7 in 0.1 seconds", provider.ErrNotFound},
		{"unknown token", "ERROR: Unable to locate this record (changed password recently? deleted record?)", provider.ErrAuth},
		{"bad url", "ERROR: Invalid update URL (2)", provider.ErrAuth},
		{"other error", "ERROR: Address 2001:db8::1 is not valid for this record.", provider.ErrBadResponse},
		{"html", "<html>parked</html>", provider.ErrBadResponse},
		{"empty", "", provider.ErrBadResponse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := freedns.Verdict(tc.body, "home.example.com", provider.OneLine)
			if (tc.want == nil) != (err == nil) || (err != nil && !errors.Is(err, tc.want)) {
				t.Errorf("verdict = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestParseTokens(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"SECRETX", "=SECRETX", "home=", "home=SEC/RETX", "a=SECRETX,a=SECRETY"} {
		s := freedns.Settings{FreednsTokens: secret.New(bad)}
		if err := s.Validate(); err == nil || strings.Contains(err.Error(), "SEC") {
			t.Errorf("Validate(%q) = %v, want an error that quotes no token", bad, err)
		}
	}
	s := freedns.Settings{FreednsTokens: secret.New(tokens)}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate(good) = %v", err)
	}
}
