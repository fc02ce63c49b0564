package providertest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Faults is the failure injection every fake server wraps itself in (see
// Wrap), so that a new provider's fake gets every fault the conformance
// suite needs for free: a forced status with an HTML error page, a raw
// answer (a redirect, a 429 with Retry-After, a garbage or HTML body), a
// delay, a hang until the client gives up. Every wait honours the request
// context, so a test that cancels never leaves a handler behind.
//
// One fault needs the fake's help: SetEcho asks the fake to put a given
// text, built from the secret it received, into its own documented error
// answer (see Echo). The zero value injects nothing and is safe for
// concurrent use.
type Faults struct {
	mu       sync.Mutex
	status   int
	answer   *Answer
	delay    time.Duration
	hang     bool
	echo     func(received string) string
	echoed   []string
	requests int
}

// Answer is a raw HTTP answer a fake gives instead of its own.
type Answer struct {
	Status int
	Header http.Header
	Body   string
}

// Wrap returns next behind the injected faults: the middleware every fake
// puts in front of its own handler. It counts every request.
func (f *Faults) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !f.Intercept(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// SetStatus makes every request answer code with an HTML page (0 or 200
// restores normal answers).
func (f *Faults) SetStatus(code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = code
}

// SetAnswer makes every request get a (nil restores normal answers).
func (f *Faults) SetAnswer(a *Answer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answer = a
}

// SetRedirect makes every request answer code (a 3xx) with Location loc
// and an empty body.
func (f *Faults) SetRedirect(code int, loc string) {
	f.SetAnswer(&Answer{Status: code, Header: http.Header{"Location": {loc}}})
}

// SetDelay delays every answer by d.
func (f *Faults) SetDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// SetHang makes every request wait until its context ends, never answering.
func (f *Faults) SetHang(hang bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hang = hang
}

// SetEcho asks the fake to answer every request with its documented error
// answer carrying text(received) as the service's own words, where
// received is the secret the request carried (the password, the key). nil
// restores normal answers.
func (f *Faults) SetEcho(text func(received string) string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.echo = text
}

// Echo is how a fake honours SetEcho: called with the secret the request
// carried, it returns the text to put where the service puts its error
// words, and true when an echo is set. A fake calls it once per request,
// after reading the credentials and before judging them.
func (f *Faults) Echo(received string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.echo == nil {
		return "", false
	}
	f.echoed = append(f.echoed, received)
	return f.echo(received), true
}

// Echoed lists the secrets the fake passed to Echo, in order.
func (f *Faults) Echoed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.echoed...)
}

// Requests counts every request that reached Wrap or Intercept.
func (f *Faults) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Intercept applies the injected faults to one request. It returns true
// when it has answered (or the client went away) and the fake must not
// answer itself. Wrap calls it; a fake that is not built on Wrap calls it
// first thing.
func (f *Faults) Intercept(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	f.requests++
	status, answer, delay, hang := f.status, f.answer, f.delay, f.hang
	f.mu.Unlock()
	if hang || delay > 0 {
		bufferBody(r)
	}
	ctx := r.Context()
	if hang {
		<-ctx.Done()
		return true
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return true
		case <-t.C:
		}
	}
	switch {
	case answer != nil:
		for k, v := range answer.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(answer.Status)
		io.WriteString(w, answer.Body)
		return true
	case status != 0 && status != http.StatusOK:
		WriteHTML(w, status)
		return true
	}
	return false
}

// bufferBody reads the request body to its end and puts it back. net/http
// notices a client that went away (and cancels r.Context) only once the body
// has been read; without this a hanging POST handler would outlive its
// client and block httptest.Server.Close forever.
func bufferBody(r *http.Request) {
	if r.Body == nil {
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
}

// WriteHTML answers code with a small HTML error page, as a proxy or web
// server in front of a real API would.
func WriteHTML(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	text := http.StatusText(code)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head><body><h1>%s</h1></body></html>\n",
		code, text, text)
}
