package dynv6_test

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
	"github.com/ddns-pi/ddns/internal/provider/dynv6"
	"github.com/ddns-pi/ddns/internal/provider/dynv6/dynv6test"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const (
	token = "s3cr3t-t0ken-abcdefghijklmnopqrstuv"
	zone  = "example.dynv6.net"
)

var (
	home = provider.Record{Domain: zone, Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6   = netip.MustParseAddr("2001:db8::7")
)

func sample(tok string) *dynv6test.Server {
	f := dynv6test.New(tok, zone, "other.v6.rocks")
	f.Add(zone, dynv6test.Record{Type: "MX", Name: "mail", Data: "mx.example.org.", Priority: 10})
	f.Add(zone, dynv6test.Record{Type: "TXT", Name: "home", Data: "hello"})
	f.Add(zone, dynv6test.Record{Type: "A", Name: "www", Data: "198.51.100.1"})
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(d, h string) provider.Record { return provider.Record{Domain: d, Host: h} }
	providertest.Run(t, providertest.Harness{
		Factory: dynv6.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := sample(password)
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Published: func(r provider.Record) []netip.Addr { return f.Addrs(r.Domain, r.Host) },
				Faults: &f.Faults}
		},
		Records: []provider.Record{rec(zone, "@"), home, rec(zone, "*"), rec("other.v6.rocks", "vpn")},
		Missing: rec("nothere.dynv6.net", "home"),
		Absent:  rec("other.v6.rocks", "new"),
	})
}

func client(t *testing.T, h http.Handler) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p, err := dynv6.New(provider.Env{Server: srv.URL, Password: token,
		HTTP: provider.NewHTTP(&http.Client{Timeout: 10 * time.Second}, "ddns/test", token)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOthersKept(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"home", "@"} {
		t.Run(host, func(t *testing.T) {
			t.Parallel()
			f := sample(token)
			id := f.Add(zone, dynv6test.Record{Type: "A", Name: "home", Data: "192.0.2.1"})
			c := client(t, f)
			before := f.Except(zone, host)
			rec := provider.Record{Domain: zone, Host: host}
			for _, a := range []netip.Addr{v4a, v6, v4b} {
				if err := c.Update(context.Background(), rec, a); err != nil {
					t.Fatal(err)
				}
			}
			if after := f.Except(zone, host); after != before {
				t.Errorf("the rest of the zone changed:\n%s\nwas\n%s", after, before)
			}
			if got := f.Addrs(zone, host); fmt.Sprint(got) != "[203.0.113.8 2001:db8::7]" {
				t.Errorf("addresses = %v", got)
			}
			if host == "home" && f.Records(zone, "home")[1].ID != id {
				t.Errorf("records %+v: the A record was replaced, not changed", f.Records(zone, "home"))
			}
		})
	}
}

func TestUnchangedAndSeveral(t *testing.T) {
	t.Parallel()
	f := sample(token)
	f.SetApex(zone, v4a.String(), v6.String())
	f.Add(zone, dynv6test.Record{Type: "A", Name: "home", Data: "192.0.2.1"})
	f.Add(zone, dynv6test.Record{Type: "A", Name: "home", Data: v4a.String()})
	c := client(t, f)
	for _, a := range []netip.Addr{v4a, v6} {
		if err := c.Update(context.Background(), provider.Record{Domain: zone, Host: "@"}, a); err != nil || f.Writes() != 0 {
			t.Errorf("unchanged apex %s: %v after %d writes", a, err, f.Writes())
		}
	}
	if err := c.Update(context.Background(), home, v4a); err != nil || f.Writes() != 1 {
		t.Errorf("two values: %v after %d writes, want one deletion", err, f.Writes())
	}
	if got := f.Addrs(zone, "home"); len(got) != 1 || got[0] != v4a {
		t.Errorf("addresses = %v", got)
	}
}

func TestVerdicts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		body   string
		want   error
		text   string
	}{
		{401, `{"error":{"name":"Unauthorized","message":"invalid token"}}`, provider.ErrAuth, "invalid token"},
		{401, `Unauthorized`, provider.ErrAuth, "Unauthorized"},
		{403, `Forbidden`, provider.ErrAuth, "Forbidden"},
		{404, `{"error":{"name":"NotFound","message":"zone not found"}}`, provider.ErrNotFound, "zone not found"},
		{422, `{"error":{"name":"ValidationError","message":"validation failed","fields":[]}}`, provider.ErrRefused, "validation failed"},
		{400, `malformed`, provider.ErrBadResponse, "malformed"},
		{200, `<html>`, provider.ErrBadResponse, "<html>"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.status, tc.text), func(t *testing.T) {
			t.Parallel()
			err := client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			})).Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
		})
	}
}
