// Package duckdnstest is a fake of DuckDNS's update API as
// https://www.duckdns.org/spec.jsp documents it: GET /update with domains
// (a comma list of sub-names, with or without .duckdns.org), token, ip
// (IPv4 or IPv6; when empty the request's IPv4 source address is used),
// ipv6 (which turns that detection off), verbose and clear; the body OK or
// KO, always HTTP 200, and with verbose=true four lines on success (OK,
// the IPv4, the IPv6, UPDATED or NOCHANGE).
//
// Inferred (no page says it): a KO leaves every name of the request
// unchanged; a family whose parameter is absent is left as it was; a name
// with an upper-case letter is unknown (home-assistant/addons issue 2387
// reports KO for it).
package duckdnstest

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Server is one DuckDNS account. Safe for concurrent use.
type Server struct {
	providertest.Faults

	token   string
	handler http.Handler

	mu       sync.Mutex
	names    map[string]*[2]netip.Addr // sub-name -> A, AAAA
	requests []string                  // domains parameter of each update
}

// New returns an account for token owning the sub-names.
func New(token string, names ...string) *Server {
	s := &Server{token: token, names: map[string]*[2]netip.Addr{}}
	for _, n := range names {
		s.names[n] = &[2]netip.Addr{}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /update", s.update)
	s.handler = s.Faults.Wrap(mux)
	return s
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Addrs returns what name publishes (A, AAAA; invalid when empty).
func (s *Server) Addrs(name string) [2]netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.names[name]; a != nil {
		return *a
	}
	return [2]netip.Addr{}
}

// Updates lists the domains parameter of every update request received.
func (s *Server) Updates() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	if text, ok := s.Echo(q.Get("token")); ok {
		// DuckDNS's own words are OK and KO; a server quoting the token is
		// what Faults.Echo stands for.
		fmt.Fprint(w, text)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, q.Get("domains"))
	v4, v6, ok := s.addresses(r)
	var targets []*[2]netip.Addr
	for _, d := range strings.Split(q.Get("domains"), ",") {
		t := s.names[strings.TrimSuffix(d, ".duckdns.org")]
		if t == nil {
			ok = false
		}
		targets = append(targets, t)
	}
	if !ok || q.Get("token") != s.token || q.Get("domains") == "" {
		fmt.Fprint(w, "KO")
		return
	}
	changed := false
	for _, t := range targets {
		old := *t
		switch {
		case q.Get("clear") == "true":
			*t = [2]netip.Addr{}
		default:
			if v4.IsValid() {
				t[0] = v4
			}
			if v6.IsValid() {
				t[1] = v6
			}
		}
		changed = changed || old != *t
	}
	if q.Get("verbose") != "true" {
		fmt.Fprint(w, "OK")
		return
	}
	word := "NOCHANGE"
	if changed {
		word = "UPDATED"
	}
	fmt.Fprintf(w, "OK\n%s\n%s\n%s", show(v4), show(v6), word)
}

// addresses reads ip and ipv6 as spec.jsp describes; ok is false when a
// value is not an address of the family its parameter takes.
func (s *Server) addresses(r *http.Request) (v4, v6 netip.Addr, ok bool) {
	q := r.URL.Query()
	ip, ip6 := q.Get("ip"), q.Get("ipv6")
	if ip6 != "" {
		a, err := netip.ParseAddr(ip6)
		if err != nil || !a.Is6() || a.Is4In6() {
			return v4, v6, false
		}
		v6 = a
	}
	switch {
	case ip != "":
		a, err := netip.ParseAddr(ip)
		if err != nil {
			return v4, v6, false
		}
		if a.Is4() {
			v4 = a
		} else {
			v6 = a
		}
	case ip6 == "": // detection, IPv4 only
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if a, err := netip.ParseAddr(host); err == nil && a.Unmap().Is4() {
			v4 = a.Unmap()
		}
	}
	return v4, v6, true
}

func show(a netip.Addr) string {
	if a.IsValid() {
		return a.String()
	}
	return ""
}
