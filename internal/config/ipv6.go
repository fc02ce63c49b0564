package config

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/ipdetect"
)

// Per-family settings. Each family has its own sources and its own fixed
// address, and is detected independently:
//
//   - DDNS_IP_SOURCES and DDNS_IP are IPv4's; DDNS_IP6_SOURCES and DDNS_IP6
//     are IPv6's. An empty source list means that family's built-in list.
//   - With DDNS_IP_VERSION=4,6, a fixed address of one family leaves the
//     other family detected: DDNS_IP alone publishes that A record and
//     detects the AAAA address through DDNS_IP6_SOURCES (or its defaults).
//   - For 0.1.0 configurations, an IPv6 address in DDNS_IP still means the
//     fixed IPv6 address, as DDNS_IP6 does.
//   - A fixed address wins over that family's sources.

// SourcesVar names the variable holding the sources of f.
func SourcesVar(f family.Family) string {
	if f == family.V6 {
		return "DDNS_IP6_SOURCES"
	}
	return "DDNS_IP_SOURCES"
}

// Sources returns the configured sources of f, blanks and empty entries
// dropped; nil means the built-in list.
func (c Config) Sources(f family.Family) []string {
	if f == family.V6 {
		return cleanList(c.Ip6Sources)
	}
	return cleanList(c.IPSources)
}

// Fixed returns the fixed address of f and the variable it came from; the
// zero Addr means detect.
func (c Config) Fixed(f family.Family) (netip.Addr, string) {
	ip := c.IP.Unmap()
	switch {
	case f == family.V4 && ip.Is4():
		return ip, "DDNS_IP"
	case f == family.V6 && c.Ip6.IsValid():
		return c.Ip6, "DDNS_IP6"
	case f == family.V6 && ip.Is6():
		return ip, "DDNS_IP"
	}
	return netip.Addr{}, ""
}

// IPv6SuffixSpec is DDNS_IPV6_SUFFIX without surrounding blanks; "" when
// unset.
func (c Config) IPv6SuffixSpec() string { return strings.TrimSpace(c.Ipv6Suffix) }

// checkAddresses checks DDNS_IP_VERSION and every per-family address
// setting: the fixed addresses, the sources of each family (one that can
// only answer for the other family is an error), and the IPv6 suffix.
func (c Config) checkAddresses() []error {
	fams := c.Families()
	if fams == nil {
		return []error{problem("DDNS_IP_VERSION", fmt.Sprintf("%q is not valid; use 4, 6 or 4,6", c.IPVersion))}
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(c.checkFixed("DDNS_IP", c.IP.Unmap(), fams))
	add(c.checkFixed("DDNS_IP6", c.Ip6, fams))
	if c.Ip6.IsValid() && c.IP.Unmap().Is6() {
		add(problem("DDNS_IP", fmt.Sprintf("%q is an IPv6 address and DDNS_IP6 is set too; keep the IPv6 address in DDNS_IP6 only", c.IP)))
	}
	for _, s := range c.Sources(family.V6) {
		add(renamed(checkSource(s), SourcesVar(family.V6)))
	}
	for _, f := range family.All {
		for _, s := range c.Sources(f) {
			if err := ipdetect.CheckSpecFamily(s, f); err != nil {
				add(problem(SourcesVar(f), err.Error()))
			}
		}
	}
	return append(errs, c.checkSuffix(fams)...)
}

// checkFixed checks one fixed address: publishable, and of a family that
// DDNS_IP_VERSION publishes. DDNS_IP6 must hold an IPv6 address.
func (c Config) checkFixed(name string, ip netip.Addr, fams []family.Family) error {
	if !ip.IsValid() {
		return nil
	}
	s := ip.String()
	fam := family.Of(ip)
	switch {
	case ip.Zone() != "":
		return problem(name, fmt.Sprintf("%q has a zone; a published address cannot", s))
	case name == "DDNS_IP6" && fam != family.V6:
		return problem(name, fmt.Sprintf("%q is not an IPv6 address; put an IPv4 address in DDNS_IP", s))
	}
	if why := Unpublishable(ip, c.AllowPrivate); why != "" {
		return problem(name, fmt.Sprintf("%q is %s", s, why))
	}
	if err := ipdetect.CheckLAN(ip, fam, c.AllowPrivate); err != nil {
		var np *ipdetect.NotPublicError
		if errors.As(err, &np) {
			return problem(name, fmt.Sprintf("%q %s", s, np.Reason))
		}
		return problem(name, err.Error())
	}
	if !slices.Contains(fams, fam) {
		return problem(name, fmt.Sprintf("%q is an %s address but DDNS_IP_VERSION is %q; set DDNS_IP_VERSION=%d (or 4,6)",
			s, fam, c.IPVersion, int(fam)))
	}
	return nil
}

// checkSuffix checks DDNS_IPV6_SUFFIX and DDNS_IPV6_PREFIX_LENGTH, which
// only matters with a suffix.
func (c Config) checkSuffix(fams []family.Family) []error {
	spec, bits := c.IPv6SuffixSpec(), c.Ipv6PrefixLength
	if spec == "" {
		return nil
	}
	if bits < ipdetect.MinPrefixLength || bits > ipdetect.MaxPrefixLength {
		return []error{problem("DDNS_IPV6_PREFIX_LENGTH", fmt.Sprintf("%d is out of range; give %d to %d (64 is usual: a home network's /64)",
			bits, ipdetect.MinPrefixLength, ipdetect.MaxPrefixLength))}
	}
	if _, err := ipdetect.ParseSuffix(spec, bits); err != nil {
		return []error{problem("DDNS_IPV6_SUFFIX", err.Error())}
	}
	if !slices.Contains(fams, family.V6) {
		return []error{problem("DDNS_IPV6_SUFFIX", fmt.Sprintf("is set but DDNS_IP_VERSION is %q, which publishes no AAAA record; set DDNS_IP_VERSION=6 or 4,6", c.IPVersion))}
	}
	return nil
}

// renamed points a checkSource problem, which names DDNS_IP_SOURCES, at
// the variable the value really came from.
func renamed(err error, name string) error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Var: name, Msg: e.Msg}
	}
	return err
}
