package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// rivalHost is the one name ddclient and inadyn update.
const rivalHost = "home.example.com"

// rival is another updater driven against the dyndns2 fake (dyndns2Fake).
type rival struct {
	Name    string
	Version string
	// config writes the config into dir and returns argv; echoURL and
	// server are https://127.0.0.1:port URLs.
	config func(dir, ca, echoURL, server string) ([]string, error)
	// fresh runs before each changed run (ddclient refuses a second
	// update within min-interval of the cached one).
	fresh func(dir string)
}

func rivals() []rival {
	return []rival{
		{Name: "ddclient", Version: debVersion("ddclient"), config: ddclientConfig,
			fresh: func(dir string) { _ = os.Remove(filepath.Join(dir, "cache")) }},
		{Name: "inadyn", Version: debVersion("inadyn"), config: inadynConfig},
	}
}

// ddclientConfig: ddclient 3.10 fetches web= with IO::Socket::SSL and
// trusts the CA named by ssl_ca_file (SSL_ca_file in its geturl).
func ddclientConfig(dir, ca, echoURL, server string) ([]string, error) {
	conf := fmt.Sprintf(`daemon=0
syslog=no
ssl=yes
ssl_ca_file=%s
use=web, web=%s/
protocol=dyndns2
server=%s
login=%s
password=%s
%s
`, ca, echoURL, strings.TrimPrefix(server, "https://"), benchUser, benchPassword, rivalHost)
	path := filepath.Join(dir, "ddclient.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return nil, fmt.Errorf("ddclient config: %w", err)
	}
	return []string{"ddclient", "-foreground", "-daemon=0", "-file", path,
		"-cache", filepath.Join(dir, "cache")}, nil
}

// inadynConfig: a custom dyndns2-style provider; ca-trust-file replaces
// the system bundle. verify-address=false because inadyn refuses
// documentation ranges such as 203.0.113.0/24 as "not Internet addresses".
func inadynConfig(dir, ca, echoURL, server string) ([]string, error) {
	conf := fmt.Sprintf(`ca-trust-file = %s
verify-address = false
custom bench {
    ssl = true
    username = %s
    password = %s
    checkip-server = %s
    checkip-path = /
    checkip-ssl = true
    ddns-server = %s
    ddns-path = "/nic/update?hostname=%%h&myip=%%i"
    hostname = %s
}
`, ca, benchUser, benchPassword, strings.TrimPrefix(echoURL, "https://"),
		strings.TrimPrefix(server, "https://"), rivalHost)
	// Without a cache file inadyn seeds it by resolving the hostname in
	// DNS, which would leave loopback; an old address stands in.
	seed := filepath.Join(dir, "cachedir", rivalHost+".cache")
	if err := os.WriteFile(seed, []byte("192.0.2.1"), 0o600); err != nil {
		return nil, fmt.Errorf("inadyn cache: %w", err)
	}
	path := filepath.Join(dir, "inadyn.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return nil, fmt.Errorf("inadyn config: %w", err)
	}
	return []string{"inadyn", "--once", "--foreground", "--no-pidfile", "-l", "notice",
		"--cache-dir=" + filepath.Join(dir, "cachedir"), "-f", path}, nil
}

// runRival measures one rival against a fresh dyndns2 fake, with the same
// echo, CA and counting as ddns.
func (b *bench) runRival(ctx context.Context, r rival, changed bool) (series, error) {
	dd := dyndns2Fake(rivalHost)
	pn := &counted{h: dd}
	srv := serveTLS(pn, b.ca.Leaf)
	defer srv.Close()
	dir, err := os.MkdirTemp(b.tmp, r.Name+"-")
	if err != nil {
		return series{}, fmt.Errorf("%s dir: %w", r.Name, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "cachedir"), 0o700); err != nil {
		return series{}, fmt.Errorf("%s cache dir: %w", r.Name, err)
	}
	argv, err := r.config(dir, b.ca.CAFile, b.echoURL, srv.URL)
	if err != nil {
		return series{}, err
	}
	if _, err := exec.LookPath(argv[0]); err != nil {
		return series{}, fmt.Errorf("%s is not installed (scripts/bench.sh installs it): %w", r.Name, err)
	}
	j := job{argv: argv, dir: dir, prov: pn, changed: changed, runs: b.runs,
		env: []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir}}
	if changed && r.fresh != nil {
		j.before = func() { r.fresh(dir) }
	}
	s, err := b.measure(ctx, j)
	if err != nil {
		return s, err
	}
	// A rival that exits 0 without a "good" answer would look fast.
	if want := j.runs + 1; changed && dd.Updates() < want {
		return s, fmt.Errorf("%s: the fake accepted %d updates, want %d", r.Name, dd.Updates(), want)
	}
	return s, nil
}

// debVersion is the installed Debian package version, or "" when the
// package is not installed.
func debVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
