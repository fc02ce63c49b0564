package dyndns2_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2/dyndns2test"
)

// TestBatch checks how many requests a run's changes take and what each
// carries, against the preset's fake.
func TestBatch(t *testing.T) {
	t.Parallel()
	many := make([]string, 25)
	for i := range many {
		many[i] = fmt.Sprintf("h%d", i)
	}
	tests := []struct {
		preset  string
		hosts   []string
		v6      bool
		queries []string // "hostname|myip|myipv6" or, for deSEC, "hostname|myipv4|myipv6"
	}{
		{"noip", []string{"home", "www"}, true, []string{"home.example.com,www.example.com|203.0.113.7,2001:db8::7|"}},
		{"dyn", many, false, []string{"h0.example.com,h1.example.com,h2.example.com,h3.example.com,h4.example.com," +
			"h5.example.com,h6.example.com,h7.example.com,h8.example.com,h9.example.com,h10.example.com,h11.example.com," +
			"h12.example.com,h13.example.com,h14.example.com,h15.example.com,h16.example.com,h17.example.com," +
			"h18.example.com,h19.example.com|203.0.113.7|",
			"h20.example.com,h21.example.com,h22.example.com,h23.example.com,h24.example.com|203.0.113.7|"}},
		{"dynu", []string{"home", "www"}, true, []string{"home.example.com|203.0.113.7|2001:db8::7",
			"www.example.com|203.0.113.7|2001:db8::7"}},
		{"desec", []string{"home", "www"}, false, []string{"home.example.com,www.example.com|203.0.113.7|preserve"}},
		{"desec", []string{"home", "@"}, true, []string{"home.example.com,example.com|203.0.113.7|2001:db8::7"}},
		{"domeneshop", []string{"home", "www"}, true, []string{"home.example.com|203.0.113.7,2001:db8::7|",
			"www.example.com|203.0.113.7,2001:db8::7|"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %d hosts v6 %v", tc.preset, len(tc.hosts), tc.v6), func(t *testing.T) {
			t.Parallel()
			p := preset(t, tc.preset)
			var fqdns []string
			var changes []provider.Change
			for _, h := range tc.hosts {
				fqdns = append(fqdns, rec(h).FQDN())
				changes = append(changes, provider.Change{Record: rec(h), Addr: v4})
				if tc.v6 {
					changes = append(changes, provider.Change{Record: rec(h), Addr: v6})
				}
			}
			fake := dyndns2test.New(p, domain, "u", password, fqdns...)
			srv := httptest.NewServer(fake)
			t.Cleanup(srv.Close)
			b, ok := build(t, p, srv.URL, "u").(provider.Batcher)
			if !ok {
				t.Fatalf("%s does not batch", p.Name)
			}
			for i, err := range b.UpdateBatch(context.Background(), changes) {
				if err != nil {
					t.Errorf("change %d: %v", i, err)
				}
			}
			var got []string
			for _, q := range fake.Queries() {
				if p.Name == "desec" {
					got = append(got, q.Get("hostname")+"|"+q.Get("myipv4")+"|"+q.Get("myipv6"))
				} else {
					got = append(got, q.Get("hostname")+"|"+q.Get("myip")+"|"+q.Get("myipv6"))
				}
			}
			if !slices.Equal(got, tc.queries) {
				t.Errorf("requests\n%q\nwant\n%q", got, tc.queries)
			}
		})
	}
}

// TestDesecKeepsTheOtherFamily: an IPv4-only run must not delete the AAAA
// record (deSEC deletes a family the request leaves out).
func TestDesecKeepsTheOtherFamily(t *testing.T) {
	t.Parallel()
	fake := dyndns2test.New(preset(t, "desec"), domain, "", password, "home.example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	p := build(t, preset(t, "desec"), srv.URL, "")
	ctx := context.Background()
	for _, a := range []netip.Addr{v6, v4, netip.MustParseAddr("203.0.113.9")} {
		if err := p.Update(ctx, rec("home"), a); err != nil {
			t.Fatal(err)
		}
	}
	if got := fake.Published("home.example.com"); !slices.Equal(got, []netip.Addr{netip.MustParseAddr("203.0.113.9"), v6}) {
		t.Errorf("published %v, want the new IPv4 beside the kept IPv6", got)
	}
}

// TestMixedBatch: names that need different addresses go in different
// requests, and a failure is reported only for the names it concerns.
func TestMixedBatch(t *testing.T) {
	t.Parallel()
	p := preset(t, "noip")
	fake := dyndns2test.New(p, domain, "u", password, "home.example.com", "www.example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	b := build(t, p, srv.URL, "u").(provider.Batcher)
	errs := b.UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("home"), Addr: v4}, {Record: rec("www"), Addr: v4}, {Record: rec("www"), Addr: v6},
		{Record: rec("gone"), Addr: v4}, {Record: rec("home"), Addr: netip.Addr{}},
	})
	want := []error{nil, nil, nil, provider.ErrNotFound, provider.ErrRefused}
	for i := range want {
		if (want[i] == nil) != (errs[i] == nil) || (want[i] != nil && !errors.Is(errs[i], want[i])) {
			t.Errorf("change %d: %v, want %v", i, errs[i], want[i])
		}
	}
	if n := len(fake.Queries()); n != 2 {
		t.Errorf("%d requests, want 2 (home and gone with IPv4; www with both)", n)
	}
	if got := fake.Published("www.example.com"); len(got) != 2 {
		t.Errorf("www published %v, want both families", got)
	}
}

