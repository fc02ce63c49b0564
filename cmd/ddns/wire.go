package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/ipdetect"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/all"
	"github.com/ddns-pi/ddns/internal/state"
	"github.com/ddns-pi/ddns/internal/updater"
)

// loadConfig reads and validates the settings, including the rules that
// depend on the chosen provider.
func loadConfig() (config.Config, provider.Factory, error) {
	cfg, err := config.Load(config.Path(getenv))
	if err != nil {
		return cfg, provider.Factory{}, err
	}
	if err := cfg.Validate(providerNames()); err != nil {
		return cfg, provider.Factory{}, err
	}
	f, _ := all.Lookup(cfg.Provider)
	if err := checkProvider(cfg, f); err != nil {
		return cfg, f, err
	}
	// Building the sources is the full check of DDNS_IP_SOURCES (an
	// unknown dns: service, a bad interface name), so `ddns check` catches
	// what a run would refuse.
	_, err = newDetector(cfg, zerolog.Nop(), cfg.Timeout)
	return cfg, f, err
}

// checkProvider applies what the registry says the provider can do.
func checkProvider(cfg config.Config, f provider.Factory) error {
	for _, fam := range cfg.Families() {
		if fam == 6 && !f.IPv6 {
			return &config.Error{Var: "DDNS_IP_VERSION", Msg: fmt.Sprintf(
				"%q asks for IPv6, but %s cannot publish AAAA records; use 4", cfg.IPVersion, f.Name)}
		}
	}
	if f.Username == provider.Required && cfg.Username == "" {
		return &config.Error{Var: "DDNS_USERNAME", Msg: "not set; " + f.Name + " needs one"}
	}
	return nil
}

func providerNames() []string {
	var names []string
	for _, f := range all.Factories() {
		names = append(names, f.Name)
	}
	return names
}

// cmdRun is one pass, bounded by DDNS_TIMEOUT.
func cmdRun(ctx context.Context, stderr io.Writer, b build) error {
	cfg, f, err := loadConfig()
	if err != nil {
		printConfigError(stderr, err)
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	err = pass(ctx, cfg, f, log, b)
	if err != nil {
		logFinal(log, err)
	}
	return err
}

func pass(ctx context.Context, cfg config.Config, f provider.Factory, log zerolog.Logger, b build) error {
	store := state.New(cfg.StateDir)
	unlock, err := store.Lock(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = unlock() }()
	client := newHTTPClient(cfg.Timeout, f.Concurrency)
	server := cfg.Server
	if server == "" {
		server = f.DefaultServer
	}
	pw := cfg.APIPassword.Reveal()
	p, err := f.New(provider.Env{Server: server, Username: cfg.Username,
		Password: pw, HTTP: provider.NewHTTP(client, userAgent(b), pw)})
	if err != nil {
		return fmt.Errorf("%w: %s: %w", config.ErrConfig, f.Name, err)
	}
	det, err := newDetector(cfg, log, cfg.Timeout)
	if err != nil {
		return err
	}
	u := &updater.Updater{Settings: settings(cfg, f), Provider: p, Detector: det, Store: store, Log: log}
	_, err = u.Run(ctx)
	return err
}

func settings(cfg config.Config, f provider.Factory) updater.Settings {
	s := updater.Settings{Provider: f.Name, FixedIP: cfg.IP, ForceInterval: cfg.ForceInterval,
		DryRun: cfg.DryRun, Concurrency: f.Concurrency, Spacing: f.Spacing, Burst: f.Burst}
	for _, h := range cfg.Hosts {
		s.Records = append(s.Records, provider.Record{Domain: cfg.Domain, Host: h})
	}
	for _, fam := range cfg.Families() {
		s.Families = append(s.Families, ipdetect.Family(fam))
	}
	s.Fingerprint = func(rec provider.Record) string { return fingerprint(cfg, f, rec) }
	return s
}

// fingerprint identifies the settings a refusal depends on. It is a
// truncated SHA-256 so the state file holds no secret, only a value that
// changes when the password, server, user or name changes. It would let a
// reader of the state file test guesses of a weak password offline; that
// reader is root or the service's own user, who can read the password
// itself, so no salt or stretching is spent on it.
func fingerprint(cfg config.Config, f provider.Factory, rec provider.Record) string {
	h := sha256.New()
	for _, part := range []string{f.Name, cfg.Server, cfg.Username, rec.FQDN(), cfg.APIPassword.Reveal()} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func userAgent(b build) string { return "ddns/" + b.version + " (Raspberry Pi dynamic DNS updater)" }

// newHTTPClient bounds every phase of a request; the run's context bounds
// the whole. The idle pool holds as many connections as the provider may
// use at once, so a run with many records reuses its TLS connections
// instead of handshaking again (measured: 22-28 connections for 16-way
// concurrency with a pool of 8).
func newHTTPClient(timeout time.Duration, concurrency int) *http.Client {
	d := &net.Dialer{Timeout: phaseLimit(timeout, 15*time.Second)}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   phaseLimit(timeout, 15*time.Second),
		ResponseHeaderTimeout: phaseLimit(timeout, 30*time.Second),
		MaxIdleConnsPerHost:   max(concurrency, 2),
	}
	return &http.Client{Transport: t, Timeout: timeout}
}

// phaseLimit is limit when it is shorter than the run's timeout, else 0
// (none): a phase timer as long as the run only races the run's deadline,
// and a hang would end with either error text at random.
func phaseLimit(timeout, limit time.Duration) time.Duration {
	if limit < timeout {
		return limit
	}
	return 0
}

// logFinal logs the pass's error, one line per record that failed.
func logFinal(log zerolog.Logger, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		log.Error().Msg(line)
	}
}

func printConfigError(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, "ddns: "+line)
	}
}

// newDetector builds the address sources for every wanted family: the
// user's DDNS_IP_SOURCES, or the built-in list for that family.
func newDetector(cfg config.Config, log zerolog.Logger, timeout time.Duration) (*ipdetect.Detector, error) {
	clients := ipdetect.FamilyClients(nil, min(timeout, 15*time.Second))
	d := &ipdetect.Detector{Sources: map[ipdetect.Family][]ipdetect.Source{}, Log: log,
		Timeout: min(timeout/2, 10*time.Second)}
	for _, fam := range cfg.Families() {
		f := ipdetect.Family(fam)
		specs := cfg.IPSources
		if len(specs) == 0 {
			specs = ipdetect.DefaultSources(f)
		}
		srcs, err := ipdetect.ParseSources(specs, clients)
		if err != nil {
			return nil, &config.Error{Var: "DDNS_IP_SOURCES", Msg: err.Error()}
		}
		d.Sources[f] = srcs
	}
	return d, nil
}
