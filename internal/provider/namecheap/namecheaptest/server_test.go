package namecheaptest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAnswers pins the fake to the real endpoint's documented answers.
func TestAnswers(t *testing.T) {
	t.Parallel()
	const pw = "0123456789abcdef0123456789abcdef"
	tests := []struct {
		name, query, want, host, addr string
		status                        int
	}{
		{name: "sets host", query: "host=home&domain=Example.com&password=" + pw + "&ip=203.0.113.7",
			want: "<IP>203.0.113.7</IP>\n  <ErrCount>0</ErrCount>", host: "home", addr: "203.0.113.7"},
		{name: "at and source address", query: "host=%40&domain=Example.com&password=" + pw + "&ip=",
			want: "<IP>192.0.2.1</IP>", host: "@", addr: "192.0.2.1"},
		{name: "wildcard without ip", query: "host=*&domain=Example.com&password=" + pw,
			want: "<IP>192.0.2.1</IP>", host: "*", addr: "192.0.2.1"},
		{name: "wrong password", query: "host=home&domain=Example.com&password=x&ip=203.0.113.7",
			want: "<Err1>Passwords do not match</Err1>"},
		{name: "ipv6", query: "host=home&domain=Example.com&password=" + pw + "&ip=2001:db8::1",
			want: "<ResponseString>Validation error; invalid ; IP Address</ResponseString>"},
		{name: "ipv4-mapped ipv6", query: "host=home&domain=Example.com&password=" + pw + "&ip=::ffff:203.0.113.7",
			want: "<Err1>Invalid IP</Err1>", host: "home", addr: "invalid IP"},
		{name: "case differs", query: "host=home&domain=example.com&password=" + pw + "&ip=203.0.113.7",
			want: "<Err1>Domain name not found</Err1>"},
		{name: "fqdn as host", query: "host=home.Example.com&domain=Example.com&password=" + pw + "&ip=203.0.113.7",
			want: "<Err1>No Records updated. A record not Found;</Err1>"},
		{name: "no domain", query: "host=home&password=" + pw, want: "<ErrCount>1</ErrCount>"},
		{name: "malformed query", query: "host=%zz", want: "Bad Request", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := New("Example.com", pw, "@", "*", "home")
			req := httptest.NewRequest(http.MethodGet, "/update?"+tc.query, nil)
			req.RemoteAddr = "192.0.2.1:4321"
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if want := max(tc.status, 200); rec.Code != want {
				t.Errorf("status %d, want %d", rec.Code, want)
			}
			if tc.status == 0 && (rec.Header().Get("Content-Type") != "text/html" ||
				!strings.HasPrefix(string(body), `<?xml version="1.0" encoding="utf-16"?>`)) {
				t.Errorf("not the modern answer: %q %q", rec.Header().Get("Content-Type"), body)
			}
			if !strings.Contains(string(body), tc.want) {
				t.Errorf("body lacks %q:\n%s", tc.want, body)
			}
			if tc.host != "" && s.Addr(tc.host).String() != tc.addr {
				t.Errorf("Addr(%q) = %v, want %s", tc.host, s.Addr(tc.host), tc.addr)
			}
			if s.Requests() != 1 {
				t.Errorf("Requests() = %d", s.Requests())
			}
		})
	}
}

func TestStatusInjection(t *testing.T) {
	t.Parallel()
	s := New("example.com", "pw", "home")
	s.SetStatus(503)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/update?host=home&domain=example.com&password=pw", nil))
	if rec.Code != 503 || s.Addr("home").IsValid() {
		t.Errorf("status %d, addr %v: injection ignored", rec.Code, s.Addr("home"))
	}
}

// TestOnlyGET: only GET is documented; the fake refuses other methods
// (inferred) so that a client sending POST fails its tests.
func TestOnlyGET(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodHead} {
		s := New("example.com", "pw", "home")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(method, "/update?host=home&domain=example.com&password=pw&ip=203.0.113.7", nil))
		if rec.Code != http.StatusMethodNotAllowed || s.Addr("home").IsValid() {
			t.Errorf("%s: status %d, addr %v; want 405 and nothing published", method, rec.Code, s.Addr("home"))
		}
	}
}

// TestEcho: with Faults.Echo set, the fake answers its documented error
// shape with the text built from the password it received.
func TestEcho(t *testing.T) {
	t.Parallel()
	s := New("example.com", "pw", "home")
	s.SetEcho(func(got string) string { return "quoted " + got + " & more" })
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/update?host=home&domain=example.com&password=pw%2B1", nil))
	if body := rec.Body.String(); !strings.Contains(body, "<Err1>quoted pw+1 &amp; more</Err1>") {
		t.Errorf("body lacks the echoed text:\n%s", body)
	}
	if got := s.Echoed(); len(got) != 1 || got[0] != "pw+1" {
		t.Errorf("Echoed = %q", got)
	}
}
