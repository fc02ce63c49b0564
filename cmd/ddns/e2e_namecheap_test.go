package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

const ncPassword = "0123456789abcdef0123456789abcdef"

// namecheapEnv is a working namecheap configuration against fake and e.
func namecheapEnv(t *testing.T, fake *namecheaptest.Server, e *echo) (map[string]string, string) {
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	dir := filepath.Join(t.TempDir(), "state")
	return map[string]string{
		"DDNS_PROVIDER": "namecheap", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home,@",
		"DDNS_API_PASSWORD": ncPassword, "DDNS_SERVER": srv.URL, "DDNS_IP_SOURCES": e.url(),
		"DDNS_STATE_DIR": dir, "DDNS_TIMEOUT": "5s", "DDNS_LOG_LEVEL": "debug",
	}, dir
}

func TestE2EFirstUpdateUnchangedThenChange(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home", "@")
	e := newEcho(t, "203.0.113.7\n")
	env, dir := namecheapEnv(t, fake, e)

	r1 := ddns(t, env, "run")
	expect(t, r1, 0, "updated from none to 203.0.113.7")
	mustAddr(t, fake.Addr("home"), "203.0.113.7")
	mustAddr(t, fake.Addr("@"), "203.0.113.7")
	if fake.Requests() != 2 {
		t.Fatalf("first run: %d provider requests, want one per host (2)", fake.Requests())
	}

	r2 := ddns(t, env) // no argument means run
	expect(t, r2, 0, "unchanged")
	if fake.Requests() != 2 || e.count() != 2 {
		t.Errorf("unchanged run: provider requests %d (want 2), echo requests %d (want 2)", fake.Requests(), e.count())
	}

	e.set("203.0.113.8")
	r3 := ddns(t, env, "run")
	expect(t, r3, 0, "updated from 203.0.113.7 to 203.0.113.8")
	mustAddr(t, fake.Addr("home"), "203.0.113.8")

	st := ddns(t, env, "status")
	expect(t, st, 0, "home.example.com", "203.0.113.8", "updated")
	noSecret(t, ncPassword, dir, r1, r2, r3, st)
}

func TestE2EWrongPasswordIsRememberedUntilChanged(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home", "@")
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_API_PASSWORD"] = "ffffffffffffffffffffffffffffffff"

	r1 := ddns(t, env, "run")
	expect(t, r1, 3, "Passwords do not match")
	sent, asked := fake.Requests(), e.count()
	if sent < 1 || sent > 2 {
		// Both hosts may be in flight when the first refusal arrives.
		t.Errorf("the refused run sent %d requests, want 1 or 2", sent)
	}
	r2 := ddns(t, env, "run")
	expect(t, r2, 3, "Passwords do not match", "edit the settings")
	if fake.Requests() != sent || e.count() != asked {
		t.Errorf("remembered refusal still contacted: provider %d->%d, echo %d->%d",
			sent, fake.Requests(), asked, e.count())
	}
	noSecret(t, "ffffffffffffffffffffffffffffffff", dir, r1, r2)

	env["DDNS_API_PASSWORD"] = ncPassword
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.7")
	mustAddr(t, fake.Addr("home"), "203.0.113.7")
}

func TestE2EProviderErrorsAreTemporary(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	e := newEcho(t, "203.0.113.7")
	env, _ := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home"

	fake.SetStatus(http.StatusInternalServerError)
	expect(t, ddns(t, env, "run"), 1, "500")
	fake.SetStatus(0)
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.7")

	e.set("203.0.113.9")
	fake.SetHang(true)
	env["DDNS_TIMEOUT"] = "2s"
	r := ddns(t, env, "run")
	expect(t, r, 1, "deadline")
	fake.SetHang(false)
	mustAddr(t, fake.Addr("home"), "203.0.113.7")
}

func TestE2EUnknownHostRefusesOnlyThatHost(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	e := newEcho(t, "203.0.113.7")
	env, _ := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home,nosuch"
	expect(t, ddns(t, env, "run"), 3, "nosuch.example.com", "A record not Found")
	mustAddr(t, fake.Addr("home"), "203.0.113.7")
}

func TestE2ESourceFallback(t *testing.T) {
	t.Parallel()
	portal := newEcho(t, "<!DOCTYPE html><html><body>Log in to the hotel Wi-Fi</body></html>")
	private := newEcho(t, "192.168.1.20")
	good := newEcho(t, `{"ip":"203.0.113.50"}`)
	fake := namecheaptest.New("example.com", ncPassword, "home", "@")
	env, _ := namecheapEnv(t, fake, good)
	env["DDNS_IP_SOURCES"] = strings.Join([]string{portal.url(), private.url(), good.url()}, ",")
	expect(t, ddns(t, env, "run"), 0, "HTML", "private", "203.0.113.50")
	mustAddr(t, fake.Addr("home"), "203.0.113.50")

	env["DDNS_IP_SOURCES"] = portal.url() + "," + private.url()
	env["DDNS_STATE_DIR"] = filepath.Join(t.TempDir(), "fresh")
	before := fake.Requests()
	expect(t, ddns(t, env, "run"), 1, "no usable public address")
	if fake.Requests() != before {
		t.Errorf("no address, yet the provider got %d requests", fake.Requests()-before)
	}
}

func TestE2ESecretNeverLeaksOnConnectionErrors(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // connection refused: Go's *url.Error quotes the whole URL
	e := newEcho(t, "203.0.113.7")
	fake := namecheaptest.New("example.com", ncPassword, "home")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_SERVER"] = closed.URL
	r := ddns(t, env, "run")
	expect(t, r, 1, `/update": dial`) // the URL without its query
	noSecret(t, ncPassword, dir, r)
	c := ddns(t, env, "check")
	expect(t, c, 0, "[redacted]")
	noSecret(t, ncPassword, dir, c)
}

func TestE2EPasswordFile(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	e := newEcho(t, "203.0.113.7")
	env, _ := namecheapEnv(t, fake, e)
	delete(env, "DDNS_API_PASSWORD")
	file := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(file, []byte(ncPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["DDNS_API_PASSWORD_FILE"] = file
	env["DDNS_HOSTS"] = "home"
	expect(t, ddns(t, env, "run"), 0, "updated")
}
