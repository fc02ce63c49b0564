package textsafe

import (
	"net/netip"
	"net/url"
	"regexp"
	"strings"
)

// URL shows raw as a message may quote it: scheme, host and path only. The
// query, fragment and user information are dropped whole, because any of
// them can hold a password or token in an encoding no redaction pattern
// knows (lower-case %2b, base64, a parameter under another name). Control
// characters are escaped. A value that does not parse is cut the same way
// by hand.
func URL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
		return Escape(u.String())
	}
	s, _, _ := strings.Cut(raw, "?")
	s, _, _ = strings.Cut(s, "#")
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		scheme, rest = "", s
	}
	authority, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = authority[i+1:]
	}
	out := authority
	if path != "" || strings.Contains(rest, "/") {
		out += "/" + path
	}
	if ok {
		out = scheme + "://" + out
	}
	return Escape(out)
}

// IsLoopbackHost reports whether host (a URL's Hostname, without port or
// brackets) is "localhost" or a loopback address: 127.0.0.0/8, ::1, or
// 127.0.0.0/8 written as an IPv4-mapped IPv6 address. Plain http is
// allowed only to such a host: the traffic never leaves the machine.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// urlInText finds URLs in free text: a scheme, "://" (or its JSON form
// ":\/\/"), then everything up to white space, a quote or an angle bracket.
var urlInText = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]*:(?://|\\/\\/)[^\s"'<>` + "`" + `]+`)

// URLsIn replaces every URL in s (an error page, a transport error) with
// its URL form: scheme, host and path only.
func URLsIn(s string) string {
	return urlInText.ReplaceAllStringFunc(s, URL)
}
