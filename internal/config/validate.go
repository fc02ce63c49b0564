package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Validate checks every setting and cross-setting rule and returns all
// problems joined, each an *Error wrapping ErrConfig. providers are the
// names DDNS_PROVIDER may take; the registry lives elsewhere so that adding
// a provider does not touch this package.
//
// Rules that depend on the provider (whether DDNS_USERNAME is required,
// whether IPv6 is supported) belong to the caller, which knows the Factory.
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
	if !c.APIPassword.IsSet() {
		add(problem("DDNS_API_PASSWORD", "is not set; set it, or DDNS_API_PASSWORD_FILE to a file holding it"+storedCredentialHint()))
	}
	add(checkServer(c.Server))
	for _, s := range c.IPSources {
		add(checkSource(s))
	}
	errs = append(errs, c.checkIP()...)
	errs = append(errs, c.checkScalars()...)
	for _, name := range c.Unknown {
		add(unknownName(name))
	}
	return errors.Join(errs...)
}

func checkProvider(p string, known []string) error {
	list := strings.Join(known, ", ")
	switch {
	case p == "":
		return problem("DDNS_PROVIDER", "is not set; set it to one of: "+list)
	case !slices.Contains(known, p):
		return problem("DDNS_PROVIDER", fmt.Sprintf("%q is not a known provider; use one of: %s", p, list))
	}
	return nil
}

// checkIP checks DDNS_IP_VERSION and that a fixed DDNS_IP fits it.
func (c Config) checkIP() []error {
	fams := c.Families()
	if fams == nil {
		return []error{problem("DDNS_IP_VERSION", fmt.Sprintf("%q is not valid; use 4, 6 or 4,6", c.IPVersion))}
	}
	if !c.IP.IsValid() {
		return nil
	}
	ip := c.IP.String()
	switch {
	case c.IP.Zone() != "":
		return []error{problem("DDNS_IP", fmt.Sprintf("%q has a zone; a published address cannot", ip))}
	case c.IP.IsUnspecified() || c.IP.IsMulticast():
		return []error{problem("DDNS_IP", fmt.Sprintf("%q cannot be published; give the address the name should resolve to", ip))}
	}
	fam := 6
	if c.IP.Is4() {
		fam = 4
	}
	if len(fams) != 1 || fams[0] != fam {
		return []error{problem("DDNS_IP", fmt.Sprintf("%q is an IPv%d address but DDNS_IP_VERSION is %q; set DDNS_IP_VERSION=%d", ip, fam, c.IPVersion, fam))}
	}
	return nil
}

// checkScalars checks the settings that stand alone.
func (c Config) checkScalars() []error {
	var errs []error
	if c.Timeout <= 0 {
		errs = append(errs, problem("DDNS_TIMEOUT", fmt.Sprintf("%q must be more than zero (e.g. 60s)", c.Timeout)))
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

// unknownName reports a DDNS_* variable ddns does not read, suggesting the
// closest real name.
func unknownName(name string) error {
	best, dist := "", 5 // suggest only close matches
	for _, n := range Names {
		if d := editDistance(name, n); d < dist {
			best, dist = n, d
		}
	}
	msg := "is not a ddns setting"
	if best != "" {
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
