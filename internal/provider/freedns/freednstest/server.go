// Package freednstest is a fake of FreeDNS (afraid.org) dynamic DNS
// version 2 (https://freedns.afraid.org/dynamic/v2/): GET /u/<token>/
// with the address in ?ip= (the caller's address when absent), one
// randomized token per A or AAAA record, HTTP 200 and one line of text.
// The success lines follow what client projects show of the real service
// ("Updated 1 host(s) <name> to <ip> in <t> seconds", "No IP change
// detected for <name> with IP <ip>, skipping update", as matched by
// qdm12/ddns-updater's freedns provider); the error lines for an unknown
// token and for an address of the wrong family are inferred.
package freednstest

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

type record struct {
	name string
	v6   bool
	addr netip.Addr
}

// Server is a FreeDNS account's v2 tokens. Safe for concurrent use.
type Server struct {
	providertest.Faults

	handler http.Handler

	mu      sync.Mutex
	records map[string]*record // token -> record
}

// New returns an account with no records.
func New() *Server {
	s := &Server{records: map[string]*record{}}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// Add makes token the v2 token of name's A record (v6 false) or AAAA.
func (s *Server) Add(token, name string, v6 bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records[token] = &record{name: name, v6: v6}
}

// Published returns the addresses of name's A and AAAA records.
func (s *Server) Published(name string) []netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []netip.Addr
	for _, r := range s.records {
		if r.name == name && r.addr.IsValid() {
			out = append(out, r.addr)
		}
	}
	return out
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	seg, _ := strings.CutPrefix(r.URL.EscapedPath(), "/u/")
	token, err := url.PathUnescape(strings.TrimSuffix(seg, "/"))
	if err != nil || !strings.HasPrefix(r.URL.EscapedPath(), "/u/") {
		fmt.Fprintln(w, "ERROR: Invalid update URL (2)")
		return
	}
	if text, ok := s.Echo(token); ok {
		fmt.Fprintln(w, "ERROR: "+text)
		return
	}
	ipText := r.URL.Query().Get("ip")
	if ipText == "" {
		ipText, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.records[token]
	addr, err := netip.ParseAddr(ipText)
	switch {
	case rec == nil:
		fmt.Fprintln(w, "ERROR: Unable to locate this record (changed password recently? deleted record?)")
	case err != nil || addr.Is6() != rec.v6:
		fmt.Fprintf(w, "ERROR: Address %s is not valid for this record.\n", ipText)
	case rec.addr == addr:
		fmt.Fprintf(w, "No IP change detected for %s with IP %s, skipping update\n", rec.name, addr)
	default:
		rec.addr = addr
		fmt.Fprintf(w, "Updated 1 host(s) %s to %s in 0.142 seconds\n", rec.name, addr)
	}
}
