package ipdetect

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestInterfaceLoopbackRejected(t *testing.T) {
	t.Parallel()
	s, err := NewInterface("lo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.InterfaceByName("lo"); err != nil {
		t.Skipf("no interface lo here: %v", err)
	}
	got, err := s.Detect(t.Context(), V4)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1 rejected as public IPv4: is loopback") {
		t.Fatalf("Detect(lo, V4) = %v, %v; want loopback refusal", got, err)
	}
	got, err = s.Detect(t.Context(), V6)
	if err == nil || !(strings.Contains(err.Error(), "is loopback") || strings.Contains(err.Error(), "no IPv6 address")) {
		t.Fatalf("Detect(lo, V6) = %v, %v; want a refusal", got, err)
	}
}

func TestInterfaceMissing(t *testing.T) {
	t.Parallel()
	s, err := NewInterface("nosuchif0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Detect(t.Context(), V4); err == nil || !strings.Contains(err.Error(), "read addresses") {
		t.Fatalf("Detect on a missing interface = %v, want an error", err)
	}
}

func ipNet(cidr string) net.Addr {
	ip, n, err := net.ParseCIDR(cidr)
	if err != nil {
		panic(err)
	}
	n.IP = ip
	return n
}

func TestInterfacePicksFirstPublic(t *testing.T) {
	t.Parallel()
	mixed := []net.Addr{
		ipNet("127.0.0.1/8"), ipNet("192.168.1.2/24"), ipNet("100.64.3.4/10"), ipNet("203.0.113.5/24"),
		ipNet("203.0.113.6/24"), ipNet("fe80::1/64"), ipNet("fd00::2/64"), ipNet("2001:db8::5/64"),
		&net.IPAddr{IP: net.ParseIP("2001:db8::6")},
	}
	tests := []struct {
		name  string
		addrs []net.Addr
		lerr  error
		f     Family
		want  string
		err   string
	}{
		{name: "v4 from mixed", addrs: mixed, f: V4, want: "203.0.113.5"},
		{name: "v6 from mixed", addrs: mixed, f: V6, want: "2001:db8::5"},
		{name: "v6 as IPAddr", addrs: mixed[8:], f: V6, want: "2001:db8::6"},
		{name: "only private v4", addrs: mixed[:3], f: V4,
			err: "is loopback; 192.168.1.2 rejected as public IPv4: is private (RFC 1918); 100.64.3.4"},
		{name: "only local v6", addrs: mixed[5:7], f: V6, err: "link-local; fd00::2"},
		{name: "no v6 at all", addrs: mixed[:5], f: V6, err: "has no IPv6 address"},
		{name: "lookup error", lerr: errors.New("boom"), f: V4, err: "read addresses: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &Interface{name: "eth9", addrs: func(string) ([]net.Addr, error) { return tt.addrs, tt.lerr }}
			got, err := s.Detect(t.Context(), tt.f)
			if tt.want != "" {
				if err != nil || got != netip.MustParseAddr(tt.want) {
					t.Fatalf("Detect = %v, %v; want %s", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Detect = %v, %v; want error containing %q", got, err, tt.err)
			}
		})
	}
}
