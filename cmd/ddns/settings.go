package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
)

// settings is everything a command reads from the configuration: the
// shared settings, the chosen provider and its own settings, and the
// warnings `check` and `run` print.
type settings struct {
	cfg      config.Config
	factory  provider.Factory
	own      any // the provider's settings struct, or nil
	sources  map[string]string
	file     config.FileInfo
	warnings []string
}

// server is DDNS_SERVER or the provider's default.
func (s settings) server() string {
	if s.cfg.Server != "" {
		return s.cfg.Server
	}
	return s.factory.DefaultServer
}

// secrets are every secret value the provider holds.
func (s settings) secrets() []string {
	out := []string{}
	if s.cfg.APIPassword.IsSet() {
		out = append(out, s.cfg.APIPassword.Reveal())
	}
	if s.own != nil {
		out = append(out, config.SecretValues(s.own)...)
	}
	return out
}

// loadSettings applies the settings file to the environment (once, as
// systemd would), then reads and checks everything the chosen provider
// needs. Every problem is reported at once.
func (a *app) loadSettings(ctx context.Context) (settings, error) {
	var s settings
	path, explicit := config.Path(a.getenv)
	info, err := config.ApplyFile(path, explicit, a.env)
	s.file = info
	if err != nil {
		return s, err
	}
	if s.cfg, err = config.Load(ctx, info); err != nil {
		return s, err
	}
	errs := []error{s.cfg.Validate(a.providerNames())}
	if f, ok := a.lookup(s.cfg.Provider); ok {
		s.factory = f
		errs = append(errs, s.loadProvider(ctx))
	}
	names, warnings := a.checkNames(s)
	s.warnings = append(warnings, s.fileWarnings()...)
	errs = append(errs, names...)
	return s, errors.Join(errs...)
}

// loadProvider reads the provider's own settings and applies what the
// registry says the provider needs and can do.
func (s *settings) loadProvider(ctx context.Context) error {
	f := s.factory
	s.sources = s.cfg.SecretSources
	var errs []error
	if f.Settings != nil {
		s.own = f.Settings()
		if err := config.Process(s.own); err != nil {
			return err
		}
		own, err := config.ResolveSecrets(ctx, s.own)
		if err != nil {
			return err
		}
		for k, v := range own {
			s.sources[k] = v
		}
		if v, ok := s.own.(interface{ Validate() error }); ok {
			errs = append(errs, config.AsConfigError(v.Validate()))
		}
	}
	errs = append(errs, needs(f, s.cfg)...)
	if f.CheckRecords != nil {
		errs = append(errs, config.AsConfigError(f.CheckRecords(s.cfg.Domain, s.cfg.Hosts)))
	}
	switch {
	case !f.NoServer:
		errs = append(errs, checkServer(f, s.server()))
	case s.cfg.Server != "":
		errs = append(errs, &config.Error{Var: "DDNS_SERVER", Msg: "is set, but " + f.Name +
			" does not use it (its own settings give the address); remove it"})
	}
	return errors.Join(errs...)
}

// needs checks the shared settings the provider requires and the families
// it can publish.
func needs(f provider.Factory, cfg config.Config) []error {
	var errs []error
	if f.Username == provider.Required && cfg.Username == "" {
		errs = append(errs, &config.Error{Var: "DDNS_USERNAME", Msg: "is not set; " + f.Name + " needs " + or(f.UsernameHelp, "one")})
	}
	if f.Password == provider.Required && !cfg.APIPassword.IsSet() {
		errs = append(errs, &config.Error{Var: "DDNS_API_PASSWORD", Msg: "is not set; " + f.Name + " needs " +
			or(f.PasswordHelp, "it") + " (or set DDNS_API_PASSWORD_FILE to a file holding it)" + config.StoredCredentialHint()})
	}
	if slices.Contains(cfg.Families(), family.V6) && !f.IPv6 {
		errs = append(errs, &config.Error{Var: "DDNS_IP_VERSION", Msg: fmt.Sprintf(
			"%q asks for IPv6, but %s cannot publish AAAA records; use 4", cfg.IPVersion, f.Name)})
	}
	return errs
}

// checkServer applies the provider's rule for DDNS_SERVER.
func checkServer(f provider.Factory, server string) error {
	check := f.CheckServer
	if check == nil {
		check = config.CheckServerURL
	}
	if server == "" {
		return &config.Error{Var: "DDNS_SERVER", Msg: "is not set; " + f.Name + " has no default server"}
	}
	err := check(server)
	var ce *config.Error
	if err != nil && !errors.As(err, &ce) {
		return &config.Error{Var: "DDNS_SERVER", Msg: err.Error()}
	}
	return err
}

// fileWarnings says when the settings file, which holds the password, can
// be read by others than root.
func (s settings) fileWarnings() []string {
	if !s.file.ReadableByOthers() {
		return nil
	}
	return []string{fmt.Sprintf("%s can be read by others than root (mode %04o, owner uid %d), and it holds the password: "+
		"chown root:root %s && chmod 600 %s", s.file.Path, s.file.Mode.Perm(), s.file.UID, s.file.Path, s.file.Path)}
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// joinLines prefixes every line of err with "ddns: ", the one style of
// every command's error output.
func joinLines(err error) string {
	var b strings.Builder
	for _, line := range strings.Split(err.Error(), "\n") {
		b.WriteString("ddns: " + line + "\n")
	}
	return b.String()
}
