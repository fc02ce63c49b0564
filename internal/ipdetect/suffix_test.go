package ipdetect

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestSuffixApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		bits int
		in   string
		want string
	}{
		{"::1:2:3:4", 64, "2001:db8:aa:bb:1111:2222:3333:4444", "2001:db8:aa:bb:1:2:3:4"},
		{"::1:2:3:4", 56, "2001:db8:aa:bbcc:1111:2222:3333:4444", "2001:db8:aa:bb00:1:2:3:4"},
		{"::ff:1:2:3:4", 56, "2001:db8:aa:bbcc::9", "2001:db8:aa:bbff:1:2:3:4"},
		{"::5", 120, "2001:db8::1:2:3:abcd", "2001:db8::1:2:3:ab05"},
		{"::1:2:3:4", 60, "2001:db8:aa:bbcd::9", "2001:db8:aa:bbc0:1:2:3:4"},
		// Raspberry Pi 3 MAC b8:27:eb:12:34:56 -> modified EUI-64 ba27:ebff:fe12:3456.
		{"eui64:b8:27:eb:12:34:56", 64, "2001:db8:1:2::99", "2001:db8:1:2:ba27:ebff:fe12:3456"},
		{"EUI64:02-00-5e-10-00-00-00-01", 48, "2001:db8:1:2::99", "2001:db8:1::5e10:0:1"},
	}
	for _, tt := range tests {
		s, err := ParseSuffix(tt.spec, tt.bits)
		if err != nil {
			t.Errorf("ParseSuffix(%q, %d): %v", tt.spec, tt.bits, err)
			continue
		}
		got, err := s.Apply(netip.MustParseAddr(tt.in))
		if err != nil || got != netip.MustParseAddr(tt.want) {
			t.Errorf("%q/%d on %s = %v, %v; want %s", tt.spec, tt.bits, tt.in, got, err, tt.want)
		}
	}
}

func TestSuffixFromInterface(t *testing.T) {
	t.Parallel()
	s, err := ParseSuffix("eui64:eth7", 64)
	if err != nil {
		t.Fatal(err)
	}
	s.hwaddr = func(name string) (net.HardwareAddr, error) {
		if name != "eth7" {
			return nil, errors.New("no such interface")
		}
		return net.ParseMAC("00:1b:21:3c:4d:5e")
	}
	got, err := s.Apply(netip.MustParseAddr("2001:db8::1"))
	if err != nil || got != netip.MustParseAddr("2001:db8::21b:21ff:fe3c:4d5e") {
		t.Errorf("Apply = %v, %v", got, err)
	}
	s.hwaddr = func(string) (net.HardwareAddr, error) { return nil, nil } // e.g. ppp0 has no MAC
	if _, err := s.Apply(netip.MustParseAddr("2001:db8::1")); err == nil || !strings.Contains(err.Error(), "eui64:eth7") {
		t.Errorf("Apply without a MAC = %v, want an error naming the interface", err)
	}
}

func TestParseSuffixErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		bits int
		err  string
	}{
		{"::1", 7, "prefix length 7 is out of range 8..127"},
		{"::1", 128, "out of range"},
		{"1:2:3:4", 64, `"1:2:3:4" is not an IPv6 host part; write it like ::1:2:3:4`},
		{"203.0.113.4", 64, "is not an IPv6 host part"},
		{"::ffff:1.2.3.4", 64, "is not an IPv6 host part"},
		{"::1%eth0", 64, "is not an IPv6 host part"},
		{"2001:db8::1", 64, `"2001:db8::1" has bits inside the /64 prefix; only the last 64 bits may be set`},
		{"::1:0:0:0:0", 80, "has bits inside the /80 prefix"},
		{"::", 64, "is all zeros"},
		{"eui64:eth0", 72, "needs a prefix length of 64 or less, not 72"},
		{"eui64:", 64, "want eui64:NAME"},
		{"eui64:a b", 64, "want eui64:NAME"},
		{"eui64:00:00:5e:00:53:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01", 64, "not a 48- or 64-bit MAC"},
	}
	for _, tt := range tests {
		if _, err := ParseSuffix(tt.spec, tt.bits); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseSuffix(%q, %d) = %v, want an error containing %q", tt.spec, tt.bits, err, tt.err)
		}
	}
}

// TestJoinProperties: for random prefixes, lengths and host parts, the
// result lies inside the prefix and its host bits are the suffix's.
func TestJoinProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var a, h [16]byte
		for i := range a {
			a[i], h[i] = byte(r.Uint32()), byte(r.Uint32())
		}
		bits := MinPrefixLength + r.IntN(MaxPrefixLength-MinPrefixLength+1)
		p := netip.PrefixFrom(netip.AddrFrom16(a), bits).Masked()
		got := Join(p, h)
		if !p.Contains(got) {
			t.Fatalf("Join(%v, %x) = %v, outside the prefix", p, h, got)
		}
		if hostBits(got, bits) != hostBits(netip.AddrFrom16(h), bits) {
			t.Fatalf("Join(%v, %x) = %v: host bits differ from the suffix's", p, h, got)
		}
	}
}

// hostBits is addr with its first bits bits cleared.
func hostBits(addr netip.Addr, bits int) [16]byte {
	b := addr.As16()
	for i := range b {
		switch n := bits - 8*i; {
		case n >= 8:
			b[i] = 0
		case n > 0:
			b[i] &= 0xff >> n
		}
	}
	return b
}

// FuzzParseSuffix: whatever the input, parsing never panics, and a suffix
// that parses recombines with any prefix into an address inside it whose
// host bits are the suffix's.
func FuzzParseSuffix(f *testing.F) {
	for _, seed := range []string{"::1:2:3:4", "::1", "eui64:eth0", "eui64:b8:27:eb:12:34:56", "::", "2001:db8::1",
		"EUI64:", "::ffff:1.2.3.4", "fe80::1%eth0", "::1:2:3:4:5:6:7", "eui64:02-00-5e-10-00-00-00-01"} {
		f.Add(seed, 64, []byte("2001:db8:aa:bb:cc:dd:ee:ff"))
	}
	f.Add("::5", 120, []byte("2001:db8::"))
	f.Fuzz(func(t *testing.T, spec string, bits int, addrText []byte) {
		s, err := ParseSuffix(spec, bits)
		if err != nil {
			return
		}
		addr, err := netip.ParseAddr(string(addrText))
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			addr = netip.MustParseAddr("2001:db8:aa:bb:cc:dd:ee:ff")
		}
		if s.iface != "" {
			return // would read a real interface
		}
		got, err := s.Apply(addr)
		if err != nil {
			t.Fatalf("Apply(%v) after a successful parse of %q: %v", addr, spec, err)
		}
		p := netip.PrefixFrom(addr, bits).Masked()
		if !p.Contains(got) {
			t.Fatalf("%q/%d on %v = %v, outside %v", spec, bits, addr, got, p)
		}
		if s.mac == nil && hostBits(got, bits) != s.host {
			t.Fatalf("%q/%d on %v = %v: host bits are not the suffix's", spec, bits, addr, got)
		}
	})
}
