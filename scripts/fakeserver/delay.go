package main

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// delay holds the provider fake's answers back, so a test can watch the
// ddns process while it waits (scripts/install-test/apt-repo.sh reads its
// /proc/PID/environ then).
type delay struct {
	mu sync.Mutex
	d  time.Duration
}

// set handles POST /control/delay: the body is a duration such as "3s";
// "0s" answers at once again.
func (d *delay) set(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 100))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	v, err := time.ParseDuration(strings.TrimSpace(string(body)))
	if err != nil || v < 0 {
		http.Error(w, "want a duration such as 3s", http.StatusBadRequest)
		return
	}
	d.mu.Lock()
	d.d = v
	d.mu.Unlock()
	io.WriteString(w, v.String()+"\n")
}

// wrap delays every request to h by the current delay, or until the
// client gives up.
func (d *delay) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		v := d.d
		d.mu.Unlock()
		select {
		case <-time.After(v):
		case <-r.Context().Done():
			return
		}
		h.ServeHTTP(w, r)
	})
}
