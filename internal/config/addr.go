package config

import "net/netip"

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10") // RFC 6598 shared address space
	broadcast = netip.MustParseAddr("255.255.255.255") // limited broadcast
)

// Unpublishable says why addr must not be published as a DNS address, or
// "" when it may be. Loopback, unspecified, broadcast and multicast
// addresses never may; private (RFC 1918, ULA), CGNAT and link-local ones
// only with DDNS_ALLOW_PRIVATE=true (a name for the LAN).
func Unpublishable(addr netip.Addr, allowPrivate bool) string {
	addr = addr.Unmap()
	switch {
	case addr.IsLoopback():
		return "a loopback address; give the address the name should resolve to"
	case addr.IsUnspecified():
		return "the unspecified address; give the address the name should resolve to"
	case addr == broadcast:
		return "the broadcast address; give the address the name should resolve to"
	case addr.IsMulticast():
		return "a multicast address; give the address the name should resolve to"
	case allowPrivate:
		return ""
	case addr.IsPrivate():
		return "a private address; set DDNS_ALLOW_PRIVATE=true to publish a LAN address"
	case cgnat.Contains(addr):
		return "a carrier-grade NAT (100.64.0.0/10) address; set DDNS_ALLOW_PRIVATE=true to publish it anyway"
	case addr.IsLinkLocalUnicast():
		return "a link-local address; set DDNS_ALLOW_PRIVATE=true to publish it anyway"
	}
	return ""
}
