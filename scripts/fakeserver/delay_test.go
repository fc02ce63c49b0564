package main

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestDelay: POST /control/delay holds the provider's answers back; the
// echo and the control routes stay immediate.
func TestDelay(t *testing.T) {
	t.Parallel()
	f, err := newFake("namecheap", "example.com", "pw", []string{"home"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newMux(f, []string{"home"}, netip.MustParseAddr("203.0.113.7")))
	defer srv.Close()
	post := func(body string) int {
		resp, err := http.Post(srv.URL+"/control/delay", "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("soon"); code != http.StatusBadRequest {
		t.Errorf("delay %q: status %d, want 400", "soon", code)
	}
	if code := post("300ms"); code != http.StatusOK {
		t.Fatalf("delay 300ms: status %d", code)
	}
	start := time.Now()
	get(t, srv.URL+"/ip")
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("the echo waited %v; only the provider should", d)
	}
	start = time.Now()
	get(t, srv.URL+"/update?host=home&domain=example.com&password=pw&ip=198.51.100.9")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("the provider answered after %v, want at least 300ms", d)
	}
}
