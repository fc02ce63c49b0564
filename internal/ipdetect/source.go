package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
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
// order. See providers.md section 8 for why these: ipify's api6 host is
// v6-only, ipify's bare host v4-only; the trace answers either family and
// must never be asked via 1.1.1.1 (it answers Cloudflare's own address).
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
		"https://api.cloudflare.com/cdn-cgi/trace",
	},
}

// DefaultSources returns the source specs used when none are configured for
// f (a fresh slice the caller may change); nil for an unknown family.
func DefaultSources(f Family) []string {
	return slices.Clone(defaultSources[f])
}

// sourceSyntax is what the errors below suggest.
const sourceSyntax = "want https://URL, http://localhost[:PORT]/..., iface:NAME or dns:opendns"

// ParseSource turns one configured spec into a Source:
//
//	https://host/path             a web echo service (any host)
//	http://127.0.0.1:8080/ip      plain http, only to a loopback host
//	iface:eth0                    the addresses of a local interface
//	dns:opendns                   a DNS echo service from dnsServices
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
