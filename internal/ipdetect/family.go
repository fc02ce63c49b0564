// Package ipdetect finds this host's public IPv4 or IPv6 address.
//
// A Source asks one place (a web echo service, a network interface, a DNS
// echo name); a Detector tries its sources in order and keeps the first answer
// that Check accepts as a global unicast address of the wanted family. The
// mechanisms are written once and the well-known services are data (see
// DefaultSources and dnsServices), so adding a service never adds code.
package ipdetect

import "fmt"

// Family is an IP address family. Its values are the IP version numbers so
// that they read naturally in logs and configuration.
type Family int

// The two families a DNS record can hold.
const (
	V4 Family = 4
	V6 Family = 6
)

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

// network narrows a Go network name ("tcp", "udp", "ip") to f, so that a
// dial cannot silently fall back to the other family: a V4 answer fetched
// over IPv6 would be the wrong address.
func (f Family) network(base string) string {
	switch f {
	case V4:
		return base + "4"
	case V6:
		return base + "6"
	}
	return base
}
