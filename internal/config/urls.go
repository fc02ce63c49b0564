package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// checkServer accepts an empty DDNS_SERVER (the provider's default) or an
// https base URL; http only to a loopback host, because the request carries
// the password.
func checkServer(s string) error {
	if s == "" {
		return nil
	}
	return checkURL("DDNS_SERVER", s, "a base URL such as https://dyn.example.net")
}

// checkSource checks one DDNS_IP_SOURCES entry only as far as config can:
// URLs must be https (or http to loopback); iface: and dns: entries and bare
// names are left to ipdetect, which knows them.
func checkSource(s string) error {
	const v = "DDNS_IP_SOURCES"
	scheme, rest, found := strings.Cut(s, ":")
	if !found || !isScheme(scheme) {
		return nil // a bare name such as "ipify"
	}
	switch strings.ToLower(scheme) {
	case "iface", "dns":
		if rest == "" {
			return problem(v, fmt.Sprintf("%q names nothing after the colon, e.g. iface:eth0 or dns:opendns", s))
		}
		return nil
	case "http", "https":
		return checkURL(v, s, "a URL such as https://api.ipify.org")
	}
	return problem(v, fmt.Sprintf("%q has an unknown scheme %q; use https://..., iface:NAME or dns:NAME", redactURL(s), scheme))
}

// checkURL checks an http(s) URL. It quotes the URL without any user
// information or query, either of which may hold a credential.
func checkURL(name, s, example string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return problem(name, fmt.Sprintf("%q is not a URL; give %s", redactURL(s), example))
	}
	shown := redactURL(s)
	switch {
	case u.User != nil:
		return problem(name, fmt.Sprintf("%q holds a user name or password; set DDNS_USERNAME and DDNS_API_PASSWORD instead", shown))
	case u.RawQuery != "" || u.Fragment != "":
		return problem(name, fmt.Sprintf("%q has a query or fragment; give %s", shown, example))
	case strings.EqualFold(u.Scheme, "https"):
		return nil
	case strings.EqualFold(u.Scheme, "http") && textsafe.IsLoopbackHost(u.Hostname()):
		return nil
	case strings.EqualFold(u.Scheme, "http"):
		return problem(name, fmt.Sprintf("%q uses http to a remote host, which would send data in clear text; use https (http is allowed only to localhost)", shown))
	}
	return problem(name, fmt.Sprintf("%q is not an http(s) URL; give %s", shown, example))
}

// redactURL returns s without user information, query or fragment, any of
// which may hold a credential.
func redactURL(s string) string { return textsafe.URL(s) }

// isScheme reports whether s looks like a URL scheme (RFC 3986).
func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		alpha := c >= 'a' && c <= 'z'
		if !alpha && (i == 0 || !strings.ContainsRune("0123456789+-.", rune(s[i]))) {
			return false
		}
	}
	return true
}
