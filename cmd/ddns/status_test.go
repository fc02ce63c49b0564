package main

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/state"
)

func TestPrintStatus(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)
	file := state.File{Records: map[string]state.Record{
		"b": {FQDN: "home.example.com", Family: 6, IP: netip.MustParseAddr("2001:db8::7"),
			PublishedAt: now.Add(-3 * time.Hour), LastAttempt: now.Add(-3 * time.Hour), Outcome: state.Updated},
		"a": {FQDN: "gone.example.com", Family: 4, LastAttempt: now.Add(-90 * time.Second),
			Outcome: state.Refused, Error: "namecheap: update gone.example.com: domain or host not found"},
	}}
	var b strings.Builder
	printStatus(&b, file, now)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := [][]string{
		{"RECORD", "TYPE", "PUBLISHED"},
		{"gone.example.com", " A ", " - ", "(1m ago)", "refused: namecheap: update gone.example.com"},
		{"home.example.com", "AAAA", "2001:db8::7", "2026-11-22 03:00 UTC (3h ago)", "updated"},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	for i, parts := range want {
		for _, p := range parts {
			if !strings.Contains(lines[i], p) {
				t.Errorf("line %d %q lacks %q", i, lines[i], p)
			}
		}
	}
}

func TestRoughly(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		42 * time.Second: "42s", 17 * time.Minute: "17m", 5 * time.Hour: "5h", 12 * 24 * time.Hour: "12d",
	} {
		if got := roughly(d); got != want {
			t.Errorf("roughly(%v) = %q, want %q", d, got, want)
		}
	}
}
