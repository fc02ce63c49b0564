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

// TestMux drives the routes a shell test uses, for each provider: the echo,
// changing it, one update in the provider's own protocol, and the stats
// that count them.
func TestMux(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider string
		update   string // path and query of one update of home to 198.51.100.9
		ok       string // in the body of a successful answer
	}{
		{"namecheap", "/update?host=home&domain=example.com&password=pw&ip=198.51.100.9", "<ErrCount>0</ErrCount>"},
		{"dreamhost", "/?key=pw&cmd=dns-add_record&record=home.example.com&type=A&value=198.51.100.9&format=json",
			`"result":"success"`},
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			t.Parallel()
			f, err := newFake(tt.provider, "example.com", "pw", []string{"home"})
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
			if body := get(t, srv.URL+tt.update); !strings.Contains(body, tt.ok) {
				t.Errorf("update answered %q", body)
			}
			var s stats
			if err := json.Unmarshal([]byte(get(t, srv.URL+"/control/stats")), &s); err != nil {
				t.Fatal(err)
			}
			if s.ProviderRequests != 1 || s.ProviderUpdates != 1 || s.EchoRequests != 2 ||
				s.EchoIP != "198.51.100.9" || s.Hosts["home"] != "198.51.100.9" {
				t.Errorf("stats = %+v, want 1 request, 1 update, 2 echoes, home at 198.51.100.9", s)
			}
		})
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
