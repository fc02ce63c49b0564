package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

func TestE2EConfigErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	base := map[string]string{"DDNS_PROVIDER": "namecheap", "DDNS_DOMAIN": "example.com",
		"DDNS_HOSTS": "home", "DDNS_API_PASSWORD": "s3cret-never-shown", "DDNS_STATE_DIR": t.TempDir()}
	tests := []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"no domain", map[string]string{"DDNS_DOMAIN": ""}, "DDNS_DOMAIN"},
		{"unknown provider", map[string]string{"DDNS_PROVIDER": "nosuch"}, "DDNS_PROVIDER"},
		{"bad timeout", map[string]string{"DDNS_TIMEOUT": "soon"}, "DDNS_TIMEOUT"},
		{"namecheap cannot do IPv6", map[string]string{"DDNS_IP_VERSION": "6"}, "DDNS_IP_VERSION"},
		{"clear-text server", map[string]string{"DDNS_SERVER": "http://dns.example.net"}, "DDNS_SERVER"},
		{"clear-text source", map[string]string{"DDNS_IP_SOURCES": "http://ip.example.net"}, "DDNS_IP_SOURCES"},
		{"unknown DNS source", map[string]string{"DDNS_IP_SOURCES": "dns:nosuch"}, "unknown DNS service"},
		{"no password", map[string]string{"DDNS_API_PASSWORD": ""}, "DDNS_API_PASSWORD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range base {
				env[k] = v
			}
			for k, v := range tc.change {
				env[k] = v
			}
			for _, cmd := range []string{"run", "check"} {
				r := ddns(t, env, cmd)
				expect(t, r, 2, tc.want)
				noSecret(t, "s3cret-never-shown", "", r)
			}
		})
	}
	expect(t, ddns(t, base, "frobnicate"), 2, "unknown command")
}

func TestE2EMissingExplicitConfigFile(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DDNS_CONFIG": filepath.Join(t.TempDir(), "missing")}
	expect(t, ddns(t, env, "check"), 2, "DDNS_CONFIG")
}

func TestE2EStatusBeforeFirstRun(t *testing.T) {
	t.Parallel()
	env := map[string]string{"STATE_DIRECTORY": filepath.Join(t.TempDir(), "private")}
	expect(t, ddns(t, env, "status"), 0, "no update yet")
}

func TestE2EVersionAndHelp(t *testing.T) {
	t.Parallel()
	expect(t, ddns(t, nil, "version"), 0, "ddns dev")
	expect(t, ddns(t, nil, "help"), 0, "DDNS_API_PASSWORD_FILE", "Exit codes", "3  the provider refused")
}

func TestE2EDreamHostDualStackNeverEmpty(t *testing.T) {
	t.Parallel()
	const key = "ABCDEFGH12345678"
	fake := dreamhosttest.NewSample(key)
	for _, r := range [][3]string{{"home.example.org", "A", "198.51.100.1"}, {"home.example.org", "AAAA", "2001:db8::1"}} {
		if err := fake.AddRecord(r[0], r[1], r[2], true); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	v4 := newEcho(t, "203.0.113.7")
	v6 := newEcho6(t, "2001:db8::7")
	env := map[string]string{"DDNS_PROVIDER": "dreamhost", "DDNS_DOMAIN": "example.org", "DDNS_HOSTS": "home,www2",
		"DDNS_API_PASSWORD": key, "DDNS_SERVER": srv.URL, "DDNS_IP_VERSION": "4,6",
		"DDNS_IP_SOURCES": v4.url(), "DDNS_IP6_SOURCES": v6.url(), "DDNS_STATE_DIR": t.TempDir()}
	r := ddns(t, env, "run")
	expect(t, r, 0, "updated from none to 203.0.113.7", "updated from none to 2001:db8::7")
	for _, c := range []struct{ name, typ, want string }{
		{"home.example.org", "A", "203.0.113.7"}, {"home.example.org", "AAAA", "2001:db8::7"},
		{"www2.example.org", "A", "203.0.113.7"}, {"www2.example.org", "AAAA", "2001:db8::7"},
	} {
		if got := fake.Values(c.name, c.typ); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s %s = %v, want [%s]", c.name, c.typ, got, c.want)
		}
	}
	if fake.MinValues("home.example.org", "A") < 1 || fake.MinValues("home.example.org", "AAAA") < 1 {
		t.Error("home.example.org was left without an address at some moment")
	}
	if n := fake.CountCmd("dns-list_records"); n != 1 {
		t.Errorf("one run listed the records %d times, want once", n)
	}
	before := fake.Requests()
	expect(t, ddns(t, env, "run"), 0, "unchanged")
	if fake.Requests() != before {
		t.Errorf("unchanged run sent %d DreamHost requests", fake.Requests()-before)
	}
	noSecret(t, key, env["DDNS_STATE_DIR"], r)
}

func TestE2ETwoRunsAtOnceUpdateOnce(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	fake.SetDelay(500 * time.Millisecond)
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home"
	var wg sync.WaitGroup
	results := make([]result, 2)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = ddns(t, env, "run") }()
	}
	wg.Wait()
	for _, r := range results {
		expect(t, r, 0)
	}
	if fake.Requests() != 1 {
		t.Errorf("two simultaneous runs sent %d updates, want 1", fake.Requests())
	}
	if _, err := os.Stat(filepath.Join(dir, "state.json")); err != nil {
		t.Error(err)
	}
}
