// Command fakeserver runs a provider fake and an address echo on loopback for
// tests that drive the built ddns binary from outside Go's test binary
// (scripts/test-install.sh boots a Debian root under systemd-nspawn and points
// the installed package at it; the benchmark uses it too).
//
//	FAKE_PASSWORD=secret go run ./scripts/fakeserver -listen 127.0.0.1:0 \
//	    -addr-file /tmp/fake.addr -provider namecheap -domain example.com \
//	    -hosts home -echo-ip 203.0.113.7
//
// The password (DreamHost: the API key) comes from FAKE_PASSWORD so it is
// never in a process argument.
// Routes:
//
//	GET  /ip             the echo: the configured address and a newline
//	POST /control/ip     body is the echo's new address
//	GET  /control/stats  JSON: provider requests and updates, echo requests,
//	                     each host's published address
//	POST /control/delay  body is a duration the provider fake waits before
//	                     each answer ("0s": none)
//	GET  /files/...      with -files DIR: the files under DIR (an APT
//	                     repository for scripts/install-test/apt-repo.sh)
//	anything else        the provider fake (namecheaptest, dreamhosttest)
//
// With -tls-cert PATH it serves HTTPS with a fresh self-signed certificate
// for 127.0.0.1 and localhost, written to PATH (PEM) for clients to trust.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ddns-pi/ddns/scripts/internal/testca"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv("FAKE_PASSWORD"), os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fakeserver:", err)
		os.Exit(1)
	}
}

// options are the command line, parsed.
type options struct {
	listen   string
	addrFile string
	provider string
	domain   string
	hosts    []string
	echoIP   netip.Addr
	tlsCert  string
	files    string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("fakeserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var hosts, echo string
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	fs.StringVar(&o.addrFile, "addr-file", "", "write the address actually listened on to this file once ready")
	fs.StringVar(&o.provider, "provider", "namecheap", "provider to fake: "+strings.Join(providerNames(), ", "))
	fs.StringVar(&o.domain, "domain", "example.com", "the account's domain")
	fs.StringVar(&hosts, "hosts", "@", "comma-separated host labels that exist at the provider")
	fs.StringVar(&echo, "echo-ip", "203.0.113.7", "address the /ip echo answers")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS; write the self-signed certificate (PEM) here")
	fs.StringVar(&o.files, "files", "", "also serve the files under this directory at /files/")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.hosts = strings.Split(hosts, ",")
	addr, err := netip.ParseAddr(echo)
	if err != nil {
		return o, fmt.Errorf("-echo-ip %q: %w", echo, err)
	}
	o.echoIP = addr
	return o, nil
}

func run(ctx context.Context, args []string, password string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if password == "" {
		return errors.New("FAKE_PASSWORD is empty: set the provider password in the environment")
	}
	fake, err := newFake(o.provider, o.domain, password, o.hosts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	mux := newMux(fake, o.hosts, o.echoIP)
	if o.files != "" {
		mux.Handle("GET /files/", http.StripPrefix("/files/", http.FileServer(http.Dir(o.files))))
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	scheme := "http"
	if o.tlsCert != "" {
		ca, err := testca.New(o.tlsCert, time.Now())
		if err != nil {
			ln.Close()
			return err
		}
		srv.TLSConfig = ca.ServerConfig()
		scheme = "https"
	}
	if err := announce(o.addrFile, ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(stderr, "fakeserver: %s %s://%s (domain %s, hosts %s)\n",
		o.provider, scheme, ln.Addr(), o.domain, strings.Join(o.hosts, ","))
	return serve(ctx, srv, ln, scheme == "https")
}

// announce writes the listening address atomically, so a script polling for
// the file never reads half of it.
func announce(path, addr string) error {
	if path == "" {
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(addr+"\n"), 0o644); err != nil {
		return fmt.Errorf("addr file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("addr file: %w", err)
	}
	return nil
}

// serve answers until ctx ends, then lets requests in flight finish.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, tls bool) error {
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
