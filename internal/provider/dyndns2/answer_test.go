package dyndns2_test

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
	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
)

const password = "s3cret-pw"

var (
	v4 = netip.MustParseAddr("203.0.113.7")
	v6 = netip.MustParseAddr("2001:db8::7")
)

func preset(t *testing.T, name string) dyndns2.Preset {
	t.Helper()
	for _, p := range dyndns2.Presets() {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no preset %q", name)
	return dyndns2.Preset{}
}

// canned serves one fixed answer and records each request.
type canned struct {
	status int
	body   string
	reqs   chan *http.Request
}

func serveCanned(t *testing.T, status int, body string) (*canned, string) {
	t.Helper()
	c := &canned{status: status, body: body, reqs: make(chan *http.Request, 64)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.reqs <- r
		w.WriteHeader(c.status)
		w.Write([]byte(c.body))
	}))
	t.Cleanup(srv.Close)
	return c, srv.URL
}

func build(t *testing.T, p dyndns2.Preset, server, username string) provider.Provider {
	t.Helper()
	hc := &http.Client{Timeout: 10 * time.Second}
	prov, err := p.Factory().New(provider.Env{Server: server, Username: username, Password: password,
		HTTP: provider.NewHTTP(hc, "ddns/test", password)})
	if err != nil {
		t.Fatal(err)
	}
	return prov
}

