package rfc2136

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/rfc2136/bindtest"
)

const zone = "example.test"

var (
	v4a = netip.MustParseAddr("203.0.113.7")
	v4b = netip.MustParseAddr("203.0.113.8")
	v6a = netip.MustParseAddr("2001:db8::7")
)

// serve starts BIND with key ddns-key (hmac-sha256), which may update
// everything in the zone except "locked"; "alias" is a CNAME.
func serve(t *testing.T) (*bindtest.Server, bindtest.Key) {
	t.Helper()
	key := bindtest.NewKey("ddns-key", "hmac-sha256")
	srv := bindtest.Start(t, bindtest.Config{
		Zone: zone,
		Keys: []bindtest.Key{key},
		Policy: []string{
			"deny ddns-key name locked." + zone + ". ANY",
			"grant ddns-key zonesub ANY",
		},
		Records: []string{"www IN A 192.0.2.80", "alias IN CNAME www"},
	})
	return srv, key
}

// newClient builds a client for key at addr; edit changes the settings
// first.
func newClient(t *testing.T, addr string, key bindtest.Key, edit func(*Settings)) *Client {
	t.Helper()
	s := &Settings{TSIGKeyName: key.Name, TSIGAlgorithm: key.Algorithm, TTL: 300}
	if edit != nil {
		edit(s)
	}
	c, err := NewClient(provider.Env{Server: addr, Password: key.Secret, Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	c.timeout = 5 * time.Second
	return c
}

func rec(host string) provider.Record { return provider.Record{Domain: zone, Host: host} }

func sorted(a []netip.Addr) []netip.Addr {
	a = slices.Clone(a)
	slices.SortFunc(a, netip.Addr.Compare)
	return a
}

func wantAddrs(t *testing.T, srv *bindtest.Server, r provider.Record, want ...netip.Addr) {
	t.Helper()
	if got := srv.Addrs(t, r.FQDN()); !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("%s serves %v, want %v", r, got, want)
	}
}

// noSecret fails when err's text holds key's secret in any form.
func noSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	text := err.Error()
	for _, s := range secrets {
		forms := []string{s}
		if raw, decErr := base64.StdEncoding.DecodeString(s); decErr == nil {
			forms = append(forms, string(raw), hex.EncodeToString(raw), base64.RawStdEncoding.EncodeToString(raw))
		}
		for _, f := range forms {
			if f != "" && strings.Contains(text, f) {
				t.Errorf("error text leaks a secret: %q", text)
			}
		}
	}
}

func TestUpdatePublishes(t *testing.T) {
	t.Parallel()
	srv, key := serve(t)
	c := newClient(t, srv.Addr, key, func(s *Settings) { s.TTL = 60 })
	tests := []struct {
		name string
		rec  provider.Record
		addr netip.Addr
	}{
		{name: "A", rec: rec("home"), addr: v4a},
		{name: "AAAA", rec: rec("six"), addr: v6a},
		{name: "apex", rec: rec("@"), addr: v4a},
		{name: "wildcard", rec: rec("*"), addr: v4b},
		{name: "mapped IPv4 is an A", rec: rec("mapped"), addr: netip.AddrFrom16(v4a.As16())},
		{name: "two labels", rec: rec("nas.lan"), addr: v6a},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var o provider.Observer
			ctx := provider.WithObserver(context.Background(), &o)
			if err := c.Update(ctx, tc.rec, tc.addr); err != nil {
				t.Fatal(err)
			}
			wantAddrs(t, srv, tc.rec, tc.addr.Unmap())
			if o.Requests() != 1 {
				t.Errorf("requests = %d, want 1 message", o.Requests())
			}
			typ := dns.TypeA
			if tc.addr.Unmap().Is6() {
				typ = dns.TypeAAAA
			}
			for _, rr := range srv.Lookup(t, tc.rec.FQDN(), typ) {
				if rr.Header().Ttl != 60 {
					t.Errorf("TTL = %d, want DDNS_TTL 60", rr.Header().Ttl)
				}
			}
		})
	}
	// The apex update kept the zone's SOA and NS.
	if len(srv.Lookup(t, zone, dns.TypeSOA)) != 1 || len(srv.Lookup(t, zone, dns.TypeNS)) != 1 {
		t.Error("the apex lost its SOA or NS")
	}
}

func TestChangeReplacesValue(t *testing.T) {
	t.Parallel()
	srv, key := serve(t)
	c := newClient(t, srv.Addr, key, nil)
	ctx := context.Background()
	for _, step := range []netip.Addr{v4a, v6a, v4b} {
		if err := c.Update(ctx, rec("home"), step); err != nil {
			t.Fatal(err)
		}
	}
	wantAddrs(t, srv, rec("home"), v4b, v6a)
	if n := len(srv.Lookup(t, rec("home").FQDN(), dns.TypeA)); n != 1 {
		t.Errorf("%d A records after a change, want exactly 1", n)
	}
	// A name that had several A records ends with exactly the new one.
	if err := c.Update(ctx, rec("www"), v4a); err != nil {
		t.Fatal(err)
	}
	wantAddrs(t, srv, rec("www"), v4a)
}

func TestSameUpdateIsNoChange(t *testing.T) {
	t.Parallel()
	srv, key := serve(t)
	c := newClient(t, srv.Addr, key, nil)
	ctx := context.Background()
	if err := c.Update(ctx, rec("home"), v4a); err != nil {
		t.Fatal(err)
	}
	before := serial(t, srv)
	if err := c.Update(ctx, rec("home"), v4a); err != nil {
		t.Fatalf("second identical update: %v", err)
	}
	wantAddrs(t, srv, rec("home"), v4a)
	if after := serial(t, srv); after != before {
		t.Errorf("SOA serial %d -> %d: an identical update changed the zone", before, after)
	}
}

