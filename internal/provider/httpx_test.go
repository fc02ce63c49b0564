package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// secret has characters that change under query and path escaping.
const secret = "s3cr/t+p&ss word"

func secretURL(base string) string {
	return base + "/update?host=home&password=" + url.QueryEscape(secret) + "&token=tok123"
}

// assertRedacted checks that err names the request's path but neither the
// secret (in any form) nor anything of the query.
func assertRedacted(t *testing.T, err error) {
	t.Helper()
	text := err.Error()
	for _, form := range leakForms(secret) {
		if strings.Contains(text, form) {
			t.Errorf("error text leaks secret form %q: %s", form, text)
		}
	}
	for _, bit := range []string{"tok123", "password", "host=home", "?"} {
		if strings.Contains(text, bit) {
			t.Errorf("error text keeps the query (%q): %s", bit, text)
		}
	}
	if !strings.Contains(text, "/update") {
		t.Errorf("error text lost the URL's path: %s", text)
	}
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestDoRedactsConnectionRefused(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest(http.MethodGet, secretURL(closedPort(t)), nil)
	_, err := Do(context.Background(), &http.Client{Timeout: 5 * time.Second}, req, secret)
	if err == nil {
		t.Fatal("no error from a closed port")
	}
	if !errors.Is(err, ErrUnavailable) || Permanent(err) {
		t.Errorf("want temporary ErrUnavailable, got %v", err)
	}
	assertRedacted(t, err)
}

func TestDoRedactsDeadline(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // hang until the client gives up
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequest(http.MethodGet, secretURL(srv.URL), nil)
	_, err := Do(ctx, srv.Client(), req, secret)
	if err == nil {
		t.Fatal("no error from a hanging server")
	}
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want ErrUnavailable and DeadlineExceeded, got %v", err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		t.Errorf("the unredacted *url.Error is reachable through the chain: %v", ue)
	}
	assertRedacted(t, err)
}

func TestDoStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		header  string
		body    string
		want    error
		wantErr bool
		retry   time.Duration
	}{
		{name: "ok", status: 200, body: "fine"},
		{name: "bad request is the caller's call", status: 400, body: "Bad Request"},
		{name: "server error", status: 500, body: "<html>oops</html>", want: ErrUnavailable, wantErr: true},
		{name: "gateway", status: 503, want: ErrUnavailable, wantErr: true},
		{name: "rate limit seconds", status: 429, header: "120", want: ErrRateLimited, wantErr: true, retry: 2 * time.Minute},
		{name: "rate limit absent", status: 429, want: ErrRateLimited, wantErr: true},
		{name: "too big", status: 200, body: strings.Repeat("x", MaxBody+1), want: ErrBadResponse, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			t.Cleanup(srv.Close)
			req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
			resp, err := Do(context.Background(), srv.Client(), req)
			if (err != nil) != tc.wantErr || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var rl *RateLimitError
			if errors.As(err, &rl) && rl.RetryAfter != tc.retry {
				t.Errorf("RetryAfter = %v, want %v", rl.RetryAfter, tc.retry)
			}
			if err == nil && (resp.Status != tc.status || string(resp.Body) != tc.body) {
				t.Errorf("got %d %q, want %d %q", resp.Status, resp.Body, tc.status, tc.body)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 5 ", 5 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		// Beyond what a Duration holds: the longest wait, not an overflow.
		{"9223372037", time.Duration(math.MaxInt64)},
		{"18446744074", time.Duration(math.MaxInt64)},
	}
	for _, tc := range tests {
		if got := ParseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain " + secret + " text", "plain REDACTED text"},
		{"q=" + url.QueryEscape(secret), "q=REDACTED"},
		{"p/" + url.PathEscape(secret), "p/REDACTED"},
		{`"https://x/?key=ABC&cmd=list"`, `"https://x/"`},
		{"u?Password=zz&token=yy", "u?Password=REDACTED&token=REDACTED"},
		{"form key=ABC&cmd=list", "form key=REDACTED&cmd=list"},
		{"monkey=ok&hotkey=fine", "monkey=ok&hotkey=fine"},
	}
	for _, tc := range tests {
		if got := Redact(tc.in, secret, ""); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNoRedirect: a 3xx is a temporary bad response naming the status and
// the Location's host only; the target never sees a request, whatever the
// client's own redirect policy, for a GET with the secret in the query and
// for a POST whose form a 307/308 would resend.
func TestNoRedirect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		code   int
	}{
		{http.MethodGet, http.StatusFound},
		{http.MethodGet, http.StatusMovedPermanently},
		{http.MethodPost, http.StatusTemporaryRedirect},
		{http.MethodPost, http.StatusPermanentRedirect},
	} {
		t.Run(fmt.Sprint(tc.method, tc.code), func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
			}))
			t.Cleanup(target.Close)
			loc := target.URL + "/collect/" + url.PathEscape(secret) + "?password=" + strings.ToLower(url.QueryEscape(secret))
			srv := httptest.NewServer(http.RedirectHandler(loc, tc.code))
			t.Cleanup(srv.Close)
			hc := srv.Client()
			hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil } // follow everything
			h := NewHTTP(hc, "ddns/test", secret)
			req, err := h.NewRequest(context.Background(), tc.method, secretURL(srv.URL), strings.NewReader("key="+url.QueryEscape(secret)))
			if err != nil {
				t.Fatal(err)
			}
			_, err = h.Do(context.Background(), req)
			if !errors.Is(err, ErrBadResponse) || Permanent(err) {
				t.Fatalf("err = %v, want temporary ErrBadResponse", err)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("redirect followed: the target got %d requests", n)
			}
			host := strings.TrimPrefix(target.URL, "http://")
			text := err.Error()
			if !strings.Contains(text, fmt.Sprint(tc.code)) || !strings.Contains(text, `host "`+host+`"`) {
				t.Errorf("error %q does not name the status and the target host", text)
			}
			for _, bit := range []string{"collect", "password", "?", "REDACTED"} {
				if strings.Contains(text, bit) {
					t.Errorf("error %q shows more than the host (%q)", text, bit)
				}
			}
		})
	}
}

// TestNewRequestIsInternal: a request that cannot be built is a local bug:
// temporary, never a refusal, and the bad URL is shown without its query.
func TestNewRequestIsInternal(t *testing.T) {
	t.Parallel()
	h := NewHTTP(&http.Client{}, "ddns/test", secret)
	for _, raw := range []string{"http://x.example/%zz?password=" + url.QueryEscape(secret), "http://[::1/x?k=" + secret} {
		_, err := h.NewRequest(context.Background(), http.MethodGet, raw, nil)
		if !errors.Is(err, ErrInternal) || Permanent(err) || errors.Is(err, ErrRefused) {
			t.Errorf("NewRequest(%q) error = %v, want temporary ErrInternal", raw, err)
		}
		if err != nil && (strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "s3cr")) {
			t.Errorf("error leaks the query: %v", err)
		}
	}
	if _, err := h.NewRequest(context.Background(), "bad method", "http://x.example/", nil); !errors.Is(err, ErrInternal) {
		t.Errorf("bad method: %v, want ErrInternal", err)
	}
}

// TestRetryAfterHuge: a wait too long for a Duration comes back as the
// longest one, never a short or negative wait that would hammer the
// service (the caller caps it).
func TestRetryAfterHuge(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999999999")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	_, err := NewHTTP(srv.Client(), "ddns/test").Do(context.Background(), req)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Duration(math.MaxInt64) {
		t.Fatalf("err = %v, want a RateLimitError with the longest wait", err)
	}
}