// TestAnswers classifies every documented return code, whatever the
// HTTP status, for a request carrying two names.
func TestAnswers(t *testing.T) {
	t.Parallel()
	rl := &provider.RateLimitError{}
	tests := []struct {
		name   string
		status int
		body   string
		want   [2]error // per name; rl stands for a 30-minute rate limit
	}{
		{"good echoing the address", 200, "good 203.0.113.7\ngood 203.0.113.7\n", [2]error{nil, nil}},
		{"nochg, crlf", 200, "nochg 203.0.113.7\r\nnochg 203.0.113.7\r\n", [2]error{nil, nil}},
		{"good without address", 200, "good", [2]error{nil, nil}},
		{"one line per name, one unknown", 200, "good 203.0.113.7\nnohost", [2]error{nil, provider.ErrNotFound}},
		{"badauth once", 200, "badauth", [2]error{provider.ErrAuth, provider.ErrAuth}},
		{"badauth with 401 (deSEC, nsupdate.info)", 401, "badauth", [2]error{provider.ErrAuth, provider.ErrAuth}},
		{"401 without a code (No-IP, no auth)", 401, "This service requires basic http authentication", [2]error{provider.ErrAuth, provider.ErrAuth}},
		{"!donator", 200, "!donator", [2]error{provider.ErrBlocked, provider.ErrBlocked}},
		{"abuse", 200, "abuse\nabuse", [2]error{provider.ErrBlocked, provider.ErrBlocked}},
		{"badagent", 200, "badagent", [2]error{provider.ErrBlocked, provider.ErrBlocked}},
		{"good 127.0.0.1 not sent", 200, "good 127.0.0.1\ngood 127.0.0.1", [2]error{provider.ErrBlocked, provider.ErrBlocked}},
		{"notfqdn", 200, "notfqdn", [2]error{provider.ErrNotFound, provider.ErrNotFound}},
		{"nohost with 404 (deSEC)", 404, "nohost", [2]error{provider.ErrNotFound, provider.ErrNotFound}},
		{"!yours", 200, "good 203.0.113.7\n!yours", [2]error{nil, provider.ErrNotFound}},
		{"numhost", 200, "numhost", [2]error{provider.ErrRefused, provider.ErrRefused}},
		{"dnserr", 200, "dnserr", [2]error{provider.ErrUnavailable, provider.ErrUnavailable}},
		{"911", 200, "911", [2]error{rl, rl}},
		{"911 with HTTP 503", 503, "911", [2]error{rl, rl}},
		{"another address set", 200, "good 198.51.100.1\ngood 198.51.100.1", [2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
		{"three lines for two names", 200, "good\ngood\ngood", [2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
		{"unknown word", 200, "Good 203.0.113.7", [2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
		{"unknown second line", 200, "good 203.0.113.7\nmaybe", [2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
		{"empty", 200, "", [2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
		{"HTML 503", 503, "<html>down</html>", [2]error{provider.ErrUnavailable, provider.ErrUnavailable}},
		{"400 with a detail text (deSEC)", 400, `IP parameter "myip" cannot have addresses and "preserve"`,
			[2]error{provider.ErrBadResponse, provider.ErrBadResponse}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, url := serveCanned(t, tc.status, tc.body)
			b := build(t, preset(t, "dyn"), url, "user").(provider.Batcher)
			errs := b.UpdateBatch(context.Background(), []provider.Change{
				{Record: rec("home"), Addr: v4}, {Record: rec("www"), Addr: v4}})
			for i, err := range errs {
				want := tc.want[i]
				switch {
				case want == nil && err != nil:
					t.Errorf("name %d: %v, want success", i, err)
				case want == rl:
					var got *provider.RateLimitError
					if !errors.As(err, &got) || got.RetryAfter < 30*time.Minute {
						t.Errorf("name %d: %v, want a rate limit of at least 30 minutes", i, err)
					}
				case want != nil && !errors.Is(err, want):
					t.Errorf("name %d: %v, want %v", i, err, want)
				}
				if err != nil && tc.body != "" && tc.status < 500 && !quotes(err, tc.body) {
					t.Errorf("name %d: %q does not quote the service's words", i, err)
				}
			}
		})
	}
}

// TestStatusOnly: Domeneshop answers by status alone.
func TestStatusOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		want   error
	}{{204, nil}, {404, provider.ErrNotFound}, {401, provider.ErrAuth}, {403, provider.ErrAuth},
		{200, provider.ErrBadResponse}, {400, provider.ErrBadResponse}} {
		_, url := serveCanned(t, tc.status, `{"code":"x","help":"y"}`)
		err := build(t, preset(t, "domeneshop"), url, "token").Update(context.Background(), rec("home"), v4)
		if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("HTTP %d: %v, want %v", tc.status, err, tc.want)
		}
	}
}

// TestRequestShape checks path, parameters and the user name each preset
// sends.
func TestRequestShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		preset, username string
		rec              provider.Record
		addr             netip.Addr
		wantUser         string
		wantURI          string
	}{
		{"dyndns2", "me", rec("home"), v4, "me", "/nic/update?hostname=home.example.com&myip=203.0.113.7"},
		{"dyndns2", "me", rec("@"), v6, "me", "/nic/update?hostname=example.com&myip=2001:db8::7"},
		{"noip", "me", rec("*"), v4, "me", "/nic/update?hostname=%2A.example.com&myip=203.0.113.7"},
		{"ovh", "example.com-home", rec("home"), v4, "example.com-home", "/nic/update?system=dyndns&hostname=home.example.com&myip=203.0.113.7"},
		{"he", "", rec("home"), v6, "home.example.com", "/nic/update?hostname=home.example.com&myip=2001:db8::7"},
		{"nsupdateinfo", "", rec("home"), v4, "home.example.com", "/nic/update?hostname=home.example.com&myip=203.0.113.7"},
		{"spdyn", "", rec("home"), v4, "home.example.com", "/nic/update?hostname=home.example.com&myip=203.0.113.7"},
		{"spdyn", "acct", rec("home"), v4, "acct", "/nic/update?hostname=home.example.com&myip=203.0.113.7"},
		{"strato", "", rec("home"), v4, "example.com", "/nic/update?hostname=home.example.com&myip=203.0.113.7"},
		{"desec", "", rec("home"), v4, "example.com", "/nic/update?hostname=home.example.com&myipv4=203.0.113.7&myipv6=preserve"},
		{"desec", "", rec("home"), v6, "example.com", "/nic/update?hostname=home.example.com&myipv4=preserve&myipv6=2001:db8::7"},
		{"dynu", "me", rec("home"), v6, "me", "/nic/update?hostname=home.example.com&myipv6=2001:db8::7"},
		{"loopia", "me", rec("home"), v4, "me", "/?hostname=home.example.com&myip=203.0.113.7"},
		{"ydns", "me", rec("home"), v4, "me", "/api/v1/update/?host=home.example.com&ip=203.0.113.7"},
		{"domeneshop", "tok", rec("home"), v4, "tok", "/v0/dyndns/update?hostname=home.example.com&myip=203.0.113.7"},
	}
	for _, tc := range tests {
		t.Run(tc.preset+" "+tc.wantUser+" "+tc.addr.String(), func(t *testing.T) {
			t.Parallel()
			status, body := 200, "good"
			if tc.preset == "domeneshop" {
				status, body = 204, ""
			}
			c, url := serveCanned(t, status, body)
			if err := build(t, preset(t, tc.preset), url, tc.username).Update(context.Background(), tc.rec, tc.addr); err != nil {
				t.Fatal(err)
			}
			r := <-c.reqs
			if got := r.URL.RequestURI(); got != tc.wantURI {
				t.Errorf("request %s, want %s", got, tc.wantURI)
			}
			user, pw, ok := r.BasicAuth()
			if !ok || user != tc.wantUser || pw != password {
				t.Errorf("basic auth %q/%q (%v), want %q and the password", user, pw, ok, tc.wantUser)
			}
			if r.Method != http.MethodGet || r.UserAgent() != "ddns/test" {
				t.Errorf("method %s, agent %q", r.Method, r.UserAgent())
			}
		})
	}
}

// quotes reports whether err quotes one of body's words.
func quotes(err error, body string) bool {
	for _, w := range strings.Fields(body) {
		if strings.Contains(err.Error(), w) {
			return true
		}
	}
	return false
}
