package main

import (
	"encoding/base64"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// TestE2EProviderQuotesThePasswordBack: a hijacked or misconfigured server
// that puts the request's password into its error, in several encodings,
// leaks it nowhere: not in the log, not in state.json, not in `ddns status`.
func TestE2EProviderQuotesThePasswordBack(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home", "@")
	fake.SetEcho(func(pw string) string {
		return "Invalid request for password " + pw + " (" + url.QueryEscape(pw) + ", " +
			html.EscapeString(pw) + ", " + base64.StdEncoding.EncodeToString([]byte(pw)) + ")\x1b[31m"
	})
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	r := ddns(t, env, "run")
	expect(t, r, 1, "Invalid request for password")
	st := ddns(t, env, "status")
	expect(t, st, 1, "home.example.com")
	noSecret(t, ncPassword, dir, r, st)
	if strings.Contains(r.stderr+st.stdout, "\x1b") {
		t.Errorf("a control character from the provider reached the terminal:\n%q", r.stderr)
	}
}

// TestE2ERedirectIsNotFollowed: a provider answering 307 to another host
// must not get the request (with the password) re-sent there.
func TestE2ERedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) }))
	t.Cleanup(thief.Close)
	fake := namecheaptest.New("example.com", ncPassword, "home")
	fake.SetRedirect(http.StatusTemporaryRedirect, thief.URL+"/steal?password="+ncPassword)
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home"
	r := ddns(t, env, "run")
	expect(t, r, 1, "307")
	if n := stolen.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
	noSecret(t, ncPassword, dir, r)
}

// TestE2ERefusedAddressIsRememberedForThatAddressOnly: "Invalid IP" for one
// address is not retried for it, but a new address is tried at once.
func TestE2ERefusedAddressIsRememberedForThatAddressOnly(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	fake.SetAnswer(&providertest.Answer{Status: http.StatusOK, Body: invalidIPBody})
	e := newEcho(t, "203.0.113.7")
	env, _ := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home"
	expect(t, ddns(t, env, "run"), 3, "Invalid IP")
	sent := fake.Requests()
	expect(t, ddns(t, env, "run"), 3, "remembered")
	if fake.Requests() != sent {
		t.Errorf("the refused address was sent again (%d requests, was %d)", fake.Requests(), sent)
	}
	fake.SetAnswer(nil)
	e.set("203.0.113.8")
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.8")
	mustAddr(t, fake.Addr("home"), "203.0.113.8")
}

// invalidIPBody is Namecheap's answer to an address it refuses, as the fake
// writes it (namecheaptest/bodies.go).
const invalidIPBody = `<?xml version="1.0" encoding="utf-16"?>
<interface-response><Command>SETDNSHOST</Command><Language>eng</Language><ErrCount>1</ErrCount>
<errors><Err1>Invalid IP</Err1></errors><ResponseCount>1</ResponseCount><responses><response>
<Description>Invalid IP</Description><ResponseNumber>304156</ResponseNumber>
<ResponseString>Validation error; invalid ; IP Address</ResponseString></response></responses>
<Done>true</Done><debug><![CDATA[]]></debug></interface-response>`

// TestE2ESignalEndsTheRun: SIGTERM (systemctl stop) ends a run that waits
// on a hanging provider at once, with exit 1, long before DDNS_TIMEOUT.
func TestE2ESignalEndsTheRun(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	fake.SetHang(true)
	e := newEcho(t, "203.0.113.7")
	env, _ := namecheapEnv(t, fake, e)
	env["DDNS_TIMEOUT"] = "60s"
	cmd := exec.Command(binary, "run")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DDNS_CONFIG=/dev/null"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for fake.Requests() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("ddns did not end within 10 s of SIGTERM")
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d after SIGTERM, want 1", code)
	}
	t.Logf("ended %v after SIGTERM", time.Since(start).Round(time.Millisecond))
}
