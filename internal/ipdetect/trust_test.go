package ipdetect

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestDetectorDNSTrustRule checks that a plain-DNS answer is used only
// when an https source agrees or when the DNS source is listed alone.
func TestDetectorDNSTrustRule(t *testing.T) {
	t.Parallel()
	dnsSays := netip.MustParseAddr("203.0.113.9")
	fake := &fakeOpenDNS{v4: dnsSays}
	dnsAddr := startDNS(t, "udp4", "127.0.0.1", fake)
	same := echoServer(t, 200, "203.0.113.9\n")
	other := echoServer(t, 200, "203.0.113.7\n")
	down := echoServer(t, 503, "")
	dnsSrc := testDNS("myip.opendns.com.", map[Family]string{V4: dnsAddr})
	http := func(url string) Source {
		s, err := NewHTTP(url, FamilyClients(nil, 5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name    string
		sources []Source
		want    string // the address used; "" for an error
		from    string // the source named as giving it
		warn    string // in a warning line, if any
		err     string
	}{
		{name: "DNS alone, listed explicitly", sources: []Source{dnsSrc}, want: "203.0.113.9", from: "dns:test"},
		{name: "DNS disagrees with https", sources: []Source{dnsSrc, http(other.URL)}, want: "203.0.113.7", from: other.URL,
			warn: "DNS answer disagrees"},
		{name: "DNS confirmed by https", sources: []Source{dnsSrc, http(down.URL), http(same.URL)}, want: "203.0.113.9", from: same.URL,
			warn: "status 503"},
		{name: "https first, DNS never asked", sources: []Source{http(other.URL), dnsSrc}, want: "203.0.113.7", from: other.URL},
		{name: "DNS first, https down", sources: []Source{dnsSrc, http(down.URL)},
			err: "dns:test answered 203.0.113.9, but no https or iface source in the same list confirmed it: " +
				"answers over plain DNS can be rewritten on the way (a Pi-hole, a router)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			d := &Detector{Sources: map[Family][]Source{V4: tt.sources}, Log: zerolog.New(&buf)}
			got, from, err := d.Detect(t.Context(), V4)
			if tt.err != "" {
				if !errors.Is(err, ErrNoAddress) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Detect = %v, %v; want an error containing %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got.String() != tt.want || from != tt.from {
				t.Fatalf("Detect = %v from %q, %v; want %s from %s", got, from, err, tt.want, tt.from)
			}
			if tt.warn == "" && buf.Len() > 0 {
				t.Errorf("unexpected log:\n%s", buf.String())
			}
			if !strings.Contains(buf.String(), tt.warn) {
				t.Errorf("log lacks %q:\n%s", tt.warn, buf.String())
			}
		})
	}
	// The disagreement warning names both answers and both sources.
	var buf bytes.Buffer
	d := &Detector{Sources: map[Family][]Source{V4: {dnsSrc, http(other.URL)}}, Log: zerolog.New(&buf)}
	if _, _, err := d.Detect(t.Context(), V4); err != nil {
		t.Fatal(err)
	}
	w := logLines(t, &buf)[0]
	if w["level"] != "warn" || w["source"] != "dns:test" || w["ip"] != "203.0.113.9" ||
		w["used_source"] != other.URL || w["used_ip"] != "203.0.113.7" {
		t.Errorf("warning = %v", w)
	}
}

func TestFixedSource(t *testing.T) {
	t.Parallel()
	v6 := NewFixed("DDNS_IP6", netip.MustParseAddr("2001:db8::7"))
	d := &Detector{Sources: map[Family][]Source{V6: {v6}, V4: {v6}}, Log: zerolog.Nop()}
	got, from, err := d.Detect(t.Context(), V6)
	if err != nil || got != netip.MustParseAddr("2001:db8::7") || from != "DDNS_IP6" {
		t.Fatalf("Detect(V6) = %v, %q, %v", got, from, err)
	}
	if _, _, err := d.Detect(t.Context(), V4); err == nil || !strings.Contains(err.Error(), "fixed address 2001:db8::7 is not IPv4") {
		t.Errorf("Detect(V4) = %v, want a family error", err)
	}
	mapped := NewFixed("DDNS_IP", netip.MustParseAddr("::ffff:203.0.113.7"))
	if got, err := mapped.Detect(t.Context(), V4); err != nil || !got.Is4() {
		t.Errorf("mapped fixed = %v, %v; want plain IPv4", got, err)
	}
}
