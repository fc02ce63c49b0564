package ipdetect

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Prefix lengths DDNS_IPV6_PREFIX_LENGTH may take. Below /8 the "prefix"
// would not even fix the global unicast block; at /128 nothing is left for
// the host part.
const (
	MinPrefixLength = 8
	MaxPrefixLength = 127
)

// Suffix is a fixed IPv6 host part (DDNS_IPV6_SUFFIX) joined to the prefix
// of a detected address, so that the Pi can publish another device of the
// house (a NAS, a camera) whose address keeps its host part while the
// ISP changes the prefix.
type Suffix struct {
	spec   string
	bits   int
	host   [16]byte         // the literal host part, or
	mac    net.HardwareAddr // a MAC to derive a modified EUI-64 from, or
	iface  string           // the interface whose MAC that is, read on Apply
	hwaddr func(name string) (net.HardwareAddr, error)
}

// ParseSuffix reads a host part for prefixes of length bits:
//
//	::1:2:3:4              the host bits themselves (none may fall inside the prefix)
//	eui64:eth0             the modified EUI-64 of that interface's MAC (RFC 4291 appendix A)
//	eui64:02:11:22:33:44:55  the same from a MAC given literally (another device's)
//
// An EUI-64 host part is 64 bits long, so it needs bits <= 64.
func ParseSuffix(spec string, bits int) (*Suffix, error) {
	if bits < MinPrefixLength || bits > MaxPrefixLength {
		return nil, fmt.Errorf("prefix length %d is out of range %d..%d (64 is usual)", bits, MinPrefixLength, MaxPrefixLength)
	}
	s := &Suffix{spec: spec, bits: bits, hwaddr: interfaceMAC}
	if rest, ok := cutPrefixFold(spec, "eui64:"); ok {
		return s, s.parseEUI64(rest)
	}
	host, err := netip.ParseAddr(spec)
	switch {
	case err != nil || !host.Is6() || host.Is4In6() || host.Zone() != "":
		return nil, fmt.Errorf("%q is not an IPv6 host part; write it like ::1:2:3:4, or eui64:eth0", spec)
	case netip.PrefixFrom(host, bits).Masked().Addr() != netip.IPv6Unspecified():
		return nil, fmt.Errorf("%q has bits inside the /%d prefix; only the last %d bits may be set, e.g. ::1:2:3:4", spec, bits, 128-bits)
	case host == netip.IPv6Unspecified():
		return nil, fmt.Errorf("%q is all zeros: that is the subnet-router anycast address, not a host", spec)
	}
	s.host = host.As16()
	return s, nil
}

func (s *Suffix) parseEUI64(rest string) error {
	if s.bits > 64 {
		return fmt.Errorf("%q: an EUI-64 host part is 64 bits long and needs a prefix length of 64 or less, not %d", s.spec, s.bits)
	}
	if mac, err := net.ParseMAC(rest); err == nil {
		if _, err := eui64(mac); err != nil {
			return fmt.Errorf("%q: %w", s.spec, err)
		}
		s.mac = mac
		return nil
	}
	if rest == "" || strings.ContainsAny(rest, "/ \t") {
		return fmt.Errorf("%q: want eui64:NAME with an interface name like eth0, or eui64:MAC", s.spec)
	}
	s.iface = rest
	return nil
}

// String is the suffix as the user wrote it.
func (s *Suffix) String() string { return s.spec }

// Apply returns the prefix of addr (of the configured length) joined with
// the host part. An eui64:NAME suffix reads the interface's MAC now.
func (s *Suffix) Apply(addr netip.Addr) (netip.Addr, error) {
	host := s.host
	if s.iface != "" || s.mac != nil {
		mac := s.mac
		if s.iface != "" {
			var err error
			if mac, err = s.hwaddr(s.iface); err != nil {
				return netip.Addr{}, fmt.Errorf("eui64:%s: %w", s.iface, err)
			}
		}
		id, err := eui64(mac)
		if err != nil {
			return netip.Addr{}, fmt.Errorf("eui64:%s: %w", s.iface, err)
		}
		copy(host[8:], id[:])
	}
	return Join(netip.PrefixFrom(addr, s.bits), host), nil
}

// Join returns the address whose first p.Bits() bits are p's and whose
// remaining bits are host's (bits of host inside the prefix are ignored).
func Join(p netip.Prefix, host [16]byte) netip.Addr {
	out := p.Masked().Addr().As16()
	for i := range out {
		keep := byte(0) // the bits of byte i that belong to the prefix
		switch n := p.Bits() - 8*i; {
		case n >= 8:
			keep = 0xff
		case n > 0:
			keep = ^byte(0xff >> n)
		}
		out[i] |= host[i] &^ keep
	}
	return netip.AddrFrom16(out)
}

// eui64 is the modified EUI-64 interface identifier of mac (RFC 4291
// appendix A): a 48-bit MAC gets ff:fe in the middle, and the
// universal/local bit (0x02 of the first byte) is inverted.
func eui64(mac net.HardwareAddr) ([8]byte, error) {
	var id [8]byte
	switch len(mac) {
	case 6:
		copy(id[:3], mac[:3])
		id[3], id[4] = 0xff, 0xfe
		copy(id[5:], mac[3:])
	case 8:
		copy(id[:], mac)
	default:
		return id, fmt.Errorf("hardware address %q is not a 48- or 64-bit MAC", mac.String())
	}
	id[0] ^= 0x02
	return id, nil
}

func interfaceMAC(name string) (net.HardwareAddr, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, err
	}
	return ifi.HardwareAddr, nil
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
