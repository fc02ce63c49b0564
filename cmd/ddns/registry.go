package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/provider"
)

// app is the program bound to its provider registry and its environment.
// run builds it from the real registry; tests add a throwaway provider to
// show that everything registry-derived follows.
type app struct {
	registry       []provider.Factory
	build          build
	env            config.Environment
	stdout, stderr io.Writer
}

func (a *app) getenv(k string) string {
	v, _ := a.env.LookupEnv(k)
	return v
}

func (a *app) lookup(name string) (provider.Factory, bool) {
	for _, f := range a.registry {
		if f.Name == name {
			return f, true
		}
	}
	return provider.Factory{}, false
}

func (a *app) providerNames() []string {
	var names []string
	for _, f := range a.registry {
		names = append(names, f.Name)
	}
	return names
}

// sharedVars are the settings every provider shares, DDNS_CONFIG first.
func sharedVars() []config.Var {
	vars := []config.Var{{Name: config.ConfigVar, Kind: "text",
		Help: "read this settings file instead of " + config.DefaultPath}}
	return append(vars, config.Vars(&config.Config{})...)
}

// ownVars are a provider's own settings.
func ownVars(f provider.Factory) []config.Var {
	if f.Settings == nil {
		return nil
	}
	return config.Vars(f.Settings())
}

// usedShared reports whether provider f reads shared variable name.
func usedShared(f provider.Factory, name string) bool {
	switch name {
	case "DDNS_USERNAME":
		return f.Username != provider.Unused
	case "DDNS_API_PASSWORD", "DDNS_API_PASSWORD_FILE":
		return f.Password != provider.Unused
	case "DDNS_SERVER":
		return !f.NoServer
	}
	return true
}

// names lists vars with the _FILE variant of each secret after it.
func names(vars []config.Var) []string {
	var out []string
	for _, v := range vars {
		out = append(out, v.Name)
		if v.Secret {
			out = append(out, v.FileVariant())
		}
	}
	return out
}

// knownNames is every variable any provider reads.
func (a *app) knownNames() []string {
	known := names(sharedVars())
	for _, f := range a.registry {
		known = append(known, names(ownVars(f))...)
	}
	return known
}

// checkNames reports DDNS_* names that nothing reads (errors: almost
// always a typo) and set names the chosen provider does not read
// (warnings: harmless, but the user thinks they matter).
func (a *app) checkNames(s settings) (errs []error, warnings []string) {
	known := a.knownNames()
	used := names(sharedVars())
	if s.factory.Name != "" {
		used = append(names(ownVars(s.factory)), used...)
	}
	for _, name := range s.cfg.Seen {
		switch {
		case !slices.Contains(known, name):
			errs = append(errs, config.UnknownName(name, known))
		case s.factory.Name == "":
		case !slices.Contains(used, name) || !usedShared(s.factory, name):
			warnings = append(warnings, fmt.Sprintf("%s is set, but %s does not use it", name, s.factory.Name))
		}
	}
	return errs, warnings
}

// fingerprint identifies the settings a refusal depends on: the provider,
// its server, user, secrets and own settings, and the record's name. It is
// a truncated SHA-256, so the state file holds no secret, only a value that
// changes when any of them changes. It would let a reader of the state
// file test guesses of a weak password offline; that reader is root or the
// service's own user, who can read the password itself, so no salt or
// stretching is spent on it.
func fingerprint(s settings, fqdn string) string {
	h := sha256.New()
	parts := []string{s.factory.Name, s.server(), s.cfg.Username, s.cfg.APIPassword.Reveal(), fqdn}
	if s.own != nil {
		parts = append(parts, config.Identity(s.own)...)
	}
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// osApp is the real program.
func osApp(stdout, stderr io.Writer, b build, registry []provider.Factory) *app {
	return &app{registry: registry, build: b, env: config.OSEnvironment{}, stdout: stdout, stderr: stderr}
}
