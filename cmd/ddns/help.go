package main

import (
	"fmt"
	"strings"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/provider"
)

const helpUsage = `ddns - point DNS records at this machine's public IP address

Usage:
  ddns [run]             one pass: detect the address, update the records that changed
  ddns check             validate the settings and print them (secrets redacted); contacts nothing
  ddns status            print each record's last published address, when, and the last outcome;
                         exits 3 when a record is refused, 1 when one is failing
  ddns providers [NAME]  list the DNS services, or the settings one of them reads
  ddns version           print the version
  ddns help              this text

Settings come from /etc/default/ddns (shell KEY=value lines; DDNS_CONFIG names
another file) and the environment, which wins over the file. Every secret
setting NAME also reads NAME_FILE (a file holding it) or, under systemd, the
credential ddns-NAME (e.g. ddns-api-password, see LoadCredential= in the unit).

`

const helpTail = `
Plain http:// is accepted only for loopback hosts, for DDNS_SERVER and sources alike.

Exit codes:
  0  success: records updated, or nothing to do
  1  temporary failure (network, timeout, server error, odd answer); the next run retries
  2  configuration or usage error; the message names the setting
  3  the provider refused (wrong password or key, unknown domain or host); remembered

What is remembered:
  A refusal that no retry can fix is remembered until you change the settings
  (password, user, server, names or the provider's own settings): wrong
  credentials or a blocked account stop the run, and later runs contact nobody;
  an unknown domain or host is remembered for that name. A refusal of the address
  itself (e.g. "invalid IP") is remembered for that address only: a new address is
  tried. Any other error is temporary (exit 1) and the next run retries; after 3
  failures in a row a record is skipped for 10 minutes, doubling up to an hour.
  When the service asks ddns to wait (HTTP 429, Retry-After), it waits as asked,
  at most 6 hours; within a run the other records wait too, or are skipped until
  the same time. Changing the settings lifts every wait and remembered refusal.

Under systemd: systemctl enable --now ddns.timer; journalctl -u ddns.
`

// helpText is `ddns help`, derived from the registry and the settings
// structs, so a new provider or setting appears without editing it.
func (a *app) helpText() string {
	var b strings.Builder
	b.WriteString(helpUsage)
	b.WriteString("Settings every provider shares:\n")
	writeVars(&b, sharedVars())
	b.WriteString("\nProviders (DDNS_PROVIDER); 'ddns providers NAME' lists the settings of one:\n")
	for _, f := range a.registry {
		fmt.Fprintf(&b, "  %-20s %s\n", f.Name, f.Title)
	}
	b.WriteString(helpTail)
	return b.String()
}

// writeVars lists vars as aligned "NAME  help" lines.
func writeVars(b *strings.Builder, vars []config.Var) {
	for _, v := range vars {
		help := v.Help
		if v.Default != "" {
			help += " (default " + v.Default + ")"
		}
		if v.Required {
			help += " (required)"
		}
		fmt.Fprintf(b, "  %-26s %s\n", v.Name, help)
		if v.Secret {
			fmt.Fprintf(b, "  %-26s read %s from this file instead\n", v.FileVariant(), v.Name)
		}
	}
}

// cmdProviders lists the providers, or describes the one named.
func (a *app) cmdProviders(args []string) error {
	if len(args) == 0 {
		for _, f := range a.registry {
			fmt.Fprintf(a.stdout, "%-20s %s\n", f.Name, f.Title)
		}
		return nil
	}
	f, ok := a.lookup(strings.ToLower(args[0]))
	if !ok {
		return fmt.Errorf("%w: %q is not a known provider; use one of: %s", errUsage, args[0],
			strings.Join(a.providerNames(), ", "))
	}
	fmt.Fprint(a.stdout, describe(f))
	return nil
}

// describe is what `ddns providers NAME` prints.
func describe(f provider.Factory) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Title)
	if f.Docs != "" {
		fmt.Fprintf(&b, "documentation: %s\n", f.Docs)
	}
	switch {
	case f.NoServer:
		b.WriteString("server: (given by the provider's own settings)\n")
	default:
		fmt.Fprintf(&b, "server: %s\n", or(f.DefaultServer, "(none: set DDNS_SERVER)"))
	}
	fmt.Fprintf(&b, "IPv6 (AAAA): %s\n", yesNo(f.IPv6))
	b.WriteString("\nsettings:\n")
	writeVars(&b, providerVars(f))
	return b.String()
}

// providerVars are the shared settings f reads, with f's own words, then
// its own settings.
func providerVars(f provider.Factory) []config.Var {
	var out []config.Var
	for _, v := range config.Vars(&config.Config{}) {
		switch v.Name {
		case "DDNS_PROVIDER", "DDNS_DOMAIN", "DDNS_HOSTS":
			v.Required = true
		case "DDNS_USERNAME":
			v = need(v, f.Username, f.UsernameHelp)
		case "DDNS_API_PASSWORD":
			v = need(v, f.Password, f.PasswordHelp)
		case "DDNS_SERVER":
			if f.NoServer {
				continue
			}
			v.Required = f.DefaultServer == ""
		default:
			continue // the address, state and run settings are the same for all
		}
		if v.Name != "" {
			out = append(out, v)
		}
	}
	return append(out, ownVars(f)...)
}

func need(v config.Var, n provider.Need, help string) config.Var {
	if n == provider.Unused {
		return config.Var{}
	}
	v.Required = n == provider.Required
	if help != "" {
		v.Help = help
	}
	return v
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
