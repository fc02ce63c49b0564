package rfc2136

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/ddns-pi/ddns/internal/dnswire"
	"github.com/ddns-pi/ddns/internal/provider"
)

// Settings are the provider's own variables (prefix DDNS). The key's
// secret is the shared DDNS_API_PASSWORD, so it gets the _FILE variant and
// the redaction every password gets.
type Settings struct {
	TSIGKeyName   string `split_words:"true" required:"true" desc:"name of the TSIG key in the server's key statement (key \"ddns-key\" {...})"`
	TSIGAlgorithm string `split_words:"true" default:"hmac-sha256" desc:"the key's algorithm: hmac-sha256, hmac-sha1, hmac-sha224, hmac-sha384 or hmac-sha512"`
	TTL           int    `split_words:"true" default:"300" desc:"TTL in seconds of the published A and AAAA records (1 to 2147483647)"`
}

// Validate checks every setting and returns all problems joined, each
// naming its variable.
func (s *Settings) Validate() error {
	var errs []error
	if s.TSIGKeyName == "" || dnswire.CheckName(s.TSIGKeyName) != nil || strings.Contains(s.TSIGKeyName, "..") {
		errs = append(errs, fmt.Errorf("DDNS_TSIG_KEY_NAME=%q is not a key name; use the name of the server's "+
			"key statement, such as ddns-key", s.TSIGKeyName))
	}
	if _, ok := algorithm(s.TSIGAlgorithm); !ok {
		errs = append(errs, fmt.Errorf("DDNS_TSIG_ALGORITHM=%q is not supported; use hmac-sha256 (the default), "+
			"hmac-sha1, hmac-sha224, hmac-sha384 or hmac-sha512, as the server's key statement says", s.TSIGAlgorithm))
	}
	if err := (provider.TTLRange{Service: "RFC 2136", Min: 1, Max: 2147483647, Default: 300}).Check(s.TTL); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// algorithm maps a DDNS_TSIG_ALGORITHM value (any case, with or without
// the trailing dot; empty is the default) to its canonical name.
// dnswire knows no HMAC-MD5, deliberately.
func algorithm(name string) (string, bool) {
	if strings.TrimSpace(name) == "" {
		name = "hmac-sha256"
	}
	return dnswire.Algorithm(name)
}

// DefaultPort is the DNS port used when DDNS_SERVER names no port.
const DefaultPort = "53"

// CheckServer is the Factory's check of DDNS_SERVER.
func CheckServer(server string) error {
	_, err := ParseServer(server)
	return err
}

// ParseServer reads DDNS_SERVER, the zone's primary, as "host",
// "host:port", "v4:port", "[v6]:port", "[v6]" or a bare IPv6 address, and
// returns it as "host:port" ready to dial. URLs are refused: dynamic
// update is DNS, not HTTP.
func ParseServer(server string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf("DDNS_SERVER=%q %s; use the primary server as host or host:port "+
			"(ns1.example.org, 192.0.2.53:53, [2001:db8::53]:53)", server, why)
	}
	s := strings.TrimSpace(server)
	switch {
	case s == "":
		return "", bad("is empty")
	case strings.Contains(s, "://") || strings.ContainsAny(s, "/?#@"):
		return "", bad("is a URL, not a DNS server address")
	}
	if a, err := netip.ParseAddr(s); err == nil && a.Is6() {
		return net.JoinHostPort(a.String(), DefaultPort), nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s += ":" + DefaultPort
	} else if !strings.Contains(s, ":") {
		s += ":" + DefaultPort
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", bad("is not host:port")
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 || strings.HasPrefix(port, "+") {
		return "", bad("has an invalid port (1 to 65535)")
	}
	a, err := netip.ParseAddr(host)
	if strings.HasPrefix(s, "[") && (err != nil || !a.Is6()) {
		return "", bad("has brackets around something other than an IPv6 address")
	}
	if err == nil {
		if a.Zone() != "" {
			return "", bad("has an IPv6 zone; use a global or unique-local address")
		}
		return net.JoinHostPort(a.String(), port), nil
	}
	if !hostname(host) {
		return "", bad("has an invalid host name")
	}
	return net.JoinHostPort(strings.TrimSuffix(host, "."), port), nil
}

// hostname reports whether h is a DNS host name: letters, digits and
// hyphens in labels of 1 to 63 characters, at most 253 in all.
func hostname(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}
