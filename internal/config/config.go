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
)

// Defaults that are not envconfig tags because something else decides them.
const (
	DefaultPath     = "/etc/default/ddns"
	DefaultStateDir = "/var/lib/ddns"
	// StateDirectoryEnv is set by systemd for StateDirectory= units.
	StateDirectoryEnv = "STATE_DIRECTORY"
)

// Config is the effective configuration of one run.
//
// Fields use split_words rather than envconfig:"NAME" on purpose: with an
// explicit name envconfig also falls back to the unprefixed variable, so an
// unrelated DOMAIN or TIMEOUT in the environment would leak in.
type Config struct {
	Provider        string        `split_words:"true"`
	Domain          string        `split_words:"true"`
	Hosts           []string      `split_words:"true"`
	APIPassword     Secret        `split_words:"true"`
	APIPasswordFile string        `split_words:"true"`
	Username        string        `split_words:"true"`
	Server          string        `split_words:"true"` // empty: the provider's default
	IPSources       []string      `split_words:"true"` // empty: ipdetect's defaults
	IP              netip.Addr    `split_words:"true"` // invalid (zero): detect
	IPVersion       string        `split_words:"true" default:"4"`
	StateDir        string        `split_words:"true"` // Load fills the default
	Timeout         time.Duration `split_words:"true" default:"60s"`
	ForceInterval   time.Duration `split_words:"true" default:"720h"`
	DryRun          bool          `split_words:"true"`
	LogLevel        string        `split_words:"true" default:"info"`

	// Where things came from, for Summary; not read from the environment.
	ConfigPath   string   `ignored:"true"` // the env file Load looked at
	ConfigFound  bool     `ignored:"true"` // whether that file existed
	SecretSource string   `ignored:"true"` // "environment", or a file path
	Unknown      []string `ignored:"true"` // DDNS_* names that ddns does not read
}

// Names are the variables ddns reads, in the order Summary lists them.
var Names = []string{
	"DDNS_CONFIG", "DDNS_PROVIDER", "DDNS_DOMAIN", "DDNS_HOSTS", "DDNS_USERNAME",
	"DDNS_API_PASSWORD", "DDNS_API_PASSWORD_FILE", "DDNS_SERVER", "DDNS_IP_SOURCES",
	"DDNS_IP", "DDNS_IP_VERSION", "DDNS_STATE_DIR", "DDNS_TIMEOUT",
	"DDNS_FORCE_INTERVAL", "DDNS_DRY_RUN", "DDNS_LOG_LEVEL",
}

// LogLevels are the accepted values of DDNS_LOG_LEVEL.
var LogLevels = []string{"debug", "info", "warn", "error"}

// Families returns the address families to publish: [4], [6] or [4 6].
// It returns nil for an IPVersion that Validate rejects.
func (c Config) Families() []int {
	switch c.IPVersion {
	case "4":
		return []int{4}
	case "6":
		return []int{6}
	case "4,6":
		return []int{4, 6}
	}
	return nil
}

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
