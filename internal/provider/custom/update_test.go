package custom_test

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
	"github.com/ddns-pi/ddns/internal/provider/custom"
	"github.com/ddns-pi/ddns/internal/provider/custom/customtest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// key has characters every escaping changes.
const key = `k&y=1/2 "q"+%`

var (
	v4a  = netip.MustParseAddr("203.0.113.7")
	v6a  = netip.MustParseAddr("2001:db8::7")
	home = provider.Record{Domain: "example.com", Host: "home"}
)

func start(t *testing.T, s custom.Settings) (*customtest.Server, provider.Provider) {
	t.Helper()
	f := customtest.New(user, key, "home.example.com", "a b/c?.example.com")
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	s.CustomURL = srv.URL + s.CustomURL
	if s.CustomSuccess == "" {
		s.CustomSuccess = "^good"
	}
	p, err := custom.New(provider.Env{Username: user, Password: key, Settings: &s,
		HTTP: provider.NewHTTP(&http.Client{Timeout: time.Minute}, "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return f, p
}

// TestEscaping: each placeholder is escaped for its place, and the
// service reads back exactly the values.
func TestEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		s        custom.Settings
		rec      provider.Record
		wantPath string // the raw path or query or body sent
		where    func(customtest.Seen) string
	}{
		{"path segment", custom.Settings{CustomURL: "/update/{fqdn}?user={username}&key={password}&ip={ip}"},
			provider.Record{Domain: "example.com", Host: "a b/c?"}, "/update/a%20b%2Fc%3F.example.com",
			func(s customtest.Seen) string { return s.RawPath }},
		{"query value", custom.Settings{CustomURL: "/update?name={fqdn}&user={username}&key={password}&ip={ip}"}, home,
			"name=home.example.com&user=pi+user%2F1&key=k%26y%3D1%2F2+%22q%22%2B%25&ip=203.0.113.7",
			func(s customtest.Seen) string { return s.RawQuery }},
		{"json body", custom.Settings{CustomURL: "/update", CustomMethod: "PUT", CustomContentType: "application/json",
			CustomBody: `{"name":"{fqdn}","user":"{username}","key":"{password}","ip":"{ip}"}`}, home,
			`{"name":"home.example.com","user":"pi user/1","key":"k\u0026y=1/2 \"q\"+%","ip":"203.0.113.7"}`,
			func(s customtest.Seen) string { return s.Body }},
		{"form body", custom.Settings{CustomURL: "/update", CustomMethod: "POST",
			CustomBody: `name={fqdn}&user={username}&key={password}&ip={ip}`}, home,
			"name=home.example.com&user=pi+user%2F1&key=k%26y%3D1%2F2+%22q%22%2B%25&ip=203.0.113.7",
			func(s customtest.Seen) string { return s.Body }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, p := start(t, tc.s)
			if err := p.Update(context.Background(), tc.rec, v4a); err != nil {
				t.Fatal(err)
			}
			seen := f.Seen()
			if len(seen) != 1 || tc.where(seen[0]) != tc.wantPath {
				t.Errorf("sent %+v, want %q", seen, tc.wantPath)
			}
			if got := f.Addrs(tc.rec.FQDN()); got[0] != v4a {
				t.Errorf("published %v", got)
			}
		})
	}
}

func TestFamilies(t *testing.T) {
	t.Parallel()
	// Only {ip}: an IPv6 address goes into it.
	f, p := start(t, custom.Settings{CustomURL: "/update/{fqdn}?user={username}&key={password}&ip={ip}"})
	for _, a := range []netip.Addr{v4a, v6a} {
		if err := p.Update(context.Background(), home, a); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.Addrs("home.example.com"); got != [2]netip.Addr{v4a, v6a} {
		t.Errorf("published %v", got)
	}
	// Only {ip6}: IPv4 is refused without a request.
	f, p = start(t, custom.Settings{CustomURL: "/update/{fqdn}?user={username}&key={password}&ip6={ip6}"})
	err := p.Update(context.Background(), home, v4a)
	if !errors.Is(err, provider.ErrRefused) || !strings.Contains(err.Error(), "{ip}") || len(f.Seen()) != 0 {
		t.Errorf("err = %v after %d requests, want a refusal naming {ip} and none sent", err, len(f.Seen()))
	}
	if err := p.Update(context.Background(), home, v6a); err != nil || f.Addrs("home.example.com")[1] != v6a {
		t.Errorf("ipv6: %v", err)
	}
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		body   string
		want   error // nil: success
	}{
		{200, "good 203.0.113.7", nil},
		{201, "good", nil},
		{200, "nochg", provider.ErrBadResponse},
		{200, "", provider.ErrBadResponse},
		{204, "", provider.ErrBadResponse},
		{400, "good but 400", provider.ErrBadResponse},
		{401, "badauth", provider.ErrAuth},
		{403, "forbidden", provider.ErrBadResponse},
		{404, "nohost", provider.ErrNotFound},
	}
	for _, tc := range tests {
		f, p := start(t, custom.Settings{CustomURL: "/update/{fqdn}?user={username}&key={password}&ip={ip}"})
		f.SetAnswer(&providertest.Answer{Status: tc.status, Body: tc.body + " " + key})
		err := p.Update(context.Background(), home, v4a)
		if (tc.want == nil) != (err == nil) || (err != nil && !errors.Is(err, tc.want)) {
			t.Errorf("HTTP %d %q: err = %v, want %v", tc.status, tc.body, err, tc.want)
		}
		if err != nil && (!strings.Contains(err.Error(), tc.body) || strings.Contains(err.Error(), key)) {
			t.Errorf("HTTP %d: error %q does not quote the body, or shows the password", tc.status, err)
		}
	}
}
