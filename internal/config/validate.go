package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Validate checks every setting and cross-setting rule and returns all
// problems joined, each an *Error wrapping ErrConfig. providers are the
// names DDNS_PROVIDER may take; the registry lives elsewhere so that adding
// a provider does not touch this package.
//
// Rules that depend on the provider (whether DDNS_USERNAME or the password
// is required, whether IPv6 is supported, the server's form) and the
// unknown-name check belong to the caller, which knows the registry.
func (c Config) Validate(providers []string) error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(checkProvider(c.Provider, providers))
	add(checkDomain(c.Domain))
	errs = append(errs, checkHosts(c.Hosts, c.Domain)...)
	for _, s := range c.IPSources {
		add(checkSource(s))
	}
	errs = append(errs, c.checkAddresses()...) // ipv6.go
	errs = append(errs, c.checkScalars()...)
	return errors.Join(errs...)
}

func checkProvider(p string, known []string) error {
	list := strings.Join(known, ", ")
	switch {
	case p == "":
		return problem("DDNS_PROVIDER", "is not set; set it to one of: "+list)
	case !slices.Contains(known, p):
		return problem("DDNS_PROVIDER", fmt.Sprintf("%s is not a known provider; use one of: %s", quoteValue(p), list))
	}
	return nil
}

// checkScalars checks the settings that stand alone.
func (c Config) checkScalars() []error {
	var errs []error
	if c.Timeout < time.Second {
		errs = append(errs, problem("DDNS_TIMEOUT", fmt.Sprintf("%q is too short; give at least 1s (e.g. 60s)", c.Timeout)))
	}
	if c.ForceInterval < 0 {
		errs = append(errs, problem("DDNS_FORCE_INTERVAL", fmt.Sprintf("%q must not be negative (0 turns forced updates off)", c.ForceInterval)))
	}
	if !slices.Contains(LogLevels, c.LogLevel) {
		errs = append(errs, problem("DDNS_LOG_LEVEL", fmt.Sprintf("%q is not a level; use one of: %s", c.LogLevel, strings.Join(LogLevels, ", "))))
	}
	if !filepath.IsAbs(c.StateDir) {
		errs = append(errs, problem("DDNS_STATE_DIR", fmt.Sprintf("%q must be an absolute path (default %s)", c.StateDir, DefaultStateDir)))
	}
	return errs
}

// UnknownName reports a DDNS_* variable ddns does not read, suggesting
// the closest of the known names (a lowercase spelling of a known name
// is named as such: the shell and systemd treat names case-sensitively).
func UnknownName(name string, known []string) error {
	best, dist := "", 5 // suggest only close matches
	for _, n := range known {
		if d := editDistance(strings.ToUpper(name), n); d < dist {
			best, dist = n, d
		}
	}
	msg := "is not a ddns setting"
	switch {
	case best != "" && dist == 0:
		msg += "; names are case-sensitive: write " + best
	case best != "":
		msg += "; did you mean " + best + "?"
	}
	return problem(name, msg)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// CheckServerURL is the shared rule for an HTTP provider's DDNS_SERVER: an
// https base URL, or http to a loopback host only, because the request
// carries the password. The error names DDNS_SERVER.
func CheckServerURL(s string) error { return checkServer(s) }
