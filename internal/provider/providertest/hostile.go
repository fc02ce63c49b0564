package providertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// hostile lists the cases where the server (or something in front of it)
// misbehaves.
func hostile() []testCase {
	var cases []testCase
	for _, enc := range Encodings {
		cases = append(cases, testCase{name: "secret quoted back " + enc.Name, httpOnly: true,
			run: func(t *testing.T, e *env) { quotedBack(t, e, enc) }})
	}
	for _, code := range []int{500, 502, 503, 504} {
		cases = append(cases, testCase{name: fmt.Sprintf("HTTP %d is temporary", code),
			run: func(t *testing.T, e *env) { serverError(t, e, code) }})
	}
	return append(cases,
		testCase{name: "control characters in an error are escaped", httpOnly: true, run: controlChars},
		testCase{name: "redirect to plain http is not followed", httpOnly: true, run: redirectAway},
		testCase{name: "redirect to the same server is not followed", httpOnly: true, run: redirectSame},
		testCase{name: "429 with Retry-After is a rate limit with the wait", httpOnly: true, run: rateLimited("120", 2*time.Minute)},
		testCase{name: "429 without Retry-After is a rate limit", httpOnly: true, run: rateLimited("", 0)},
		testCase{name: "garbage body is a temporary bad response", httpOnly: true, run: badBody("text/plain",
			"\x00\xff\xfe garbage-7f3a {[<")},
		testCase{name: "HTML page is a temporary bad response", httpOnly: true, run: badBody("text/html; charset=utf-8",
			"<!DOCTYPE html><html><head><title>Parked</title></head><body><h1>parked-4c1e</h1></body></html>")},
		testCase{name: "hanging server honours the deadline", run: deadline},
		testCase{name: "cancellation is honoured", run: canceled},
	)
}

// marker is a word every hostile answer carries, so a case can tell the
// service's words were quoted (escaped), not dropped.
func marker(body string) string {
	for _, m := range []string{"garbage-7f3a", "parked-4c1e"} {
		if strings.Contains(body, m) {
			return m
		}
	}
	return ""
}

func quotedBack(t *testing.T, e *env, enc Encoding) {
	e.Faults.SetEcho(func(received string) string {
		form := enc.Encode(received)
		return fmt.Sprintf("Invalid password %s; request was /update?password=%s, see https://x.example/r?k=%s", form, form, form)
	})
	err := e.good.Update(context.Background(), e.h.Records[0], v4a)
	if got := e.Faults.Echoed(); len(got) == 0 || got[0] != e.h.Password {
		t.Fatalf("the fake did not honour Faults.Echo with the secret it received (got %q)", got)
	}
	if err == nil {
		t.Fatal("Update succeeded although the fake answered with an error")
	}
	checkSafe(t, err.Error(), e.secrets)
}

func controlChars(t *testing.T, e *env) {
	e.Faults.SetEcho(func(string) string { return "bad\x1b[31mRED\x1b]0;title\a\b\r\x00\x7f\u009b\u202eword" })
	err := e.good.Update(context.Background(), e.h.Records[0], v4a)
	if err == nil {
		t.Fatal("Update succeeded although the fake answered with an error")
	}
	checkSafe(t, err.Error(), e.secrets)
	if !strings.Contains(err.Error(), `\x1b`) {
		t.Errorf("error %q does not quote the service's words with ESC escaped as \\x1b", err)
	}
}

// redirectAway: a 307 (which would resend a POST body) to another host
// over plain http, with the secret in the query and path.
func redirectAway(t *testing.T, e *env) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(target.Close)
	var loc strings.Builder
	loc.WriteString(target.URL + "/collect/" + url.PathEscape(e.h.Password) + "?")
	for i, enc := range Encodings {
		fmt.Fprintf(&loc, "f%d=%s&", i, url.QueryEscape(enc.Encode(e.h.Password)))
	}
	e.Faults.SetRedirect(http.StatusTemporaryRedirect, loc.String())
	err := e.good.Update(context.Background(), e.h.Records[0], v4a)
	wantError(t, e, err, nil, false)
	if n := hits.Load(); n != 0 {
		t.Errorf("the redirect was followed: the target received %d requests", n)
	}
	text := err.Error()
	if !strings.Contains(text, "307") || !strings.Contains(text, strings.TrimPrefix(target.URL, "http://")) {
		t.Errorf("error %q does not give the status and the Location's host", text)
	}
	if strings.Contains(text, "/collect") || strings.Contains(text, "f0=") {
		t.Errorf("error %q shows the Location's path or query", text)
	}
}

func redirectSame(t *testing.T, e *env) {
	e.Faults.SetRedirect(http.StatusPermanentRedirect, e.URL+"/moved?x=1")
	err := e.good.Update(context.Background(), e.h.Records[0], v4a)
	wantError(t, e, err, nil, false)
	if n := e.Faults.Requests(); n != 1 {
		t.Errorf("the fake received %d requests, want 1: a redirect was followed or the request retried", n)
	}
	if !strings.Contains(err.Error(), "308") {
		t.Errorf("error %q does not give the status", err)
	}
}

func rateLimited(header string, want time.Duration) func(*testing.T, *env) {
	return func(t *testing.T, e *env) {
		a := &Answer{Status: http.StatusTooManyRequests, Header: http.Header{}, Body: "Too Many Requests"}
		if header != "" {
			a.Header.Set("Retry-After", header)
		}
		e.Faults.SetAnswer(a)
		err := e.good.Update(context.Background(), e.h.Records[0], v4a)
		wantError(t, e, err, provider.ErrRateLimited, false)
		var rl *provider.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("error %q is not a *provider.RateLimitError", err)
		}
		if want != 0 && rl.RetryAfter != want {
			t.Errorf("RetryAfter = %v, want %v from the Retry-After header", rl.RetryAfter, want)
		}
	}
}

func serverError(t *testing.T, e *env, code int) {
	e.Faults.SetStatus(code)
	err := e.good.Update(context.Background(), e.h.Records[0], v4a)
	wantError(t, e, err, provider.ErrUnavailable, false)
}

func badBody(contentType, body string) func(*testing.T, *env) {
	return func(t *testing.T, e *env) {
		e.Faults.SetAnswer(&Answer{Status: http.StatusOK, Header: http.Header{"Content-Type": {contentType}}, Body: body})
		err := e.good.Update(context.Background(), e.h.Records[0], v4a)
		wantError(t, e, err, provider.ErrBadResponse, false)
		if m := marker(body); !strings.Contains(err.Error(), m) {
			t.Errorf("error %q does not quote what came instead of an answer (%q)", err, m)
		}
	}
}

// deadline and canceled only guard against a provider that ignores ctx:
// the generous bound is a hang detector, not a timing assertion.
func deadline(t *testing.T, e *env) {
	e.Faults.SetHang(true)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := within(t, func() error { return e.good.Update(ctx, e.h.Records[0], v4a) })
	wantError(t, e, err, context.DeadlineExceeded, false)
}

func canceled(t *testing.T, e *env) {
	e.Faults.SetHang(true)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for e.Faults.Requests() == 0 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err := within(t, func() error { return e.good.Update(ctx, e.h.Records[0], v4a) })
	cancel()
	wantError(t, e, err, context.Canceled, false)
}

func within(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Update ignored its context")
		return nil
	}
}
