// Package config reads ddns settings from /etc/default/ddns and the process
// environment (DDNS_* variables, the environment winning), and checks them.
//
// Reading is two steps: Load fills a Config (envconfig does the decoding),
// then Validate reports every problem at once, each naming the variable,
// quoting its value (never the password) and saying how to fix it.
package config

import (
	"net/netip"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
)

// Defaults that are not envconfig tags because something else decides them.
const (
	DefaultPath     = "/etc/default/ddns"
	DefaultStateDir = "/var/lib/ddns"
	// StateDirectoryEnv is set by systemd for StateDirectory= units.
	StateDirectoryEnv = "STATE_DIRECTORY"
)

// Config is the effective configuration of one run: the settings every
// provider shares. A provider's own settings live in its own struct (see
// provider.Factory.Settings) and are read by Process in the same way.
//
// Fields use split_words rather than envconfig:"NAME" on purpose: with an
// explicit name envconfig also falls back to the unprefixed variable, so an
// unrelated DOMAIN or TIMEOUT in the environment would leak in. The desc
// tags are the help lines of `ddns help`, `ddns providers` and the docs.
type Config struct {
	Provider    string     `split_words:"true" desc:"the DNS service (see 'ddns providers')"`
	Domain      string     `split_words:"true" desc:"the registered domain (zone), e.g. example.com"`
	Hosts       []string   `split_words:"true" desc:"comma list of hosts in the domain: home, @ (the domain itself), * (wildcard)"`
	Username    string     `split_words:"true" desc:"the account or user name, for providers that need one"`
	APIPassword Secret     `split_words:"true" desc:"the secret: password, token or key (see 'ddns providers NAME')"`
	Server      string     `split_words:"true" desc:"the provider's API base URL, or host:port for rfc2136 (default: the real service)"`
	IPSources   []string   `split_words:"true" desc:"comma list of IPv4 address sources tried in order: https:// echo URLs, iface:NAME, dns:opendns, dns:cloudflare"`
	IP          netip.Addr `split_words:"true" desc:"publish this fixed IPv4 address instead of detecting one"`
	IPVersion   string     `split_words:"true" default:"4" desc:"4, 6, or 4,6"`
	// Per-family addresses and the IPv6 host part; checked in ipv6.go.
	// "Ip6", not "IP6": envconfig's split_words would make IP6 "I_P6".
	Ip6Sources       []string      `split_words:"true" desc:"comma list of IPv6 address sources, as DDNS_IP_SOURCES is for IPv4"`
	Ip6              netip.Addr    `split_words:"true" desc:"publish this fixed IPv6 address instead of detecting one"`
	Ipv6Suffix       string        `split_words:"true" desc:"publish the IPv6 prefix found joined with this host part: ::1:2:3:4, eui64:IFACE or eui64:MAC"`
	Ipv6PrefixLength int           `split_words:"true" default:"64" desc:"how much of the address found DDNS_IPV6_SUFFIX keeps, 8 to 127"`
	AllowPrivate     bool          `split_words:"true" desc:"true: allow private, CGNAT and link-local addresses (a LAN name)"`
	StateDir         string        `split_words:"true" desc:"state directory (default: $STATE_DIRECTORY, else /var/lib/ddns)"`
	Timeout          time.Duration `split_words:"true" default:"60s" desc:"bound on one whole run, at least 1s"`
	ForceInterval    time.Duration `split_words:"true" default:"720h" desc:"republish an unchanged address after this long (0: never)"`
	DryRun           bool          `split_words:"true" desc:"true: detect and report, change nothing, record nothing"`
	LogLevel         string        `split_words:"true" default:"info" desc:"debug, info, warn or error"`

	// Where things came from, for Summary; not read from the environment.
	ConfigPath    string            `ignored:"true"` // the env file Load looked at
	ConfigFound   bool              `ignored:"true"` // whether that file existed
	SecretSources map[string]string `ignored:"true"` // secret variable -> "environment", a file path, ...
	// Seen lists every DDNS_* name (in any case) in the environment or the
	// file, for the caller's unknown-setting check.
	Seen []string `ignored:"true"`
}

// ConfigVar names the settings file; it is read before everything else.
const ConfigVar = "DDNS_CONFIG"

// LogLevels are the accepted values of DDNS_LOG_LEVEL.
var LogLevels = []string{"debug", "info", "warn", "error"}

// Families returns the address families to publish, or nil for an
// IPVersion that Validate rejects.
func (c Config) Families() []family.Family { return family.ParseList(c.IPVersion) }

// normalise tidies what envconfig read: trims blanks, drops empty list
// entries and duplicate hosts, lowercases the words that are names, and
// removes a trailing dot from the domain.
func (c *Config) normalise() {
	c.Provider = strings.ToLower(strings.TrimSpace(c.Provider))
	c.Domain = strings.TrimSuffix(strings.TrimSpace(c.Domain), ".")
	c.Hosts = dedupeFold(cleanList(c.Hosts))
	c.Username = strings.TrimSpace(c.Username)
	c.Server = strings.TrimSpace(c.Server)
	c.IPSources = cleanList(c.IPSources)
	c.IP = c.IP.Unmap()
	c.IPVersion = strings.ReplaceAll(strings.TrimSpace(c.IPVersion), " ", "")
	c.StateDir = strings.TrimSpace(c.StateDir)
	c.LogLevel = strings.ToLower(strings.TrimSpace(c.LogLevel))
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dedupeFold drops repeats, ignoring case as DNS does.
func dedupeFold(in []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, s := range in {
		if k := strings.ToLower(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
