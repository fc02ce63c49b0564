package ipdetect

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// echoServer answers every request with status and body.
func echoServer(t *testing.T, status int, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hangingServer never answers until the client gives up (or the test ends).
func hangingServer(t *testing.T) *httptest.Server {
	t.Helper()
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) }) // runs first: frees handlers so Close returns
	return srv
}

func mustHTTP(t *testing.T, rawURL string) *HTTP {
	t.Helper()
	h, err := NewHTTP(rawURL, FamilyClients(nil, 5*time.Second))
	if err != nil {
		t.Fatalf("NewHTTP(%q): %v", rawURL, err)
	}
	return h
}

func TestHTTPDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   string // "" means an error is expected
		err    string
	}{
		{name: "plain", status: 200, body: "203.0.113.7\n", want: "203.0.113.7"},
		{name: "json", status: 200, body: `{"ip":"203.0.113.8","country":"DE"}`, want: "203.0.113.8"},
		{name: "trace", status: 200, body: cloudflareTrace, want: "203.0.113.7"},
		// The source reports what it was told; judging is Check's job.
		{name: "private answer passes through", status: 200, body: "10.0.0.1", want: "10.0.0.1"},
		{name: "html answer", status: 200, body: "<html><body>Sign in to Hotel WiFi</body></html>", err: "HTML page"},
		{name: "long html answer", status: 200, body: "<html>" + strings.Repeat("x", 5000), err: "HTML page over 4096"},
		{name: "long answer", status: 200, body: strings.Repeat("x", 5000), err: "over 4096 bytes"},
		{name: "server error", status: 500, body: "oops\nline two", err: `status 500 Internal Server Error: "oops line two"`},
		{name: "rate limited", status: 429, err: "status 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := echoServer(t, tt.status, tt.body)
			got, err := mustHTTP(t, srv.URL).Detect(t.Context(), V4)
			if tt.want != "" {
				if err != nil || got != netip.MustParseAddr(tt.want) {
					t.Fatalf("Detect = %v, %v; want %s", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Detect = %v, %v; want error containing %q", got, err, tt.err)
			}
		})
	}
}

// TestHTTPRedirects: an echo request follows a few redirects to https or
// loopback, and reports (without following) one to plain http elsewhere,
// naming the target without its query.
func TestHTTPRedirects(t *testing.T) {
	t.Parallel()
	target := echoServer(t, 200, "203.0.113.7")
	tlsTarget := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("203.0.113.9"))
	}))
	t.Cleanup(tlsTarget.Close)
	tests := []struct {
		name, loc, want, err string
	}{
		{name: "to loopback http", loc: target.URL + "/ip", want: "203.0.113.7"},
		{name: "to https", loc: tlsTarget.URL + "/ip", want: "203.0.113.9"},
		{name: "to remote http", loc: "http://203.0.113.99/login?token=s3cr3t&next=%2F",
			err: `status 302 Found, redirect to "http://203.0.113.99/login" not followed`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.RedirectHandler(tc.loc, http.StatusFound))
			t.Cleanup(srv.Close)
			base := tlsTarget.Client().Transport.(*http.Transport) // trusts the test certificate
			h, err := NewHTTP(srv.URL, FamilyClients(base, 5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			got, err := h.Detect(t.Context(), V4)
			if tc.want != "" {
				if err != nil || got != netip.MustParseAddr(tc.want) {
					t.Fatalf("Detect = %v, %v; want %s", got, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "s3cr3t") {
				t.Fatalf("Detect error = %v, want %q without the query", err, tc.err)
			}
		})
	}
}

// TestHTTPRedirectLoop: a redirect loop ends after maxRedirects hops.
func TestHTTPRedirectLoop(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/again", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	_, err := mustHTTP(t, srv.URL).Detect(t.Context(), V4)
	if err == nil || !strings.Contains(err.Error(), "status 302") {
		t.Fatalf("Detect error = %v, want the last 302", err)
	}
	if n := hits.Load(); n != maxRedirects+1 {
		t.Errorf("server got %d requests, want %d (the first and %d redirects)", n, maxRedirects+1, maxRedirects)
	}
}

// TestHTTPStatusLineEscaped: the server's reason phrase is its own text.
func TestHTTPStatusLineEscaped(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 4096)
		_, _ = c.Read(buf)
		_, _ = c.Write([]byte("HTTP/1.1 500 Oops\x1b[2J\u202e\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	}()
	_, err = mustHTTP(t, "http://"+ln.Addr().String()).Detect(t.Context(), V4)
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\u202e") {
		t.Fatalf("Detect error = %q, want the status line escaped", err)
	}
	if !strings.Contains(err.Error(), `Oops\x1b[2J\u202e`) {
		t.Errorf("Detect error = %q, want the reason phrase with its controls escaped", err)
	}
}

// TestHTTPRedirectHidesQuery: a service that redirects to a canonical URL
// keeps the query, which may hold the source's token (?token=); the error
// (logged as a warning) must not show it.
func TestHTTPRedirectHidesQuery(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.RedirectHandler("/json/?token=s3cr3t", http.StatusMovedPermanently))
	t.Cleanup(srv.Close)
	_, err := mustHTTP(t, srv.URL+"/json?token=s3cr3t").Detect(t.Context(), V4)
	if err == nil || !strings.Contains(err.Error(), "/json/") || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("Detect error = %v, want the redirect target without its query", err)
	}
}

