package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2/dyndns2test"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const (
	noipUser     = "me@example.org"
	noipPassword = "n0ip-Pa55word"
)

// noipFake is the No-IP personality of the dyndns2 fake with two names,
// and a working configuration of ddns against it and e.
func noipFake(t *testing.T, e *echo) (*dyndns2test.Server, map[string]string, string) {
	var p dyndns2.Preset
	for _, q := range dyndns2.Presets() {
		if q.Name == "noip" {
			p = q
		}
	}
	fake := dyndns2test.New(p, "example.com", noipUser, noipPassword, "home.example.com", "example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	dir := filepath.Join(t.TempDir(), "state")
	return fake, map[string]string{
		"DDNS_PROVIDER": "noip", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home,@",
		"DDNS_USERNAME": noipUser, "DDNS_API_PASSWORD": noipPassword, "DDNS_SERVER": srv.URL,
		"DDNS_IP_SOURCES": e.url(), "DDNS_STATE_DIR": dir, "DDNS_TIMEOUT": "5s", "DDNS_LOG_LEVEL": "debug",
	}, dir
}

// TestE2EDyndns2Preset: the first run sends every name in one request, an
// unchanged run sends nothing, "911" is a temporary failure whose
// 30-minute wait is kept in state so the next run sends nothing either.
func TestE2EDyndns2Preset(t *testing.T) {
	t.Parallel()
	e := newEcho(t, "203.0.113.7\n")
	fake, env, dir := noipFake(t, e)

	r1 := ddns(t, env, "run")
	expect(t, r1, 0, "updated from none to 203.0.113.7")
	mustAddr(t, fake.Published("home.example.com")[0], "203.0.113.7")
	mustAddr(t, fake.Published("example.com")[0], "203.0.113.7")
	if q := fake.Queries(); len(q) != 1 || q[0].Get("hostname") != "home.example.com,example.com" {
		t.Fatalf("first run sent %v, want one request for both names", q)
	}

	r2 := ddns(t, env, "run")
	expect(t, r2, 0, "unchanged")
	if n := fake.Requests(); n != 1 {
		t.Errorf("unchanged run: the service got %d requests in all, want 1", n)
	}

	e.set("203.0.113.8")
	fake.SetAnswer(&providertest.Answer{Status: http.StatusOK, Body: "911\n"})
	r3 := ddns(t, env, "run")
	expect(t, r3, 1, "911")
	if n := fake.Requests(); n != 2 {
		t.Fatalf("911 run: %d requests in all, want 2", n)
	}
	wantWait(t, dir, 29*time.Minute)

	fake.SetAnswer(nil)
	r4 := ddns(t, env, "run")
	if r4.code == 0 {
		t.Errorf("run during the wait exited 0:\n%s%s", r4.stdout, r4.stderr)
	}
	if n := fake.Requests(); n != 2 {
		t.Errorf("run during the 911 wait sent %d more requests", n-2)
	}
	mustAddr(t, fake.Published("home.example.com")[0], "203.0.113.7")
	noSecret(t, noipPassword, dir, r1, r2, r3, r4)
}

// wantWait checks every record in the state waits at least d from now.
func wantWait(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Records map[string]struct {
			NotBefore time.Time `json:"not_before"`
		} `json:"records"`
	}
	if err := json.Unmarshal(b, &st); err != nil || len(st.Records) == 0 {
		t.Fatalf("state %s: %v", b, err)
	}
	for k, r := range st.Records {
		if time.Until(r.NotBefore) < d {
			t.Errorf("%s: not_before %v, want at least %v from now", k, r.NotBefore, d)
		}
	}
}

// TestE2EDyndns2Badauth: badauth is a refusal (exit 3) that later runs
// remember without contacting the service, until the password changes.
func TestE2EDyndns2Badauth(t *testing.T) {
	t.Parallel()
	e := newEcho(t, "203.0.113.7")
	fake, env, dir := noipFake(t, e)
	env["DDNS_API_PASSWORD"] = "wrong-Pa55word"

	r1 := ddns(t, env, "run")
	expect(t, r1, 3, "badauth")
	sent := fake.Requests()
	if sent != 1 {
		t.Errorf("refused run sent %d requests, want 1", sent)
	}
	r2 := ddns(t, env, "run")
	expect(t, r2, 3, "badauth", "edit the settings")
	if fake.Requests() != sent {
		t.Errorf("remembered refusal still contacted the service")
	}
	noSecret(t, "wrong-Pa55word", dir, r1, r2)

	env["DDNS_API_PASSWORD"] = noipPassword
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.7")
}
