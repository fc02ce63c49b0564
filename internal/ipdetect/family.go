// Package ipdetect finds this host's public IPv4 or IPv6 address.
//
// A Source asks one place (a web echo service, a network interface, a DNS
// echo name); a Detector tries its sources in order and keeps the first answer
// that Check accepts as a global unicast address of the wanted family. The
// mechanisms are written once and the well-known services are data (see
// DefaultSources and dnsServices), so adding a service never adds code.
package ipdetect

import "github.com/ddns-pi/ddns/internal/family"

// Family is the shared address-family type, named here so that the
// package's signatures read short.
type Family = family.Family

// The two families, as in package family.
const (
	V4 = family.V4
	V6 = family.V6
)
