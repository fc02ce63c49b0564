package ipdetect

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestInterfaceLoopbackRejected(t *testing.T) {
	t.Parallel()
	s, err := NewInterface("lo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.InterfaceByName("lo"); err != nil {
		skipOrFail(t, "no interface lo here: %v", err)
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

// static is an address as the kernel lists a manually added one: no
// flags, lifetimes forever.
func static(addr string) ifAddr {
	return ifAddr{addr: netip.MustParseAddr(addr), preferred: lifetimeForever, valid: lifetimeForever}
}

// dynamic is an IPv6 address with flags and a preferred lifetime.
func dynamic(addr string, flags, preferred uint32) ifAddr {
	return ifAddr{addr: netip.MustParseAddr(addr), flags: flags, preferred: preferred, valid: preferred + 100}
}

func TestInterfacePicks(t *testing.T) {
	t.Parallel()
	mixed := []ifAddr{
		static("127.0.0.1"), static("192.168.1.2"), static("100.64.3.4"), static("203.0.113.5"),
		static("203.0.113.6"), static("fe80::1"), static("fd00::2"), static("2001:db8::5"),
	}
	privacy := []ifAddr{
		dynamic("2001:db8:1::aaaa", unix.IFA_F_TEMPORARY, 86000), // longest, but a privacy address
		dynamic("2001:db8:1::10", 0, 100),
		dynamic("2001:db8:1::20", unix.IFA_F_MANAGETEMPADDR, 150), // the SLAAC address: wanted
		dynamic("2001:db8:1::30", unix.IFA_F_DEPRECATED, 0),
		dynamic("2001:db8:1::31", 0, 0), // preferred lifetime over, flag not (yet) set
		dynamic("2001:db8:1::40", unix.IFA_F_TENTATIVE, 5000),
		dynamic("2001:db8:1::41", unix.IFA_F_TENTATIVE|unix.IFA_F_OPTIMISTIC, 5000),
		dynamic("2001:db8:1::50", unix.IFA_F_DADFAILED|unix.IFA_F_TENTATIVE, 5000),
		dynamic("fe80::2", unix.IFA_F_PERMANENT, lifetimeForever),
	}
	tests := []struct {
		name  string
		addrs []ifAddr
		lerr  error
		f     Family
		want  string
		err   string
	}{
		{name: "v4 from mixed: first public", addrs: mixed, f: V4, want: "203.0.113.5"},
		{name: "v6 from mixed", addrs: mixed, f: V6, want: "2001:db8::5"},
		{name: "v4 secondary flag is no refusal", addrs: []ifAddr{dynamic("203.0.113.9", 0x01, 0)}, f: V4, want: "203.0.113.9"},
		{name: "v6 skips temporary, deprecated, tentative", addrs: privacy, f: V6, want: "2001:db8:1::20"},
		{name: "v6 static beats finite", addrs: append([]ifAddr{static("2001:db8:9::1")}, privacy...), f: V6, want: "2001:db8:9::1"},
		{name: "v6 longest preferred, any order", addrs: []ifAddr{dynamic("2001:db8::1", 0, 10), dynamic("2001:db8::2", 0, 20),
			dynamic("2001:db8::3", 0, 15)}, f: V6, want: "2001:db8::2"},
		{name: "v6 tie keeps kernel order", addrs: []ifAddr{dynamic("2001:db8::1", 0, 20), dynamic("2001:db8::2", 0, 20)},
			f: V6, want: "2001:db8::1"},
		// Without a public address a LAN one is returned for the Detector
		// to accept (DDNS_ALLOW_PRIVATE) or refuse with its reason.
		{name: "only private v4", addrs: mixed[:3], f: V4, want: "192.168.1.2"},
		{name: "ULA before link-local", addrs: mixed[5:7], f: V6, want: "fd00::2"},
		{name: "only unusable v6", addrs: []ifAddr{privacy[0], privacy[3], privacy[5], privacy[7], static("::1")}, f: V6,
			err: "no usable address: 2001:db8:1::aaaa is temporary (a privacy address that changes daily); " +
				"2001:db8:1::30 is deprecated (its preferred lifetime is over); " +
				"2001:db8:1::40 is tentative (duplicate address detection not finished); " +
				"2001:db8:1::50 is a duplicate (duplicate address detection failed); " +
				"::1 rejected as public IPv6: is loopback"},
		{name: "no v6 at all", addrs: mixed[:5], f: V6, err: "has no IPv6 address"},
		{name: "lookup error", lerr: errors.New("boom"), f: V4, err: "read addresses: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &Interface{name: "eth9", list: func(string, Family) ([]ifAddr, error) { return tt.addrs, tt.lerr }}
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
