package ipdetect

import (
	"fmt"
	"net/netip"
)

// NotPublicError is the error Check returns: the address, the family it was
// checked for, and why it cannot be published in a DNS record.
type NotPublicError struct {
	Addr   netip.Addr
	Family Family
	Reason string // starts with "is" or "has", e.g. "is private (RFC 1918)"
}

func (e *NotPublicError) Error() string {
	return fmt.Sprintf("%s rejected as public %s: %s", e.Addr, e.Family, e.Reason)
}

// rejectedRange is a prefix that can never be this host's public address.
type rejectedRange struct {
	prefix netip.Prefix
	reason string
	lan    bool // acceptable with DDNS_ALLOW_PRIVATE: a name for the LAN
}

// rejected lists special-purpose ranges (IANA registries, RFC 6890), most
// specific first where two overlap. What is deliberately NOT here:
//
//   - Documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
//     (RFC 5737), 2001:db8::/32 (RFC 3849) and 3fff::/20 (RFC 9637) are
//     accepted. They are never routed, so no real echo service can return
//     them; the only place they appear is in tests and examples, and this
//     project's tests across packages use 203.0.113.0/24 and 2001:db8::/32
//     as "the public address". Rejecting them would buy no safety and break
//     every such test. All of them are accepted, not just those two, so the
//     rule is one sentence a reader can check.
//   - 6to4 2002::/16 and Teredo 2001::/32 are reachable through relays, so
//     they stay acceptable if that is really what the host has.
var rejected = []rejectedRange{
	{prefix: netip.MustParsePrefix("0.0.0.0/32"), reason: "is unspecified"},
	{prefix: netip.MustParsePrefix("0.0.0.0/8"), reason: `is in "this network" 0.0.0.0/8 (RFC 1122)`},
	{prefix: netip.MustParsePrefix("10.0.0.0/8"), lan: true, reason: "is private (RFC 1918)"},
	{prefix: netip.MustParsePrefix("172.16.0.0/12"), lan: true, reason: "is private (RFC 1918)"},
	{prefix: netip.MustParsePrefix("192.168.0.0/16"), lan: true, reason: "is private (RFC 1918)"},
	{prefix: netip.MustParsePrefix("100.64.0.0/10"), lan: true, reason: "is carrier-grade NAT 100.64.0.0/10 (RFC 6598): " +
		"the ISP shares its public address, so this host is not reachable on it"},
	{prefix: netip.MustParsePrefix("127.0.0.0/8"), reason: "is loopback"},
	{prefix: netip.MustParsePrefix("169.254.0.0/16"), lan: true, reason: "is link-local"},
	// DS-Lite puts 192.0.0.2 on the router's WAN side: no public IPv4 at all.
	{prefix: netip.MustParsePrefix("192.0.0.0/24"), reason: "is IETF protocol assignment space 192.0.0.0/24 (RFC 6890)"},
	{prefix: netip.MustParsePrefix("192.88.99.0/24"), reason: "is the retired 6to4 relay anycast range (RFC 7526)"},
	// Also the "fake-IP" range of some proxy tools, so seeing it means a
	// proxy answered, not the internet.
	{prefix: netip.MustParsePrefix("198.18.0.0/15"), reason: "is benchmarking space 198.18.0.0/15 (RFC 2544)"},
	{prefix: netip.MustParsePrefix("224.0.0.0/4"), reason: "is multicast"},
	{prefix: netip.MustParsePrefix("255.255.255.255/32"), reason: "is the limited broadcast address"},
	{prefix: netip.MustParsePrefix("240.0.0.0/4"), reason: "is reserved 240.0.0.0/4 (RFC 1112)"},

	{prefix: netip.MustParsePrefix("::/128"), reason: "is unspecified"},
	{prefix: netip.MustParsePrefix("::1/128"), reason: "is loopback"},
	{prefix: netip.MustParsePrefix("64:ff9b::/96"), reason: "is the NAT64 translation prefix (RFC 6052)"},
	{prefix: netip.MustParsePrefix("64:ff9b:1::/48"), reason: "is a local NAT64 translation prefix (RFC 8215)"},
	{prefix: netip.MustParsePrefix("100::/64"), reason: "is discard-only (RFC 6666)"},
	{prefix: netip.MustParsePrefix("2001:2::/48"), reason: "is benchmarking space 2001:2::/48 (RFC 5180)"},
	{prefix: netip.MustParsePrefix("2001:20::/28"), reason: "is an ORCHIDv2 identifier, not a routable address (RFC 7343)"},
	{prefix: netip.MustParsePrefix("fc00::/7"), lan: true, reason: "is unique local (ULA, fc00::/7)"},
	{prefix: netip.MustParsePrefix("fe80::/10"), lan: true, reason: "is link-local"},
	{prefix: netip.MustParsePrefix("fec0::/10"), reason: "is site-local, deprecated (RFC 3879)"},
	{prefix: netip.MustParsePrefix("ff00::/8"), reason: "is multicast"},
}

// globalUnicast6 is the only IPv6 block IANA has opened for global unicast;
// anything else left after the named ranges above is unassigned.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// Check reports whether addr can be published as this host's public address
// of family f. It returns nil or a *NotPublicError saying why not.
func Check(addr netip.Addr, f Family) error { return CheckLAN(addr, f, false) }

// CheckLAN is Check that, with lan set (DDNS_ALLOW_PRIVATE), also accepts
// private, unique local, carrier-grade NAT and link-local addresses, for a
// name that only the LAN uses. Loopback, multicast and the rest stay out.
func CheckLAN(addr netip.Addr, f Family, lan bool) error {
	if reason := rejectReason(addr, f, lan); reason != "" {
		return &NotPublicError{Addr: addr, Family: f, Reason: reason}
	}
	return nil
}

func rejectReason(addr netip.Addr, f Family, lan bool) string {
	switch {
	case !addr.IsValid():
		return "is not an address"
	case addr.Zone() != "":
		return "has a zone (" + addr.Zone() + "), which only means something on this host"
	case addr.Is4In6():
		// Checked before the family: for V4 the caller must unmap on purpose,
		// for V6 it is an IPv4 address in disguise.
		return "is an IPv4-mapped IPv6 address (::ffff:0:0/96)"
	case f != V4 && f != V6:
		return "cannot be checked for unknown family " + f.String()
	case f == V4 && !addr.Is4():
		return "is an IPv6 address, not IPv4"
	case f == V6 && !addr.Is6():
		return "is an IPv4 address, not IPv6"
	}
	for _, r := range rejected {
		if r.prefix.Contains(addr) && !(lan && r.lan) {
			return r.reason
		}
	}
	if f == V6 && !globalUnicast6.Contains(addr) && !(lan && isLANRange(addr)) {
		return "is outside the IPv6 global unicast block 2000::/3 (reserved by IANA)"
	}
	return ""
}

// isLANRange reports whether addr is in a range DDNS_ALLOW_PRIVATE opens.
func isLANRange(addr netip.Addr) bool {
	for _, r := range rejected {
		if r.lan && r.prefix.Contains(addr) {
			return true
		}
	}
	return false
}
