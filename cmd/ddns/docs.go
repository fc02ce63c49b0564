package main

import (
	"fmt"
	"strings"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/provider"
)

// The generated parts of README.md and ddns(8) stand between these
// markers; TestDocs checks them and rewrites them with -update.
const (
	mdBegin   = "<!-- BEGIN GENERATED %s: go test ./cmd/ddns -run TestDocs -update -->\n"
	mdEnd     = "<!-- END GENERATED %s -->\n"
	roffBegin = ".\\\" BEGIN GENERATED %s: go test ./cmd/ddns -run TestDocs -update\n"
	roffEnd   = ".\\\" END GENERATED %s\n"
)

// docBlock is one generated part of a document.
type docBlock struct {
	name       string
	begin, end string
	text       string
}

// readmeBlocks are README.md's generated parts: the settings table and the
// provider table.
func (a *app) readmeBlocks() []docBlock {
	return []docBlock{
		{name: "settings", begin: fmt.Sprintf(mdBegin, "settings"), end: fmt.Sprintf(mdEnd, "settings"), text: settingsTable()},
		{name: "providers", begin: fmt.Sprintf(mdBegin, "providers"), end: fmt.Sprintf(mdEnd, "providers"), text: a.providersTable()},
	}
}

// manBlocks are ddns(8)'s generated parts.
func (a *app) manBlocks() []docBlock {
	return []docBlock{{name: "providers", begin: fmt.Sprintf(roffBegin, "providers"),
		end: fmt.Sprintf(roffEnd, "providers"), text: a.providersRoff()}}
}

func settingsTable() string {
	var b strings.Builder
	b.WriteString("| variable | meaning |\n|---|---|\n")
	for _, v := range sharedVars() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", v.Name, mdCell(varHelp(v)))
		if v.Secret {
			fmt.Fprintf(&b, "| `%s` | read %s from this file instead |\n", v.FileVariant(), v.Name)
		}
	}
	return b.String()
}

func (a *app) providersTable() string {
	var b strings.Builder
	b.WriteString("| `DDNS_PROVIDER` | service | IPv6 | settings it reads besides domain and hosts |\n|---|---|---|---|\n")
	for _, f := range a.registry {
		fmt.Fprintf(&b, "| `%s` | [%s](%s) | %s | %s |\n", f.Name, mdCell(f.Title), f.Docs, yesNo(f.IPv6),
			mdCell(settingsList(f, "`%s`")))
	}
	return b.String()
}

func (a *app) providersRoff() string {
	var b strings.Builder
	b.WriteString(".SH PROVIDERS\nThe values of\n.BR DDNS_PROVIDER ;\n.B ddns providers\n.I name\nlists the settings of one.\n")
	for _, f := range a.registry {
		fmt.Fprintf(&b, ".TP\n.B %s\n%s.\nReads %s.\n", f.Name, roffText(f.Title), roffText(settingsList(f, "%s")))
	}
	return b.String()
}

// settingsList names the settings f reads beyond domain and hosts, each
// marked required or optional.
func settingsList(f provider.Factory, format string) string {
	var parts []string
	for _, v := range providerVars(f) {
		switch v.Name {
		case "DDNS_PROVIDER", "DDNS_DOMAIN", "DDNS_HOSTS":
			continue
		}
		word := "optional"
		if v.Required {
			word = "required"
		}
		parts = append(parts, fmt.Sprintf(format, v.Name)+" ("+word+")")
	}
	return strings.Join(parts, ", ")
}

func varHelp(v config.Var) string {
	if v.Default != "" {
		return v.Help + " (default " + v.Default + ")"
	}
	return v.Help
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// roffText escapes what roff would read as markup.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	return strings.ReplaceAll(s, "-", `\-`)
}
