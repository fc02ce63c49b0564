package providertest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Faults is the failure injection every fake server embeds: a forced HTTP
// status with an HTML error page, a delay before answering, or a hang until
// the client gives up. Every wait honours the request context, so a test
// that cancels never leaves a handler behind. The zero value injects
// nothing and is safe for concurrent use.
type Faults struct {
	mu     sync.Mutex
	status int
	delay  time.Duration
	hang   bool
}

// SetStatus makes every request answer code with an HTML page (0 or 200
// restores normal answers).
func (f *Faults) SetStatus(code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = code
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

// Intercept applies the injected faults to one request. It returns true
// when it has answered (or the client went away) and the fake must not
// answer itself.
func (f *Faults) Intercept(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	status, delay, hang := f.status, f.delay, f.hang
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
	if status != 0 && status != http.StatusOK {
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