// TestIPv4OnlyRefusesIPv6 sends nothing for an AAAA change.
func TestIPv4OnlyRefusesIPv6(t *testing.T) {
	t.Parallel()
	c, url := serveCanned(t, 200, "good")
	err := build(t, preset(t, "changeip"), url, "u").Update(context.Background(), rec("home"), v6)
	if !errors.Is(err, provider.ErrRefused) || len(c.reqs) != 0 {
		t.Errorf("err %v after %d requests, want a refusal without a request", err, len(c.reqs))
	}
}

// TestGenericMaxHosts: the generic preset sends one name per request
// unless DDNS_DYNDNS2_MAX_HOSTS allows more.
func TestGenericMaxHosts(t *testing.T) {
	t.Parallel()
	p := preset(t, "dyndns2")
	f := p.Factory()
	one, _ := f.New(provider.Env{Server: "https://x.example", Username: "u", Password: password,
		Settings: f.Settings(), HTTP: provider.NewHTTP(nil, "ddns/test", password)})
	if _, ok := one.(provider.Batcher); ok {
		t.Error("the generic preset batches by default")
	}
	if err := (&dyndns2.Settings{Dyndns2MaxHosts: 21}).Validate(); err == nil {
		t.Error("21 names per request validated")
	}
	p.MaxHosts = 20 // the fake's limit
	fake := dyndns2test.New(p, domain, "u", password, "a.example.com", "b.example.com", "c.example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	prov, err := f.New(provider.Env{Server: srv.URL, Username: "u", Password: password,
		Settings: &dyndns2.Settings{Dyndns2MaxHosts: 2}, HTTP: provider.NewHTTP(srv.Client(), "ddns/test", password)})
	if err != nil {
		t.Fatal(err)
	}
	errs := prov.(provider.Batcher).UpdateBatch(context.Background(), []provider.Change{
		{Record: rec("a"), Addr: v4}, {Record: rec("b"), Addr: v4}, {Record: rec("c"), Addr: v4}})
	if errs[0] != nil || errs[1] != nil || errs[2] != nil {
		t.Fatal(errs)
	}
	if q := fake.Queries(); len(q) != 2 || q[0].Get("hostname") != "a.example.com,b.example.com" {
		t.Errorf("requests %v, want a and b together, then c", q)
	}
}

// TestBatchPacing: the requests of one batch keep the preset's spacing,
// and those a cancelled context stops are temporary failures.
func TestBatchPacing(t *testing.T) {
	t.Parallel()
	p := preset(t, "ipv64") // one name per request
	p.Spacing, p.Burst = 60*time.Millisecond, 1
	fake := dyndns2test.New(p, domain, "", password, "a.example.com", "b.example.com", "c.example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	b := build(t, p, srv.URL, "").(provider.Batcher)
	changes := []provider.Change{{Record: rec("a"), Addr: v4}, {Record: rec("b"), Addr: v4}, {Record: rec("c"), Addr: v4}}
	start := time.Now()
	for i, err := range b.UpdateBatch(context.Background(), changes) {
		if err != nil {
			t.Errorf("change %d: %v", i, err)
		}
	}
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Errorf("3 requests took %v, want at least 2 spacings", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i, err := range b.UpdateBatch(ctx, changes) {
		if !errors.Is(err, provider.ErrUnavailable) || provider.Permanent(err) {
			t.Errorf("change %d after cancel: %v, want a temporary failure", i, err)
		}
	}
}
