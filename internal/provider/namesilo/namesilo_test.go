package namesilo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/namesilo"
	"github.com/ddns-pi/ddns/internal/provider/namesilo/namesilotest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const key = "71dZaE8c2Aa926Ca2E8c1"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6   = netip.MustParseAddr("2001:db8::7")
)

func settings() any { return &namesilo.Settings{TTL: 7207} }

func sample(k string) *namesilotest.Server {
	f := namesilotest.New(k, "example.com", "example.org")
	f.Add("example.com", namesilotest.Record{Type: "A", Host: "www.example.com", Value: "198.51.100.1", TTL: 3603})
	f.Add("example.com", namesilotest.Record{Type: "MX", Host: "example.com", Value: "mail.example.com", TTL: 7207})
	f.Add("example.com", namesilotest.Record{Type: "TXT", Host: "home.example.com", Value: "hello", TTL: 3600})
	return f
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(d, h string) provider.Record { return provider.Record{Domain: d, Host: h} }
	providertest.Run(t, providertest.Harness{
		Factory: namesilo.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := sample(password)
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{URL: srv.URL, Published: func(r provider.Record) []netip.Addr { return f.Addrs(r.Domain, r.FQDN()) },
				Faults: &f.Faults}
		},
		Records:  []provider.Record{rec("example.com", "@"), home, rec("example.com", "*"), rec("example.org", "vpn")},
		Missing:  rec("example.net", "home"),
		Absent:   rec("example.org", "new"),
		Settings: settings,
	})
}

// paths records every path the client asked for.
type paths struct {
	mu   sync.Mutex
	seen []string
	next http.Handler
}

func (p *paths) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.seen = append(p.seen, r.URL.Path)
	p.mu.Unlock()
	p.next.ServeHTTP(w, r)
}

func client(t *testing.T, h http.Handler) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p, err := namesilo.New(provider.Env{Server: srv.URL, Password: key, Settings: settings(),
		HTTP: provider.NewHTTP(&http.Client{Timeout: 10 * time.Second}, "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsesTheBatchEndpointAndKeepsOthers(t *testing.T) {
	t.Parallel()
	f := sample(key)
	f.Add("example.com", namesilotest.Record{Type: "A", Host: "home.example.com", Value: "192.0.2.1", TTL: 86400})
	p := &paths{next: f}
	c := client(t, p)
	before := f.Except("example.com", "home.example.com")
	for _, a := range []netip.Addr{v4a, v6, v4b} {
		if err := c.Update(context.Background(), home, a); err != nil {
			t.Fatal(err)
		}
	}
	if after := f.Except("example.com", "home.example.com"); after != before {
		t.Errorf("other records changed:\n%s\nwas\n%s", after, before)
	}
	for _, r := range f.Records("example.com", "home.example.com") {
		if r.Type == "A" && (r.TTL != 86400 || r.Value != v4b.String()) {
			t.Errorf("A = %+v, want TTL 86400 kept and value %s", r, v4b)
		}
		if r.Type == "AAAA" && r.TTL != 7207 {
			t.Errorf("new AAAA TTL = %d, want DDNS_TTL 7207", r.TTL)
		}
	}
	for _, path := range p.seen {
		if !strings.HasPrefix(path, "/apibatch/") {
			t.Errorf("request to %s: automated use must go to /apibatch", path)
		}
	}
}

// TestOneRecordDomain: with a single record the reply's resource_record
// is an object, not a list.
func TestOneRecordDomain(t *testing.T) {
	t.Parallel()
	f := namesilotest.New(key, "example.com")
	f.Add("example.com", namesilotest.Record{Type: "A", Host: "home.example.com", Value: "192.0.2.1", TTL: 3600})
	obs := &provider.Observer{}
	if err := client(t, f).Update(provider.WithObserver(context.Background(), obs), home, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Addrs("example.com", "home.example.com"); obs.Created() || len(got) != 1 || got[0] != v4a {
		t.Errorf("addresses %v, created %v: the single record was not read", got, obs.Created())
	}
}

func TestSeveralValuesBecomeOne(t *testing.T) {
	t.Parallel()
	f := sample(key)
	for _, v := range []string{"192.0.2.1", v4a.String(), "192.0.2.3"} {
		f.Add("example.com", namesilotest.Record{Type: "A", Host: "home.example.com", Value: v, TTL: 3600})
	}
	writes := f.Writes()
	if err := client(t, f).Update(context.Background(), home, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Addrs("example.com", "home.example.com"); len(got) != 1 || got[0] != v4a || f.Writes()-writes != 2 {
		t.Errorf("addresses %v after %d writes, want [%s] after 2 deletions", got, f.Writes()-writes, v4a)
	}
}

// TestReplyCodes feeds the documented reply codes (HTTP 200 every time).
func TestReplyCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want error
		text string
	}{
		{`{"reply":{"code":110,"detail":"Invalid API Key"}}`, provider.ErrAuth, "Invalid API Key"},
		{`{"reply":{"code":"113","detail":"This account cannot be accessed from your IP"}}`, provider.ErrAuth, "your IP"},
		{`{"reply":{"code":112,"detail":"API not available to Sub-Accounts"}}`, provider.ErrAuth, "Sub-Accounts"},
		{`{"reply":{"code":200,"detail":"Domain is not active, or does not belong to this user"}}`, provider.ErrNotFound, "does not belong"},
		{`{"reply":{"code":201,"detail":"Internal system error"}}`, provider.ErrUnavailable, "Internal system error"},
		{`{"reply":{"code":210,"detail":"General error"}}`, provider.ErrBadResponse, "General error"},
		{`{"reply":{"detail":"success"}}`, provider.ErrBadResponse, "success"},
		{`<namesilo><reply><code>300</code></reply></namesilo>`, provider.ErrBadResponse, "namesilo"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			err := client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte(tc.body))
			})).Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
			if err != nil && strings.Contains(err.Error(), key) {
				t.Errorf("err %q holds the key", err)
			}
		})
	}
}

// TestRefusedValue: code 280 on the write is a refusal of that address.
func TestRefusedValue(t *testing.T) {
	t.Parallel()
	err := client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "dnsListRecords") {
			w.Write([]byte(`{"reply":{"code":300,"detail":"success"}}`))
			return
		}
		w.Write([]byte(`{"reply":{"code":280,"detail":"DNS modification error"}}`))
	})).Update(context.Background(), home, v4a)
	if !errors.Is(err, provider.ErrRefused) {
		t.Errorf("err = %v, want ErrRefused", err)
	}
}
