package main

import (
	"net/http"
	"testing"
	"time"
)

// TestHTTPClientPhasesDoNotRaceTheRun checks that no per-phase timer is as
// long as the run's timeout: such a timer fires together with the run's
// deadline and makes a hanging provider's error text random.
func TestHTTPClientPhasesDoNotRaceTheRun(t *testing.T) {
	t.Parallel()
	for _, timeout := range []time.Duration{2 * time.Second, 15 * time.Second, 60 * time.Second, 5 * time.Minute} {
		tr := newHTTPClient(timeout, 1).Transport.(*http.Transport)
		for name, d := range map[string]time.Duration{
			"TLSHandshakeTimeout":   tr.TLSHandshakeTimeout,
			"ResponseHeaderTimeout": tr.ResponseHeaderTimeout,
		} {
			if d != 0 && d >= timeout {
				t.Errorf("timeout %v: %s = %v, want 0 or shorter than the run", timeout, name, d)
			}
		}
	}
}