func serial(t *testing.T, srv *bindtest.Server) uint32 {
	t.Helper()
	rrs := srv.Lookup(t, zone, dns.TypeSOA)
	if len(rrs) != 1 {
		t.Fatalf("%d SOA records", len(rrs))
	}
	return rrs[0].(*dns.SOA).Serial
}

// TestRefusals runs every way a real BIND says no. None may publish, none
// may leak a secret, and each must say what to fix.
func TestRefusals(t *testing.T) {
	t.Parallel()
	srv, key := serve(t)
	other := bindtest.NewKey("ddns-key", "hmac-sha256")
	tests := []struct {
		name   string
		edit   func(*Settings)
		secret string
		rec    provider.Record
		clock  time.Duration
		want   error
		text   string
	}{
		{name: "unknown key name", edit: func(s *Settings) { s.TSIGKeyName = "nokey" }, rec: rec("home"),
			want: provider.ErrAuth, text: "the server does not know key nokey with algorithm hmac-sha256 (BADKEY)"},
		{name: "other algorithm", edit: func(s *Settings) { s.TSIGAlgorithm = "hmac-sha512" }, rec: rec("home"),
			want: provider.ErrAuth, text: "does not know key ddns-key with algorithm hmac-sha512 (BADKEY)"},
		{name: "wrong secret", secret: other.Secret, rec: rec("home"),
			want: provider.ErrAuth, text: "the key's secret does not match the server's (BADSIG)"},
		{name: "policy denies the name", rec: rec("locked"),
			want: provider.ErrRefused, text: "update-policy (or allow-update) refuses locked.example.test A for key ddns-key (REFUSED)"},
		{name: "zone not on this server", rec: provider.Record{Domain: "example.org", Host: "home"},
			want: provider.ErrNotFound, text: "example.org is not a zone this server is primary for (NOTAUTH)"},
		{name: "name is a CNAME", rec: rec("alias"),
			want: provider.ErrRefused, text: "alias.example.test is a CNAME"},
		{name: "clock an hour behind", rec: rec("home"), clock: -time.Hour,
			want: provider.ErrUnavailable, text: "check this machine's clock"},
		{name: "clock an hour ahead", rec: rec("home"), clock: time.Hour,
			want: provider.ErrUnavailable, text: "(BADTIME)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := key
			if tc.secret != "" {
				k.Secret = tc.secret
			}
			c := newClient(t, srv.Addr, k, tc.edit)
			if tc.clock != 0 {
				c.now = func() time.Time { return time.Now().Add(tc.clock) }
			}
			err := c.Update(context.Background(), tc.rec, v4a)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if provider.Permanent(err) != provider.Permanent(tc.want) {
				t.Errorf("Permanent = %v for %v", provider.Permanent(err), err)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
			noSecret(t, err, key.Secret, other.Secret)
			if tc.rec.Domain == zone {
				wantAddrs(t, srv, tc.rec) // nothing published
			}
		})
	}
}

func TestCheckZone(t *testing.T) {
	t.Parallel()
	srv, key := serve(t)
	wrong := bindtest.NewKey("ddns-key", "hmac-sha256")
	tests := []struct {
		name   string
		zone   string
		secret string
		keyed  string
		want   error
		text   string
	}{
		{name: "zone and key right", zone: zone},
		{name: "trailing dot", zone: zone + "."},
		{name: "wrong secret", zone: zone, secret: wrong.Secret, want: provider.ErrAuth, text: "BADSIG"},
		{name: "unknown key", zone: zone, keyed: "nokey", want: provider.ErrAuth, text: "does not know key nokey"},
		{name: "a name, not the zone", zone: "home." + zone, want: provider.ErrNotFound, text: "(NXDOMAIN)"},
		{name: "a name with records", zone: "www." + zone, want: provider.ErrNotFound, text: "no authoritative SOA"},
		{name: "zone elsewhere", zone: "example.org", want: provider.ErrNotFound, text: "example.org"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			k := key
			if tc.secret != "" {
				k.Secret = tc.secret
			}
			if tc.keyed != "" {
				k.Name = tc.keyed
			}
			var o provider.Observer
			err := newClient(t, srv.Addr, k, nil).CheckZone(provider.WithObserver(context.Background(), &o), tc.zone)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
			} else if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %v with %q", err, tc.want, tc.text)
			}
			noSecret(t, err, key.Secret, wrong.Secret)
			if o.Requests() != 1 {
				t.Errorf("requests = %d, want 1", o.Requests())
			}
		})
	}
	if serial(t, srv) != 1 {
		t.Error("CheckZone changed the zone")
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ domain, host, zone, name string }{
		{"Example.Test", "@", "example.test.", "example.test."},
		{"example.test.", "", "example.test.", "example.test."},
		{"example.test", "*", "example.test.", "*.example.test."},
		{"example.test", "Home", "example.test.", "home.example.test."},
		{"example.test", "home.", "", ""},
		{"", "home", "", ""},
	}
	for _, tc := range tests {
		z, n, err := names(provider.Record{Domain: tc.domain, Host: tc.host})
		if z != tc.zone || n != tc.name || (err != nil) != (tc.zone == "") {
			t.Errorf("names(%q, %q) = %q, %q, %v", tc.domain, tc.host, z, n, err)
		}
		if err != nil && !errors.Is(err, provider.ErrRefused) {
			t.Errorf("names error %v is not a refusal", err)
		}
	}
}
