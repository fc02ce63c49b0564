package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// Source is one place that can tell this host's public address.
//
// Name identifies the source in logs and errors; it never holds a secret
// (an HTTP source drops a URL's query and user info).
//
// Detect returns the address the source reports for family f, or an error.
// It must honour ctx for all network traffic and must only use transport of
// family f where the answer depends on it. It does not judge the address:
// the Detector runs Check on whatever comes back.
type Source interface {
	Name() string
	Detect(ctx context.Context, f Family) (netip.Addr, error)
}

// defaultSources are the echo services tried when the user names none, in
// order. Each list is asked over its own family only (FamilyClients forces
// the dial), and each mixes operators - ipify, Cloudflare (which also runs
// icanhazip), Amazon, ifconfig.me - so that one service dying does not stop
// updates. Why these hosts: ipify's api6 host is v6-only and its bare host
// v4-only; the trace answers either family and must never be asked via
// 1.1.1.1 (it answers Cloudflare's own address there); ifconfig.me must be
// asked for /ip, as its root page sniffs the User-Agent. No DNS source is a
// default: see Detector for why a DNS answer alone is not trusted.
var defaultSources = map[Family][]string{
	V4: {
		"https://api.ipify.org",
		"https://ipv4.icanhazip.com",
		"https://checkip.amazonaws.com",
		"https://api.cloudflare.com/cdn-cgi/trace",
	},
	V6: {
		"https://api6.ipify.org",
		"https://ipv6.icanhazip.com",
		"https://ifconfig.me/ip",
		"https://api.cloudflare.com/cdn-cgi/trace",
	},
}

// DefaultSources returns the source specs used when none are configured for
// f (a fresh slice the caller may change); nil for an unknown family.
func DefaultSources(f Family) []string {
	return slices.Clone(defaultSources[f])
}

// singleFamilyHosts are echo hosts that answer over one family only (they
// have only an A or only an AAAA record), so listing one for the other
// family can never work. Sources: ipify.org (api6
// lost its A record on 1 Oct 2020), icanhazip, checkip.amazonaws.com, deSEC.
var singleFamilyHosts = map[string]Family{
	"api.ipify.org":         V4,
	"api4.ipify.org":        V4,
	"ipv4.icanhazip.com":    V4,
	"checkip.amazonaws.com": V4,
	"checkipv4.dedyn.io":    V4,
	"api6.ipify.org":        V6,
	"ipv6.icanhazip.com":    V6,
	"checkipv6.dedyn.io":    V6,
}

// OnlyFamily reports the one family a source spec can answer for: a URL
// whose host is a literal address or a known single-family echo host. ok is
// false for anything that can serve both families (iface:, dns:, most URLs)
// and for specs that do not parse (ParseSource reports those).
func OnlyFamily(spec string) (f Family, ok bool) {
	u, err := url.Parse(spec)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return 0, false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if addr, err := netip.ParseAddr(host); err == nil {
		if addr.Unmap().Is4() {
			return V4, true
		}
		return V6, true
	}
	f, ok = singleFamilyHosts[host]
	return f, ok
}

// sourceSyntax is what the errors below suggest.
const sourceSyntax = "want https://URL, http://localhost[:PORT]/..., iface:NAME, dns:opendns or dns:cloudflare"

// ParseSource turns one configured spec into a Source:
//
//	https://host/path             a web echo service (any host)
//	http://127.0.0.1:8080/ip      plain http, only to a loopback host
//	iface:eth0                    the addresses of a local interface
//	dns:opendns, dns:cloudflare   a DNS echo service from dnsServices
//
// clients are the per-family HTTP clients HTTP sources use (see
// FamilyClients).
func ParseSource(spec string, clients map[Family]*http.Client) (Source, error) {
	scheme, rest, ok := strings.Cut(spec, ":")
	if !ok {
		return nil, fmt.Errorf("source %q has no scheme (%s)", spec, sourceSyntax)
	}
	switch strings.ToLower(scheme) {
	case "https", "http":
		return NewHTTP(spec, clients)
	case "iface":
		return NewInterface(rest)
	case "dns":
		return DNSService(rest)
	}
	// Only the scheme is quoted: the rest might be a URL with a token in it.
	return nil, fmt.Errorf("source has unknown scheme %q (%s)", scheme, sourceSyntax)
}

// ParseSources parses every spec and returns all problems joined, one line
// each, so that a user fixes a configuration in one go.
func ParseSources(specs []string, clients map[Family]*http.Client) ([]Source, error) {
	sources := make([]Source, 0, len(specs))
	var errs []error
	for _, spec := range specs {
		s, err := ParseSource(spec, clients)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sources = append(sources, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return sources, nil
}

// ParseSourcesFor is ParseSources for the list of family f: a spec that can
// only answer for the other family (see OnlyFamily) is an error too.
func ParseSourcesFor(f Family, specs []string, clients map[Family]*http.Client) ([]Source, error) {
	var errs []error
	for _, spec := range specs {
		if err := CheckSpecFamily(spec, f); err != nil {
			errs = append(errs, err)
		}
	}
	sources, err := ParseSources(specs, clients)
	if err != nil || len(errs) > 0 {
		return nil, errors.Join(append(errs, err)...)
	}
	return sources, nil
}

// CheckSpecFamily returns an error when spec can only answer for the family
// other than f, e.g. https://api.ipify.org (IPv4 only) in an IPv6 list.
func CheckSpecFamily(spec string, f Family) error {
	only, ok := OnlyFamily(spec)
	if !ok || only == f {
		return nil
	}
	return fmt.Errorf("source %q answers over %s only, so it can never give an %s address; "+
		"list it for %s instead", textsafe.URL(spec), only, f, only)
}
