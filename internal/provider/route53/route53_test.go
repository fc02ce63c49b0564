package route53_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/provider/route53"
	"github.com/ddns-pi/ddns/internal/provider/route53/route53test"
)

const (
	keyID  = "AKIAIOSFODNN7EXAMPLE"
	secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6   = netip.MustParseAddr("2001:db8::7")
)

// sample: public example.com (Z1) and example.org (Z3), a private
// example.com (Z0) that must never be chosen, and records to keep.
func sample(id, sec string) *route53test.Server {
	f := route53test.New(id, sec)
	f.AddZone("Z0PRIVATE", "example.com", true)
	f.AddZone("Z1EXAMPLECOM", "example.com", false)
	f.AddZone("Z3EXAMPLEORG", "example.org", false)
	f.Put("Z1EXAMPLECOM", "example.com", "MX", route53test.Set{TTL: 3600, Values: []string{"10 mail.example.com"}})
	f.Put("Z1EXAMPLECOM", "www.example.com", "A", route53test.Set{TTL: 60, Values: []string{"198.51.100.1"}})
	f.Put("Z1EXAMPLECOM", "home.example.com", "TXT", route53test.Set{TTL: 60, Values: []string{`"hello"`}})
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(d, h string) provider.Record { return provider.Record{Domain: d, Host: h} }
	providertest.Run(t, providertest.Harness{
		Factory: route53.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := sample(keyID, password)
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Published: func(r provider.Record) []netip.Addr { return f.Addrs(r.FQDN()) }, Faults: &f.Faults}
		},
		Records:  []provider.Record{rec("example.com", "@"), home, rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Username: keyID,
		Settings: func() any { return &route53.Settings{TTL: 300} },
	})
}

func client(t *testing.T, h http.Handler, s *route53.Settings) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if s == nil {
		s = &route53.Settings{TTL: 300}
	}
	p, err := route53.New(provider.Env{Server: srv.URL, Username: keyID, Password: secret, Settings: s,
		HTTP: provider.NewHTTP(&http.Client{Timeout: 10 * time.Second}, "ddns/test", secret)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing *route53test.Set
		settings *route53.Settings
		want     route53test.Set
		changes  int
		created  bool
		err      error
	}{
		{name: "created with DDNS_TTL", want: route53test.Set{TTL: 300, Values: []string{v4a.String()}}, changes: 1, created: true},
		{name: "created with DDNS_TTL and the zone id given", settings: &route53.Settings{Route53ZoneID: "Z1EXAMPLECOM", TTL: 120},
			want: route53test.Set{TTL: 120, Values: []string{v4a.String()}}, changes: 1, created: true},
		{name: "TTL kept", existing: &route53test.Set{TTL: 1234, Values: []string{"192.0.2.1"}},
			want: route53test.Set{TTL: 1234, Values: []string{v4a.String()}}, changes: 1},
		{name: "two values become one", existing: &route53test.Set{TTL: 60, Values: []string{"192.0.2.1", v4a.String()}},
			want: route53test.Set{TTL: 60, Values: []string{v4a.String()}}, changes: 1},
		{name: "unchanged sends no change", existing: &route53test.Set{TTL: 60, Values: []string{v4a.String()}},
			want: route53test.Set{TTL: 60, Values: []string{v4a.String()}}},
		{name: "alias left alone", existing: &route53test.Set{Alias: true}, want: route53test.Set{Alias: true}, err: provider.ErrRefused},
		{name: "weighted set left alone", existing: &route53test.Set{TTL: 60, SetID: "a", Values: []string{"192.0.2.1"}},
			want: route53test.Set{TTL: 60, SetID: "a", Values: []string{"192.0.2.1"}}, err: provider.ErrRefused},
		{name: "a zone id of another account", settings: &route53.Settings{Route53ZoneID: "ZNOTMINE", TTL: 300}, err: provider.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := sample(keyID, secret)
			if tc.existing != nil {
				f.Put("Z1EXAMPLECOM", "home.example.com", "A", *tc.existing)
			}
			before := f.Except("Z1EXAMPLECOM", "home.example.com")
			obs := &provider.Observer{}
			err := client(t, f, tc.settings).Update(provider.WithObserver(context.Background(), obs), home, v4a)
			if !errors.Is(err, tc.err) || (err != nil) != (tc.err != nil) {
				t.Fatalf("Update = %v, want %v", err, tc.err)
			}
			got, _ := f.Get("Z1EXAMPLECOM", "home.example.com", "A")
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("set = %+v, want %+v", got, tc.want)
			}
			if f.Changes() != tc.changes || obs.Created() != tc.created {
				t.Errorf("changes %d, created %v; want %d, %v", f.Changes(), obs.Created(), tc.changes, tc.created)
			}
			if after := f.Except("Z1EXAMPLECOM", "home.example.com"); after != before {
				t.Errorf("other sets changed:\n%s\nwas\n%s", after, before)
			}
			if got := f.Addrs("home.example.com"); tc.err == nil && (len(got) != 1 || got[0] != v4a) {
				t.Errorf("addresses = %v (the private zone was written?)", got)
			}
		})
	}
}

