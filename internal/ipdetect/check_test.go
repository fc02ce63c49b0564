package ipdetect

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		addr   string // "" means the zero Addr
		family Family
		reason string // substring of the reason; "" means accepted
	}{
		{name: "documentation v4 accepted", addr: "203.0.113.7", family: V4},
		{name: "other documentation v4 accepted", addr: "198.51.100.1", family: V4},
		{name: "plain public v4", addr: "8.8.8.8", family: V4},
		{name: "documentation v6 accepted", addr: "2001:db8::7", family: V6},
		{name: "new documentation v6 accepted", addr: "3fff::1", family: V6},
		{name: "public v6", addr: "2a00:1450:4001::1", family: V6},
		{name: "6to4 accepted", addr: "2002:cb00:7107::1", family: V6},
		{name: "zero addr", addr: "", family: V4, reason: "is not an address"},
		{name: "rfc1918 10", addr: "10.1.2.3", family: V4, reason: "is private (RFC 1918)"},
		{name: "rfc1918 172", addr: "172.31.255.1", family: V4, reason: "is private (RFC 1918)"},
		{name: "rfc1918 192", addr: "192.168.1.1", family: V4, reason: "is private (RFC 1918)"},
		{name: "172.32 is public", addr: "172.32.0.1", family: V4},
		{name: "cgnat", addr: "100.64.0.1", family: V4, reason: "carrier-grade NAT"},
		{name: "cgnat top", addr: "100.127.255.254", family: V4, reason: "carrier-grade NAT"},
		{name: "just above cgnat", addr: "100.128.0.1", family: V4},
		{name: "loopback v4", addr: "127.0.0.1", family: V4, reason: "is loopback"},
		{name: "loopback v6", addr: "::1", family: V6, reason: "is loopback"},
		{name: "link-local v4", addr: "169.254.10.10", family: V4, reason: "is link-local"},
		{name: "link-local v6", addr: "fe80::1", family: V6, reason: "is link-local"},
		{name: "unspecified v4", addr: "0.0.0.0", family: V4, reason: "is unspecified"},
		{name: "unspecified v6", addr: "::", family: V6, reason: "is unspecified"},
		{name: "this network", addr: "0.1.2.3", family: V4, reason: "this network"},
		{name: "multicast v4", addr: "224.0.0.251", family: V4, reason: "is multicast"},
		{name: "multicast v6", addr: "ff02::fb", family: V6, reason: "is multicast"},
		{name: "broadcast", addr: "255.255.255.255", family: V4, reason: "limited broadcast"},
		{name: "reserved class e", addr: "240.0.0.1", family: V4, reason: "is reserved"},
		{name: "ds-lite b4", addr: "192.0.0.2", family: V4, reason: "IETF protocol assignment"},
		{name: "6to4 relay anycast", addr: "192.88.99.1", family: V4, reason: "6to4 relay"},
		{name: "benchmark v4", addr: "198.18.0.1", family: V4, reason: "benchmarking"},
		{name: "benchmark v6", addr: "2001:2::1", family: V6, reason: "benchmarking"},
		{name: "ula", addr: "fd00::2", family: V6, reason: "unique local"},
		{name: "ula fc", addr: "fc00::1", family: V6, reason: "unique local"},
		{name: "site-local", addr: "fec0::1", family: V6, reason: "site-local"},
		{name: "nat64", addr: "64:ff9b::cb00:7107", family: V6, reason: "NAT64"},
		{name: "discard", addr: "100::1", family: V6, reason: "discard-only"},
		{name: "orchid", addr: "2001:20::1", family: V6, reason: "ORCHID"},
		{name: "unassigned v6", addr: "4000::1", family: V6, reason: "2000::/3"},
		{name: "mapped for v6", addr: "::ffff:203.0.113.7", family: V6, reason: "IPv4-mapped"},
		{name: "mapped for v4", addr: "::ffff:203.0.113.7", family: V4, reason: "IPv4-mapped"},
		{name: "v6 wanted v4", addr: "2001:db8::1", family: V4, reason: "is an IPv6 address, not IPv4"},
		{name: "v4 wanted v6", addr: "203.0.113.7", family: V6, reason: "is an IPv4 address, not IPv6"},
		{name: "zone", addr: "2001:db8::1%eth0", family: V6, reason: "has a zone"},
		{name: "unknown family", addr: "203.0.113.7", family: Family(5), reason: "unknown family"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var addr netip.Addr
			if tt.addr != "" {
				addr = netip.MustParseAddr(tt.addr)
			}
			err := Check(addr, tt.family)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Check(%s, %s) = %v, want accepted", addr, tt.family, err)
				}
				return
			}
			var npe *NotPublicError
			if !errors.As(err, &npe) {
				t.Fatalf("Check(%s, %s) = %v, want *NotPublicError", addr, tt.family, err)
			}
			if !strings.Contains(npe.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", npe.Reason, tt.reason)
			}
		})
	}
}

func TestCheckMessage(t *testing.T) {
	t.Parallel()
	err := Check(netip.MustParseAddr("10.0.0.7"), V4)
	want := "10.0.0.7 rejected as public IPv4: is private (RFC 1918)"
	if err == nil || err.Error() != want {
		t.Fatalf("Check error = %v, want %q", err, want)
	}
}

func TestFamily(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f          Family
		str, rtype string
	}{
		{V4, "IPv4", "A"},
		{V6, "IPv6", "AAAA"},
		{Family(0), "Family(0)", ""},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.str {
			t.Errorf("Family(%d).String() = %q, want %q", int(tt.f), got, tt.str)
		}
		if got := tt.f.RecordType(); got != tt.rtype {
			t.Errorf("Family(%d).RecordType() = %q, want %q", int(tt.f), got, tt.rtype)
		}
	}
}

// TestCheckLAN: DDNS_ALLOW_PRIVATE opens the LAN ranges and nothing else.
func TestCheckLAN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr    string
		fam     Family
		lanOnly bool // rejected by Check, accepted by CheckLAN
	}{
		{addr: "192.168.1.10", fam: V4, lanOnly: true},
		{addr: "10.1.2.3", fam: V4, lanOnly: true},
		{addr: "172.20.0.1", fam: V4, lanOnly: true},
		{addr: "100.64.0.1", fam: V4, lanOnly: true},
		{addr: "169.254.1.1", fam: V4, lanOnly: true},
		{addr: "fd00::1", fam: V6, lanOnly: true},
		{addr: "fe80::1", fam: V6, lanOnly: true},
		{addr: "127.0.0.1", fam: V4},
		{addr: "::1", fam: V6},
		{addr: "224.0.0.1", fam: V4},
		{addr: "255.255.255.255", fam: V4},
		{addr: "0.0.0.0", fam: V4},
		{addr: "ff02::1", fam: V6},
	}
	for _, tt := range tests {
		a := netip.MustParseAddr(tt.addr)
		if Check(a, tt.fam) == nil {
			t.Errorf("Check(%s) accepted a non-public address", tt.addr)
		}
		if err := CheckLAN(a, tt.fam, true); (err == nil) != tt.lanOnly {
			t.Errorf("CheckLAN(%s, lan) = %v, want accepted=%v", tt.addr, err, tt.lanOnly)
		}
	}
	if err := CheckLAN(netip.MustParseAddr("203.0.113.7"), V4, true); err != nil {
		t.Errorf("CheckLAN rejects a public address: %v", err)
	}
}