func TestHTTPHeadersNoCookies(t *testing.T) {
	t.Parallel()
	type seen struct{ ua, cookie string }
	got := make(chan seen, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.UserAgent(), r.Header.Get("Cookie")}
		http.SetCookie(w, &http.Cookie{Name: "track", Value: "me"})
		_, _ = w.Write([]byte("203.0.113.7"))
	}))
	t.Cleanup(srv.Close)

	// A client carrying a jar that already holds a cookie for the server.
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "abc"}})
	clients := FamilyClients(nil, 5*time.Second)
	clients[V4].Jar = jar
	h, err := NewHTTP(srv.URL, clients)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second request would carry the cookie set by the first
		if _, err := h.Detect(t.Context(), V4); err != nil {
			t.Fatal(err)
		}
		s := <-got
		if s.ua != UserAgent {
			t.Errorf("User-Agent = %q, want %q", s.ua, UserAgent)
		}
		if s.cookie != "" {
			t.Errorf("request carried Cookie %q", s.cookie)
		}
	}
}

func TestHTTPHangingHonoursDeadline(t *testing.T) {
	t.Parallel()
	srv := hangingServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := mustHTTP(t, srv.URL).Detect(ctx, V4)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Detect error = %v, want context.DeadlineExceeded", err)
	}
}

func TestHTTPNoClientForFamily(t *testing.T) {
	t.Parallel()
	h, err := NewHTTP("https://api.ipify.org", map[Family]*http.Client{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Detect(t.Context(), V6); err == nil || !strings.Contains(err.Error(), "no HTTP client for IPv6") {
		t.Fatalf("Detect error = %v, want no client", err)
	}
}

// remoteEcho answers with the client's own address as the server saw it, so
// a test can tell which family the request really used.
func remoteEcho(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	_, _ = w.Write([]byte(host))
}

func TestHTTPForcesFamily(t *testing.T) {
	t.Parallel()
	v4 := httptest.NewServer(http.HandlerFunc(remoteEcho))
	t.Cleanup(v4.Close)
	port := v4.Listener.Addr().(*net.TCPAddr).Port

	for _, raw := range []string{v4.URL, "http://localhost:" + strconv.Itoa(port)} {
		got, err := mustHTTP(t, raw).Detect(t.Context(), V4)
		if err != nil || got != netip.MustParseAddr("127.0.0.1") {
			t.Errorf("V4 Detect(%s) = %v, %v; want 127.0.0.1", raw, got, err)
		}
	}
	if got, err := mustHTTP(t, v4.URL).Detect(t.Context(), V6); err == nil {
		t.Errorf("V6 Detect against an IPv4-only server = %v, want a dial error", got)
	}

	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		skipOrFail(t, "no IPv6 loopback to test forced tcp6: %v", err)
	}
	v6 := httptest.NewUnstartedServer(http.HandlerFunc(remoteEcho))
	v6.Listener = ln
	v6.Start()
	t.Cleanup(v6.Close)
	got, err := mustHTTP(t, v6.URL).Detect(t.Context(), V6)
	if err != nil || got != netip.MustParseAddr("::1") {
		t.Errorf("V6 Detect(%s) = %v, %v; want ::1", v6.URL, got, err)
	}
	if got, err := mustHTTP(t, v6.URL).Detect(t.Context(), V4); err == nil {
		t.Errorf("V4 Detect against an IPv6-only server = %v, want a dial error", got)
	}
}

// TestHTTPSharedHelpers: the loopback rule, the URL display and the
// shortening are the shared ones (textsafe): an IPv4-mapped loopback may
// use http, the name has no user info or query, and a long answer is cut
// on a character boundary.
func TestHTTPSharedHelpers(t *testing.T) {
	t.Parallel()
	h, err := NewHTTP("http://u:pw@[::ffff:127.0.0.1]:8080/ip?token=t0k#f", FamilyClients(nil, time.Second))
	if err != nil {
		t.Fatalf("IPv4-mapped loopback refused: %v", err)
	}
	if h.Name() != "http://[::ffff:127.0.0.1]:8080/ip" {
		t.Errorf("Name = %q", h.Name())
	}
	srv := echoServer(t, 200, "x"+strings.Repeat("é", 300))
	_, err = mustHTTP(t, srv.URL).Detect(t.Context(), V4)
	if err == nil || strings.Contains(err.Error(), `\xc3`) {
		t.Errorf("Detect error = %v, want the body cut between characters", err)
	}
}
