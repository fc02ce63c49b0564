// Package bindtest runs a real BIND 9 (named) on 127.0.0.1 for tests: one
// primary zone open to dynamic update by TSIG keys, started in the test's
// temporary directory and stopped by t.Cleanup.
//
// When named is not installed, Start skips the test with a loud message,
// except under CI=true, where it fails: CI must never pass by skipping.
package bindtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Key is one TSIG key the server knows.
type Key struct {
	Name      string // "ddns-key"
	Algorithm string // as named.conf writes it: "hmac-sha256"
	Secret    string // base64
}

// Config describes the server. The zone file holds the SOA, one NS
// (ns.<zone> at 127.0.0.1) and Records.
type Config struct {
	Zone string // "example.test"
	Keys []Key
	// Policy is the body of the zone's update-policy, one rule per line;
	// empty grants the first key everything in the zone (zonesub ANY).
	Policy []string
	// Records are extra zone file lines ("alias IN CNAME www").
	Records []string
}

// Server is a running named.
type Server struct {
	Addr string // 127.0.0.1:port
	Zone string // fully qualified
	dir  string
}

// NewKey returns a key with a fresh random secret, as tsig-keygen makes.
func NewKey(name, alg string) Key {
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	return Key{Name: name, Algorithm: alg, Secret: base64.StdEncoding.EncodeToString(raw)}
}

// Named is the path of named, or "" when it is not installed.
func Named() string {
	if p, err := exec.LookPath("named"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/named", "/usr/local/sbin/named"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Require skips t (outside CI) or fails it (CI=true) when named is missing,
// and returns named's path.
func Require(t testing.TB) string {
	t.Helper()
	p := Named()
	if p != "" {
		return p
	}
	const msg = "named (BIND 9) is not installed: the RFC 2136 tests against a real server did NOT run; " +
		"install it with: apt-get install bind9 bind9-dnsutils"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("SKIPPED: " + msg)
	return ""
}

// Start runs named for cfg and waits until it answers for the zone.
func Start(t testing.TB, cfg Config) *Server {
	t.Helper()
	named := Require(t)
	if len(cfg.Keys) == 0 {
		t.Fatal("bindtest: Config.Keys is empty")
	}
	var last error
	for range 3 { // the free port can be taken between probe and bind
		s, err := start(t, named, cfg)
		if err == nil {
			return s
		}
		last = err
	}
	t.Fatalf("bindtest: %v", last)
	return nil
}

func start(t testing.TB, named string, cfg Config) (*Server, error) {
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Zone: dns.Fqdn(cfg.Zone), dir: dir}
	if err := s.write(cfg, port); err != nil {
		return nil, err
	}
	var out lockedBuffer
	cmd := exec.Command(named, "-g", "-4", "-c", filepath.Join(dir, "named.conf"))
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start named: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	if err := s.waitReady(exited); err != nil {
		stop()
		return nil, fmt.Errorf("%w\nnamed's output:\n%s", err, out.String())
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("named's output:\n%s", out.String())
		}
	})
	return s, nil
}

// waitReady polls the zone's SOA until named answers it (about 0.1 s).
func (s *Server) waitReady(exited <-chan struct{}) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("named exited before answering")
		default:
		}
		if _, err := s.lookup(s.Zone, dns.TypeSOA); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("named did not answer on %s within 15s", s.Addr)
}

// Lookup asks named (unsigned, over UDP) for name's records of type typ.
func (s *Server) Lookup(t testing.TB, name string, typ uint16) []dns.RR {
	t.Helper()
	rrs, err := s.lookup(dns.Fqdn(name), typ)
	if err != nil {
		t.Fatalf("bindtest: lookup %s %s: %v", name, dns.TypeToString[typ], err)
	}
	return rrs
}

// Addrs is every A and AAAA address named serves for name.
func (s *Server) Addrs(t testing.TB, name string) []netip.Addr {
	t.Helper()
	var out []netip.Addr
	for _, typ := range []uint16{dns.TypeA, dns.TypeAAAA} {
		for _, rr := range s.Lookup(t, name, typ) {
			switch v := rr.(type) {
			case *dns.A:
				a, _ := netip.AddrFromSlice(v.A)
				out = append(out, a.Unmap())
			case *dns.AAAA:
				a, _ := netip.AddrFromSlice(v.AAAA)
				out = append(out, a)
			}
		}
	}
	return out
}

func (s *Server) lookup(name string, typ uint16) ([]dns.RR, error) {
	m := new(dns.Msg)
	m.SetQuestion(name, typ)
	m.RecursionDesired = false
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, _, err := (&dns.Client{Timeout: 2 * time.Second}).ExchangeContext(ctx, m, s.Addr)
	if err != nil {
		return nil, err
	}
	if r.Rcode != dns.RcodeSuccess && r.Rcode != dns.RcodeNameError {
		return nil, fmt.Errorf("rcode %s", dns.RcodeToString[r.Rcode])
	}
	var out []dns.RR
	for _, rr := range r.Answer {
		if rr.Header().Rrtype == typ && strings.EqualFold(rr.Header().Name, name) {
			out = append(out, rr)
		}
	}
	return out, nil
}

// freePort finds a port free for both UDP and TCP on 127.0.0.1.
func freePort() (int, error) {
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", l.Addr().String())
		l.Close()
		if err == nil {
			u.Close()
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port for both UDP and TCP")
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
