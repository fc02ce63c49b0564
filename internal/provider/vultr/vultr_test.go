package vultr_test

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
	"github.com/ddns-pi/ddns/internal/provider/vultr"
	"github.com/ddns-pi/ddns/internal/provider/vultr/vultrtest"
)

const key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
	v6   = netip.MustParseAddr("2001:db8::7")
)

func settings() any { return &vultr.Settings{TTL: 300} }

func sample(k string) *vultrtest.Server {
	f := vultrtest.New(k, "example.com", "example.org")
	f.Add("example.com", vultrtest.Record{Type: "A", Name: "www", Data: "198.51.100.1", TTL: 3600})
	f.Add("example.com", vultrtest.Record{Type: "MX", Name: "", Data: "mail.example.com", Priority: 10, TTL: 3600})
	f.Add("example.com", vultrtest.Record{Type: "TXT", Name: "home", Data: "v=spf1 -all", TTL: 120})
	return f
}

func name(r provider.Record) string {
	if r.Host == "@" {
		return ""
	}
	return r.Host
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(d, h string) provider.Record { return provider.Record{Domain: d, Host: h} }
	providertest.Run(t, providertest.Harness{
		Factory: vultr.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := sample(password)
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
	})
}

func client(t *testing.T, f http.Handler) provider.Provider {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p, err := vultr.New(provider.Env{Server: srv.URL, Password: key, Settings: settings(),
		HTTP: provider.NewHTTP(&http.Client{Timeout: 10 * time.Second}, "ddns/test", key)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOthersKept: the TXT at the same name, the MX and other names stay,
// and the changed record keeps its id, TTL and priority.
func TestOthersKept(t *testing.T) {
	t.Parallel()
	f := sample(key)
	id := f.Add("example.com", vultrtest.Record{Type: "A", Name: "home", Data: "192.0.2.1", Priority: 5, TTL: 1234})
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
	for _, r := range f.Records("example.com", "home") {
		if r.Type == "A" && (r.ID != id || r.TTL != 1234 || r.Priority != 5 || r.Data != v4b.String()) {
			t.Errorf("A record = %+v, want id %s, TTL 1234, priority 5, data %s", r, id, v4b)
		}
	}
}

func TestSeveralValuesBecomeOne(t *testing.T) {
	t.Parallel()
	for _, values := range [][]string{{"192.0.2.1", "192.0.2.2"}, {"192.0.2.1", v4a.String(), "192.0.2.3"}} {
		t.Run(strings.Join(values, ","), func(t *testing.T) {
			t.Parallel()
			f := sample(key)
			for _, v := range values {
				f.Add("example.com", vultrtest.Record{Type: "A", Name: "home", Data: v, TTL: 600})
			}
			if err := client(t, f).Update(context.Background(), home, v4a); err != nil {
				t.Fatal(err)
			}
			if got := f.Addrs("example.com", "home"); len(got) != 1 || got[0] != v4a {
				t.Errorf("addresses = %v, want [%s]", got, v4a)
			}
		})
	}
}

func TestFollowsCursor(t *testing.T) {
	t.Parallel()
	f := sample(key)
	for i := range 7 {
		f.Add("example.com", vultrtest.Record{Type: "A", Name: fmt.Sprint("h", i), Data: "192.0.2.1", TTL: 600})
	}
	id := f.Add("example.com", vultrtest.Record{Type: "A", Name: "home", Data: "192.0.2.1", TTL: 600})
	f.SetPageSize(2)
	obs := &provider.Observer{}
	if err := client(t, f).Update(provider.WithObserver(context.Background(), obs), home, v4a); err != nil {
		t.Fatal(err)
	}
	got := f.Records("example.com", "home")
	if obs.Created() || len(f.Addrs("example.com", "home")) != 1 || got[len(got)-1].ID != id {
		t.Errorf("records = %+v: the record on the last page was not found and changed", got)
	}
}

func TestUnchangedSendsNoWrite(t *testing.T) {
	t.Parallel()
	f := sample(key)
	f.Add("example.com", vultrtest.Record{Type: "A", Name: "home", Data: v4a.String(), TTL: 600})
	if err := client(t, f).Update(context.Background(), home, v4a); err != nil || f.Writes() != 0 {
		t.Errorf("Update = %v with %d writes, want nil and 0", err, f.Writes())
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
		{401, `{"error":"Invalid API token.","status":401}`, provider.ErrAuth, "Invalid API token."},
		{403, `{"error":"Unauthorized IP address: 192.0.2.9","status":403}`, provider.ErrAuth, "Unauthorized IP"},
		{404, `{"error":"Invalid domain.","status":404}`, provider.ErrNotFound, "Invalid domain."},
		{400, `{"error":"Invalid record data.","status":400}`, provider.ErrRefused, "Invalid record data."},
		{409, `{"error":"conflict","status":409}`, provider.ErrBadResponse, "conflict"},
		{200, `<html>`, provider.ErrBadResponse, "<html>"},
		{401, `Unauthorized`, provider.ErrBadResponse, "Unauthorized"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.status, tc.text), func(t *testing.T) {
			t.Parallel()
			p := client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			err := p.Update(context.Background(), home, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
		})
	}
}
