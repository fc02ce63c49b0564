package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// checkDomain accepts a plain DNS name of two or more labels, in any case.
// It names the usual mistakes (a URL, a port, a path) instead of just
// saying "invalid".
func checkDomain(d string) error {
	const v = "DDNS_DOMAIN"
	switch {
	case d == "":
		return problem(v, "is not set; set it to your domain, e.g. example.com")
	case isIPAddress(d):
		return problem(v, fmt.Sprintf("%q is an IP address; give the domain (zone) whose records to update, e.g. example.com", d))
	case strings.Contains(d, "://"):
		return problem(v, fmt.Sprintf("%q is a URL; give only the domain, e.g. example.com", d))
	case strings.ContainsAny(d, "/:?@ \t"):
		return problem(v, fmt.Sprintf("%q is not a domain; remove any path, port or spaces", d))
	case !strings.Contains(d, "."):
		return problem(v, fmt.Sprintf("%q has no dot; give the whole domain, e.g. example.com", d))
	case len(d) > 253:
		return problem(v, fmt.Sprintf("%q is longer than 253 characters", d))
	}
	for _, l := range strings.Split(d, ".") {
		if why := labelProblem(l); why != "" {
			return problem(v, fmt.Sprintf("%q is not a domain: %s", d, why))
		}
	}
	return nil
}

// checkHosts checks each DDNS_HOSTS entry: "@" (the domain itself), "*"
// (the wildcard) or one or more labels such as "home" or "a.b".
func checkHosts(hosts []string, domain string) []error {
	const v = "DDNS_HOSTS"
	if len(hosts) == 0 {
		return []error{problem(v, `is not set; list the names to update, e.g. "home" or "@,www" (@ is the domain itself)`)}
	}
	var errs []error
	for _, h := range hosts {
		if strings.ContainsAny(h, " \t") {
			errs = append(errs, problem(v, fmt.Sprintf("%q contains a space; separate hosts with commas, e.g. @,www,home", h)))
			continue
		}
		if err := checkHost(h, domain); err != nil {
			errs = append(errs, problem(v, err.Error()))
		}
	}
	return errs
}

func checkHost(h, domain string) error {
	if h == "@" || h == "*" {
		return nil
	}
	if domain != "" && (strings.EqualFold(h, domain) || strings.HasSuffix(strings.ToLower(h), "."+strings.ToLower(domain))) {
		return fmt.Errorf("%q includes DDNS_DOMAIN; write only the part before it (or @ for the domain itself)", h)
	}
	if len(h)+1+len(domain) > 253 {
		return fmt.Errorf("%q makes a name longer than 253 characters", h)
	}
	for i, l := range strings.Split(h, ".") {
		if i == 0 && l == "*" {
			continue // "*.home": a wildcard below a name
		}
		if why := labelProblem(l); why != "" {
			return fmt.Errorf("%q is not a host name: %s", h, why)
		}
	}
	return nil
}

// labelProblem says what is wrong with one DNS label, or "" when nothing
// is: 1 to 63 letters, digits and hyphens, not starting or ending with a
// hyphen (RFC 1123). Non-ASCII names must be given in punycode (xn--).
func labelProblem(l string) string {
	switch {
	case l == "":
		return "empty label (two dots in a row, or a dot at the start)"
	case len(l) > 63:
		return "a label is longer than 63 characters"
	case l[0] == '-' || l[len(l)-1] == '-':
		return "a label starts or ends with a hyphen"
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c >= 0x80 {
			return "non-ASCII letters must be written in punycode (xn--...)"
		}
		if c != '-' && (c < '0' || c > '9') && (c|0x20 < 'a' || c|0x20 > 'z') {
			return fmt.Sprintf("%q is not allowed (letters, digits and hyphens only)", string(c))
		}
	}
	return ""
}

// isIPAddress reports whether s is an IP address (with or without
// brackets), which is never a zone name.
func isIPAddress(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}
