package main

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/scripts/internal/testca"
)

// bench holds what every scenario shares: the CA, the echo, a scratch
// directory, and the last address handed out (newAddr).
type bench struct {
	ca      *testca.Authority
	echo    *echo
	echoN   *counted
	echoURL string
	tmp     string
	runs    int
	nextIP  int
}

// newBench writes a CA into tmp and starts the HTTPS echo; stop ends it.
func newBench(tmp string, now time.Time, runs int) (*bench, func(), error) {
	ca, err := testca.New(filepath.Join(tmp, "ca.pem"), now)
	if err != nil {
		return nil, nil, err
	}
	e := &echo{}
	en := &counted{h: e}
	srv := serveTLS(en, ca.Leaf)
	return &bench{ca: ca, echo: e, echoN: en, echoURL: srv.URL, tmp: tmp, runs: runs}, srv.Close, nil
}

// newAddr returns an address no earlier run of this bench has used
// (203.0.113.0/24 and the blocks after it; public-looking, never dialled).
func (b *bench) newAddr() netip.Addr {
	b.nextIP++
	n := b.nextIP
	return netip.AddrFrom4([4]byte{203, 0, byte(113 + n/250), byte(1 + n%250)})
}

// ddnsCase is one ddns scenario against one provider fake.
type ddnsCase struct {
	bin     string
	kind    providerKind
	hosts   int
	changed bool
	delay   time.Duration
	runs    int
	extra   []string // more environment (GODEBUG for the init trace)
	budget  time.Duration
	wrapped bool
}

// runDDNS primes state with one pass, then measures c.runs passes: with the
// same echo answer (unchanged) or a new one each time (changed).
func (b *bench) runDDNS(ctx context.Context, c ddnsCase) (series, error) {
	fp, err := c.kind.New(hostLabels(c.hosts))
	if err != nil {
		return series{}, err
	}
	pn := &counted{h: fp.Handler}
	srv := serveTLS(pn, b.ca.Leaf)
	defer srv.Close()
	dir, err := os.MkdirTemp(b.tmp, "ddns-")
	if err != nil {
		return series{}, fmt.Errorf("state dir: %w", err)
	}
	env := b.ddnsEnv(fp, srv.URL, dir, c)
	prime := func() { fp.SetDelay(0) }
	measured := func() { fp.SetDelay(c.delay) }
	return b.measure(ctx, job{argv: []string{c.bin, "run"}, env: env, dir: dir, prov: pn,
		changed: c.changed, runs: c.runs, prime: prime, before: measured, listings: fp.Listings, budget: c.budget, wrapped: c.wrapped})
}

// ddnsEnv is the whole environment of a ddns child: nothing inherited, the
// CA through SSL_CERT_FILE and SSL_CERT_DIR pointing nowhere, as the shipped
// systemd unit does, and an empty config file instead of /etc/default/ddns.
func (b *bench) ddnsEnv(fp fakeProvider, server, dir string, c ddnsCase) []string {
	empty := filepath.Join(dir, "empty.env")
	_ = os.WriteFile(empty, nil, 0o600)
	env := []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + dir,
		"SSL_CERT_FILE=" + b.ca.CAFile,
		"SSL_CERT_DIR=/nonexistent",
		"DDNS_CONFIG=" + empty,
		"DDNS_PROVIDER=" + fp.Name,
		"DDNS_DOMAIN=" + benchDomain,
		"DDNS_HOSTS=" + strings.Join(hostLabels(c.hosts), ","),
		"DDNS_API_PASSWORD=" + benchPassword,
		"DDNS_SERVER=" + server,
		"DDNS_IP_SOURCES=" + b.echoURL,
		"DDNS_IP_VERSION=4",
		"DDNS_STATE_DIR=" + dir,
		"DDNS_TIMEOUT=120s",
		"DDNS_LOG_LEVEL=info",
	}
	if fp.Username != "" {
		env = append(env, "DDNS_USERNAME="+fp.Username)
	}
	env = append(env, fp.Env...)
	return append(env, c.extra...)
}

// captureDDNS runs c and returns the output of its last measured run.
func (b *bench) captureDDNS(ctx context.Context, c ddnsCase) (string, error) {
	s, err := b.runDDNS(ctx, c)
	if err != nil || len(s.samples) == 0 {
		return "", err
	}
	return s.samples[len(s.samples)-1].out, nil
}
