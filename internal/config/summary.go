package config

import (
	"strconv"
	"strings"
)

// KV is one line of the effective settings.
type KV struct {
	Key   string
	Value string
}

// Summary lists the effective settings for "ddns check".
// The password shows only as "[redacted]" and where it came from.
func (c Config) Summary() []KV {
	return []KV{
		{"DDNS_CONFIG", c.configLine()},
		{"DDNS_PROVIDER", orNotSet(c.Provider)},
		{"DDNS_DOMAIN", orNotSet(c.Domain)},
		{"DDNS_HOSTS", orNotSet(strings.Join(c.Hosts, ","))},
		{"DDNS_USERNAME", orNotSet(c.Username)},
		{"DDNS_API_PASSWORD", c.secretLine()},
		{"DDNS_SERVER", or(c.Server, "(provider's default)")},
		{"DDNS_IP_SOURCES", or(strings.Join(c.IPSources, ","), "(defaults)")},
		{"DDNS_IP", c.ipLine()},
		{"DDNS_IP_VERSION", c.IPVersion},
		{"DDNS_STATE_DIR", c.StateDir},
		{"DDNS_TIMEOUT", c.Timeout.String()},
		{"DDNS_FORCE_INTERVAL", c.ForceInterval.String()},
		{"DDNS_DRY_RUN", strconv.FormatBool(c.DryRun)},
		{"DDNS_LOG_LEVEL", c.LogLevel},
	}
}

// String is the summary as "KEY=value" lines, safe to print or log.
func (c Config) String() string {
	var b strings.Builder
	for _, kv := range c.Summary() {
		b.WriteString(kv.Key + "=" + kv.Value + "\n")
	}
	return b.String()
}

func (c Config) configLine() string {
	if c.ConfigPath == "" {
		return "(none)"
	}
	if !c.ConfigFound {
		return c.ConfigPath + " (not found; environment only)"
	}
	return c.ConfigPath
}

func (c Config) secretLine() string {
	if !c.APIPassword.IsSet() {
		return "(not set)"
	}
	if c.SecretSource == "" {
		return redacted
	}
	return redacted + " (from " + c.SecretSource + ")"
}

func (c Config) ipLine() string {
	if !c.IP.IsValid() {
		return "(detect)"
	}
	return c.IP.String()
}

func orNotSet(s string) string { return or(s, "(not set)") }

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
