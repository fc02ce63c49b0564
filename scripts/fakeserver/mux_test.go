package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMux drives the routes a shell test uses: the echo, changing it, a
// provider update, and the stats that count both.
func TestMux(t *testing.T) {
	t.Parallel()
	f, err := newFake("namecheap", "example.com", "pw", []string{"home"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newMux(f, []string{"home"}, netip.MustParseAddr("203.0.113.7")))
	defer srv.Close()

	if got := get(t, srv.URL+"/ip"); got != "203.0.113.7\n" {
		t.Errorf("echo = %q, want 203.0.113.7", got)
	}
	resp, err := http.Post(srv.URL+"/control/ip", "text/plain", strings.NewReader("198.51.100.9\n"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := get(t, srv.URL+"/ip"); got != "198.51.100.9\n" {
		t.Errorf("echo after control = %q, want 198.51.100.9", got)
	}
	body := get(t, srv.URL+"/update?host=home&domain=example.com&password=pw&ip=198.51.100.9")
	if !strings.Contains(body, "<ErrCount>0</ErrCount>") {
		t.Errorf("update answered %q", body)
	}
	var s stats
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/control/stats")), &s); err != nil {
		t.Fatal(err)
	}
	want := stats{ProviderRequests: 1, EchoRequests: 2, EchoIP: "198.51.100.9",
		Hosts: map[string]string{"home": "198.51.100.9"}}
	if s.ProviderRequests != want.ProviderRequests || s.EchoRequests != want.EchoRequests ||
		s.EchoIP != want.EchoIP || s.Hosts["home"] != want.Hosts["home"] {
		t.Errorf("stats = %+v, want %+v", s, want)
	}
}

func TestControlIPRejectsGarbage(t *testing.T) {
	t.Parallel()
	f, err := newFake("namecheap", "example.com", "pw", []string{"@"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newMux(f, []string{"@"}, netip.MustParseAddr("203.0.113.7")))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/control/ip", "text/plain", strings.NewReader("not-an-ip"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", resp.StatusCode)
	}
	if got := get(t, srv.URL+"/ip"); got != "203.0.113.7\n" {
		t.Errorf("echo changed to %q", got)
	}
}

func TestUnknownProvider(t *testing.T) {
	t.Parallel()
	if _, err := newFake("nosuch", "example.com", "pw", nil); err == nil {
		t.Error("newFake(nosuch) succeeded")
	}
}
