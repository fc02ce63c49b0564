// Package family is the one address-family type that config, state, the
// updater, the providers and `ddns status` share: IPv4 or IPv6, written as
// the version number so that it reads naturally in settings ("4,6"), logs
// and the state file.
package family

import (
	"fmt"
	"net/netip"
	"strings"
)

// Family is an IP address family; its values are the IP version numbers.
type Family int

// The two families a DNS address record can hold.
const (
	V4 Family = 4
	V6 Family = 6
)

// All is every family, in the order ddns works on them.
var All = []Family{V4, V6}

// Of is the family of addr (an IPv4-mapped IPv6 address counts as IPv4).
func Of(addr netip.Addr) Family {
	if addr.Unmap().Is4() {
		return V4
	}
	return V6
}

// Holds reports whether addr is an address of f.
func (f Family) Holds(addr netip.Addr) bool { return addr.IsValid() && Of(addr) == f }

// String is "IPv4" or "IPv6".
func (f Family) String() string {
	switch f {
	case V4:
		return "IPv4"
	case V6:
		return "IPv6"
	}
	return fmt.Sprintf("Family(%d)", int(f))
}

// RecordType is the DNS record type that holds an address of f: "A" or
// "AAAA"; "" for an unknown family.
func (f Family) RecordType() string {
	switch f {
	case V4:
		return "A"
	case V6:
		return "AAAA"
	}
	return ""
}

// Network narrows a Go network name ("tcp", "udp", "ip") to f, so that a
// dial cannot silently fall back to the other family: an IPv4 answer
// fetched over IPv6 would be the wrong address.
func (f Family) Network(base string) string {
	switch f {
	case V4:
		return base + "4"
	case V6:
		return base + "6"
	}
	return base
}

// ParseList reads a DDNS_IP_VERSION value: "4", "6" or "4,6" (blanks and
// order ignored, "6,4" is "4,6"). It returns nil for anything else.
func ParseList(s string) []Family {
	var v4, v6 bool
	for _, part := range strings.Split(strings.ReplaceAll(s, " ", ""), ",") {
		switch part {
		case "4":
			v4 = true
		case "6":
			v6 = true
		default:
			return nil
		}
	}
	var out []Family
	if v4 {
		out = append(out, V4)
	}
	if v6 {
		out = append(out, V6)
	}
	return out
}
