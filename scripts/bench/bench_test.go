package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSpreadOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []float64
		want spread
	}{
		{name: "empty", in: nil, want: spread{}},
		{name: "odd count", in: []float64{9, 1, 5}, want: spread{Median: 5, Min: 1, Max: 9}},
		{name: "even count averages the middle", in: []float64{4, 1, 2, 10}, want: spread{Median: 3, Min: 1, Max: 10}},
		{name: "one", in: []float64{7}, want: spread{Median: 7, Min: 7, Max: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := spreadOf(tt.in); got != tt.want {
				t.Errorf("spreadOf(%v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseInitTrace(t *testing.T) {
	t.Parallel()
	out := strings.Join([]string{
		"init internal/bytealg @0.008 ms, 0 ms clock, 0 bytes, 0 allocs",
		`{"level":"info","message":"unchanged"}`,
		"init crypto/x509 @1.2 ms, 2.5 ms clock, 4096 bytes, 12 allocs",
		"init os @0.3 ms, 0.04 ms clock, 48 bytes, 1 allocs",
		"init broken @x ms, y ms clock, z bytes, w allocs",
	}, "\n")
	got := parseInitTrace(out)
	if len(got) != 3 {
		t.Fatalf("parsed %d inits, want 3: %+v", len(got), got)
	}
	want := initCost{Package: "crypto/x509", ClockMs: 2.5, Bytes: 4096, Allocs: 12}
	if got[0] != want {
		t.Errorf("most expensive = %+v, want %+v", got[0], want)
	}
	if got[2].Package != "internal/bytealg" {
		t.Errorf("cheapest = %q, want internal/bytealg", got[2].Package)
	}
}

// TestDyndns2Fake: the fake the rivals and ddns share answers one line per
// name and refuses other credentials.
func TestDyndns2Fake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, user string
		want             string
		updates          int
	}{
		{name: "one line per host", path: "/nic/update?hostname=a.example.com,b.example.com&myip=203.0.113.7",
			user: benchUser, want: "good 203.0.113.7\ngood 203.0.113.7\n", updates: 2},
		{name: "wrong user", path: "/nic/update?hostname=a.example.com&myip=203.0.113.7",
			user: "other", want: "badauth\n"},
		{name: "no hostname", path: "/nic/update?myip=203.0.113.7", user: benchUser, want: "notfqdn\n"},
		{name: "bad address", path: "/nic/update?hostname=a.example.com&myip=nope", user: benchUser, want: "dnserr\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := dyndns2Fake("a.example.com", "b.example.com")
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.SetBasicAuth(tt.user, benchPassword)
			req.Header.Set("User-Agent", "bench")
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if string(body) != tt.want {
				t.Errorf("body = %q, want %q", body, tt.want)
			}
			if got := d.Updates(); got != tt.updates {
				t.Errorf("updates counted = %d, want %d", got, tt.updates)
			}
		})
	}
}

func TestUnchangedTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		runs []sample
		pass bool
	}{
		{name: "one exchange", runs: []sample{{Echo: 1}, {Echo: 1}}, pass: true},
		{name: "a run asked twice", runs: []sample{{Echo: 1}, {Echo: 2}}},
		{name: "a run asked nothing", runs: []sample{{Echo: 0}, {Echo: 1}}},
		{name: "provider called", runs: []sample{{Echo: 1, Provider: 1}}},
		{name: "no runs", runs: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := unchangedTarget(providerResult{Provider: "p", Unchanged: summarise(tt.runs)})
			if got.Pass != tt.pass || !got.Functional {
				t.Errorf("unchangedTarget = %+v, want pass=%v and functional", got, tt.pass)
			}
		})
	}
}

// TestBinaryOverSevenMiBFailsTheSuite: the size limit is a hard one.
func TestBinaryOverSevenMiBFailsTheSuite(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		bytes int64
		ok    bool
	}{{7 << 20, true}, {7<<20 + 1, false}} {
		r := &results{Sizes: []binSize{{Platform: "linux/arm64", Bytes: tt.bytes}}}
		r.Targets = evaluate(r)
		if got := functionalOK(r); got != tt.ok {
			t.Errorf("%d bytes: functionalOK = %v, want %v", tt.bytes, got, tt.ok)
		}
	}
}
