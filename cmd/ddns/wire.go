package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/ipdetect"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
	"github.com/ddns-pi/ddns/internal/updater"
)

// loadChecked reads the settings and builds the address sources too
// (an unknown dns: service, a bad interface name), so `ddns check`
// refuses what a run would.
func (a *app) loadChecked(ctx context.Context) (settings, error) {
	s, err := a.loadSettings(ctx)
	if err != nil {
		return s, err
	}
	_, err = newDetector(s.cfg, zerolog.Nop(), s.cfg.Timeout)
	return s, err
}

// cmdRun is one pass, bounded by DDNS_TIMEOUT.
func (a *app) cmdRun(ctx context.Context) error {
	s, err := a.loadChecked(ctx)
	if err != nil {
		return err
	}
	log := newLogger(a.stderr, s.cfg.LogLevel)
	for _, w := range s.warnings {
		log.Warn().Msg(w)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := a.pass(ctx, s, log); err != nil {
		logFinal(log, err)
		return loggedError{err}
	}
	return nil
}

func (a *app) pass(ctx context.Context, s settings, log zerolog.Logger) error {
	// A dry run writes nothing; a run removes the temporary file a killed
	// run left, once it is older than any live run can be.
	store := state.NewWith(s.cfg.StateDir, state.Options{ReadOnly: s.cfg.DryRun, StaleTemp: s.cfg.Timeout})
	unlock, err := store.Lock(ctx)
	if err != nil {
		return namingStateDir(err)
	}
	defer func() { _ = unlock() }()
	p, err := a.newProvider(s)
	if err != nil {
		return err
	}
	det, err := newDetector(s.cfg, log, s.cfg.Timeout)
	if err != nil {
		return err
	}
	u := &updater.Updater{Settings: updaterSettings(s), Provider: p, Detector: det, Store: store, Log: log}
	_, err = u.Run(ctx)
	return namingStateDir(err)
}

// newProvider builds the chosen provider with its secrets bound into its
// HTTP helper.
func (a *app) newProvider(s settings) (provider.Provider, error) {
	f := s.factory
	client := newHTTPClient(s.cfg.Timeout, f.Concurrency)
	p, err := f.New(provider.Env{Server: s.server(), Username: s.cfg.Username, Password: s.cfg.APIPassword.Reveal(),
		Settings: s.own, HTTP: provider.NewHTTP(client, userAgent(a.build), s.secrets()...)})
	if err != nil {
		return nil, &config.Error{Var: "DDNS_PROVIDER", Msg: f.Name + ": " + err.Error()}
	}
	return p, nil
}

func updaterSettings(s settings) updater.Settings {
	u := updater.Settings{Provider: s.factory.Name, ForceInterval: s.cfg.ForceInterval, DryRun: s.cfg.DryRun,
		Concurrency: s.factory.Concurrency, Spacing: s.factory.Spacing, Burst: s.factory.Burst, Families: s.cfg.Families()}
	for _, h := range s.cfg.Hosts {
		u.Records = append(u.Records, provider.Record{Domain: s.cfg.Domain, Host: h})
	}
	u.Fingerprint = func(rec provider.Record) string { return fingerprint(s, rec.FQDN()) }
	return u
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
	for _, line := range splitLines(err.Error()) {
		log.Error().Msg(line)
	}
}

// newDetector builds the address sources for every wanted family: the
// family's fixed address (DDNS_IP, DDNS_IP6) as its only source, else its
// own list (DDNS_IP_SOURCES, DDNS_IP6_SOURCES) or the built-in one; and
// DDNS_IPV6_SUFFIX.
func newDetector(cfg config.Config, log zerolog.Logger, timeout time.Duration) (*ipdetect.Detector, error) {
	clients := ipdetect.FamilyClients(nil, min(timeout, 15*time.Second))
	d := &ipdetect.Detector{Sources: map[ipdetect.Family][]ipdetect.Source{}, Log: log,
		Timeout: min(timeout/2, 10*time.Second), AllowLAN: cfg.AllowPrivate}
	for _, f := range cfg.Families() {
		if ip, name := cfg.Fixed(f); ip.IsValid() {
			d.Sources[f] = []ipdetect.Source{ipdetect.NewFixed(name, ip)}
			continue
		}
		specs := cfg.Sources(f)
		if len(specs) == 0 {
			specs = ipdetect.DefaultSources(f)
		}
		srcs, err := ipdetect.ParseSourcesFor(f, specs, clients)
		if err != nil {
			return nil, &config.Error{Var: config.SourcesVar(f), Msg: err.Error()}
		}
		d.Sources[f] = srcs
	}
	if spec := cfg.IPv6SuffixSpec(); spec != "" {
		sfx, err := ipdetect.ParseSuffix(spec, cfg.Ipv6PrefixLength)
		if err != nil {
			return nil, &config.Error{Var: "DDNS_IPV6_SUFFIX", Msg: err.Error()}
		}
		d.Suffix = sfx
	}
	return d, nil
}
