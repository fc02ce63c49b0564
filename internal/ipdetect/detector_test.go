package ipdetect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// fakeSource is a Source whose behaviour is a function field.
type fakeSource struct {
	name   string
	detect func(ctx context.Context, f Family) (netip.Addr, error)
}

func (s fakeSource) Name() string { return s.name }
func (s fakeSource) Detect(ctx context.Context, f Family) (netip.Addr, error) {
	return s.detect(ctx, f)
}

func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.Lines(buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestDetectorFallsBack(t *testing.T) {
	t.Parallel()
	private := echoServer(t, 200, "10.0.0.1\n")
	html := echoServer(t, 200, "<html>portal</html>")
	broken := echoServer(t, 500, "")
	hanging := hangingServer(t)
	good := echoServer(t, 200, `{"ip":"203.0.113.7"}`)
	tests := []struct {
		name     string
		urls     []string
		warnings int
		warnErr  string // in the first warning's error
		warnIP   string // the first warning's ip, if any
	}{
		{name: "first works", urls: []string{good.URL, broken.URL}},
		{name: "private answer", urls: []string{private.URL, good.URL}, warnings: 1,
			warnErr: "is private (RFC 1918)", warnIP: "10.0.0.1"},
		{name: "html answer", urls: []string{html.URL, good.URL}, warnings: 1, warnErr: "HTML page"},
		{name: "server error", urls: []string{broken.URL, good.URL}, warnings: 1, warnErr: "status 500"},
		{name: "hanging then error", urls: []string{hanging.URL, broken.URL, good.URL}, warnings: 2,
			warnErr: "deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			sources, err := ParseSources(tt.urls, FamilyClients(nil, 10*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			d := &Detector{Sources: map[Family][]Source{V4: sources}, Log: zerolog.New(&buf), Timeout: 300 * time.Millisecond}
			addr, name, err := d.Detect(t.Context(), V4)
			if err != nil || addr != netip.MustParseAddr("203.0.113.7") || name != good.URL {
				t.Fatalf("Detect = %v, %q, %v; want 203.0.113.7 from %s", addr, name, err, good.URL)
			}
			lines := logLines(t, &buf)
			if len(lines) != tt.warnings {
				t.Fatalf("got %d log lines, want %d:\n%s", len(lines), tt.warnings, buf.String())
			}
			if tt.warnings == 0 {
				return
			}
			w := lines[0]
			if w["level"] != "warn" || w["source"] != tt.urls[0] || w["family"] != "IPv4" ||
				!strings.Contains(w["error"].(string), tt.warnErr) {
				t.Errorf("warning = %v, want source %s, family IPv4, error containing %q", w, tt.urls[0], tt.warnErr)
			}
			if ip, _ := w["ip"].(string); ip != tt.warnIP {
				t.Errorf("warning ip = %q, want %q", ip, tt.warnIP)
			}
		})
	}
}

func TestDetectorAllFail(t *testing.T) {
	t.Parallel()
	private := echoServer(t, 200, "192.168.0.10")
	broken := echoServer(t, 503, "try later")
	sources, err := ParseSources([]string{private.URL, broken.URL}, FamilyClients(nil, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	wrongFamily := fakeSource{name: "fake:v4-for-v6", detect: func(context.Context, Family) (netip.Addr, error) {
		return netip.MustParseAddr("203.0.113.7"), nil
	}}
	d := &Detector{Sources: map[Family][]Source{V4: sources, V6: {wrongFamily}}, Log: zerolog.Nop()}

	_, _, err = d.Detect(t.Context(), V4)
	if !errors.Is(err, ErrNoAddress) {
		t.Fatalf("Detect error = %v, want ErrNoAddress", err)
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		"no usable public address for IPv4:",
		private.URL + ": 192.168.0.10 rejected as public IPv4: is private (RFC 1918)",
		broken.URL + `: status 503 Service Unavailable: "try later"`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("error =\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}

	_, _, err = d.Detect(t.Context(), V6)
	if err == nil || !strings.Contains(err.Error(), "fake:v4-for-v6: 203.0.113.7 rejected as public IPv6: is an IPv4 address") {
		t.Errorf("Detect(V6) error = %v, want the family refusal", err)
	}
}

func TestDetectorNoSources(t *testing.T) {
	t.Parallel()
	d := &Detector{Log: zerolog.Nop()}
	if _, _, err := d.Detect(t.Context(), V6); !errors.Is(err, ErrNoAddress) || !strings.Contains(err.Error(), "no sources") {
		t.Fatalf("Detect error = %v, want no sources", err)
	}
}

func TestDetectorStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	first := fakeSource{name: "fake:first", detect: func(context.Context, Family) (netip.Addr, error) {
		calls++
		cancel() // the run is stopped while the first source is being asked
		return netip.Addr{}, context.Canceled
	}}
	second := fakeSource{name: "fake:second", detect: func(context.Context, Family) (netip.Addr, error) {
		calls++
		return netip.MustParseAddr("203.0.113.7"), nil
	}}
	d := &Detector{Sources: map[Family][]Source{V4: {first, second}}, Log: zerolog.Nop()}
	_, _, err := d.Detect(ctx, V4)
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("Detect = %v after %d calls; want context.Canceled after 1", err, calls)
	}
}