func TestWildcardAndIPv6(t *testing.T) {
	t.Parallel()
	f := sample(keyID, secret)
	p := client(t, f, nil)
	star := provider.Record{Domain: "example.com", Host: "*"}
	for _, a := range []netip.Addr{v4a, v6, v4b} {
		if err := p.Update(context.Background(), star, a); err != nil {
			t.Fatal(err)
		}
	}
	if a, _ := f.Get("Z1EXAMPLECOM", "*.example.com", "A"); fmt.Sprint(a.Values) != "[203.0.113.8]" {
		t.Errorf("A = %v", a)
	}
	if aaaa, _ := f.Get("Z1EXAMPLECOM", "*.example.com", "AAAA"); fmt.Sprint(aaaa.Values) != "[2001:db8::7]" {
		t.Errorf("AAAA = %v", aaaa)
	}
	if f.Changes() != 3 {
		t.Errorf("changes = %d, want 3 (the \\052 name was not recognised as existing?)", f.Changes())
	}
}

func TestThrottlingIsARateLimit(t *testing.T) {
	t.Parallel()
	f := sample(keyID, secret)
	f.SetThrottle(true)
	var rl *provider.RateLimitError
	if err := client(t, f, nil).Update(context.Background(), home, v4a); !errors.As(err, &rl) || !strings.Contains(err.Error(), "Rate exceeded") {
		t.Errorf("err = %v, want a RateLimitError quoting Rate exceeded", err)
	}
}

// TestVerdicts feeds documented error answers to the client.
func TestVerdicts(t *testing.T) {
	t.Parallel()
	errXML := func(code, msg string) string {
		return `<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>` +
			code + `</Code><Message>` + msg + `</Message></Error><RequestId>x</RequestId></ErrorResponse>`
	}
	tests := []struct {
		status int
		body   string
		want   error
		text   string
	}{
		{403, errXML("InvalidClientTokenId", "The security token included in the request is invalid."), provider.ErrAuth, "security token"},
		{403, errXML("SignatureDoesNotMatch", "Signature expired"), provider.ErrAuth, "clock"},
		{403, errXML("AccessDenied", "User is not authorized to perform: route53:ListHostedZonesByName"), provider.ErrAuth, "ListHostedZonesByName"},
		{400, errXML("Throttling", "Rate exceeded"), provider.ErrRateLimited, "Rate exceeded"},
		{400, errXML("PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request."), provider.ErrRateLimited, "prior request"},
		{404, errXML("NoSuchHostedZone", "No hosted zone found with ID: Z1"), provider.ErrNotFound, "No hosted zone"},
		{400, errXML("InvalidInput", "Invalid request"), provider.ErrRefused, "Invalid request"},
		{400, `<InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages><Message>bad value</Message></Messages></InvalidChangeBatch>`,
			provider.ErrRefused, "bad value"},
		{400, errXML("SomethingNew", "what"), provider.ErrBadResponse, "SomethingNew"},
		{403, `<html><body>Forbidden</body></html>`, provider.ErrBadResponse, "Forbidden"},
		{200, `<html><body>parked</body></html>`, provider.ErrBadResponse, "parked"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			p := client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}), nil)
			err := p.Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s  route53.Settings
		ok bool
	}{{route53.Settings{TTL: 300}, true}, {route53.Settings{Route53ZoneID: "Z1D633PJN98FT9", TTL: 60}, true},
		{route53.Settings{Route53ZoneID: "/hostedzone/Z1", TTL: 60}, false}, {route53.Settings{TTL: -1}, false}} {
		if err := tc.s.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%+v) = %v", tc.s, err)
		}
	}
}
