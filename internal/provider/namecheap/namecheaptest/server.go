// Package namecheaptest is a fake of Namecheap's dynamic DNS endpoint that
// answers like the real one: GET /update?host=&domain=&password=&ip=
// (https://www.namecheap.com/support/knowledgebase/article.aspx/29/11/how-to-dynamically-update-the-hosts-ip-with-an-http-request/),
// HTTP 200 with the modern utf-16-declared XML body whatever the verdict
// (as captured by client projects, e.g. troglobit/inadyn #265 and
// craigktreasure/SynologyDdnsUpdater's test constants), the known error
// table, "@" and "*" hosts, and the request's source address when ip is
// absent or empty. Behaviour no public source shows is marked "inferred"
// where it is implemented.
//
// It is a plain http.Handler behind providertest.Faults, for httptest or a
// standalone fake-server program.
package namecheaptest

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

// Server is one Namecheap domain with DDNS enabled and its A + Dynamic DNS
// records. Safe for concurrent use.
type Server struct {
	providertest.Faults

	domain   string
	password string

	handler http.Handler // s.serve behind s.Faults

	mu       sync.Mutex
	hosts    map[string]netip.Addr // host label -> published address (zero: never set)
	requests int
	lenient  bool
}

// New returns a fake for domain (spelled as the account shows it) whose
// DDNS password is password, with an A + Dynamic DNS record for each host
// label ("@", "*", "home").
func New(domain, password string, hosts ...string) *Server {
	s := &Server{domain: domain, password: password, hosts: map[string]netip.Addr{}}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	for _, h := range hosts {
		s.hosts[h] = netip.Addr{}
	}
	return s
}

// Handler returns s as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Addr returns the address last published for host (zero if none).
func (s *Server) Addr(host string) netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hosts[host]
}

// Requests counts every request received, including failed ones.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// SetLenientCase accepts any spelling of the domain and host. The default
// is the strictest reading of Namecheap's KB: the exact spelling shown in
// the account, anything else is "Domain name not found" (sources disagree).
func (s *Server) SetLenientCase(lenient bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lenient = lenient
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	s.handler.ServeHTTP(w, r)
}

// serve handles GET /update. Only GET is documented; what the service does
// with another method is not, so the fake refuses it with a plain 405 page
// (inferred, the strictest reading), which makes a client that drifts from
// GET fail its tests. A query that cannot be parsed gets a plain 400 page,
// as a malformed router request once did (RMerl/asuswrt-merlin #971).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/update" {
		providertest.WriteHTML(w, http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		providertest.WriteHTML(w, http.StatusMethodNotAllowed)
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		providertest.WriteHTML(w, http.StatusBadRequest)
		return
	}
	if text, ok := s.Echo(q.Get("password")); ok {
		// Namecheap's known errors do not quote the request; a server that
		// does (misconfigured, hijacked) is what Faults.Echo stands for.
		writeFailure(w, failure{text, 304156, text})
		return
	}
	addr, fail := s.apply(q, r.RemoteAddr)
	if fail != nil {
		writeFailure(w, *fail)
		return
	}
	writeXML(w, fmt.Sprintf(successBody, addr))
}

// apply validates one update in the order the service must (the password
// belongs to the domain, so the domain comes first) and publishes it.
func (s *Server) apply(q url.Values, remote string) (netip.Addr, *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.same(q.Get("domain"), s.domain) {
		return netip.Addr{}, &errDomain
	}
	if q.Get("password") != s.password {
		return netip.Addr{}, &errPassword
	}
	addr, ok := ipv4(q.Get("ip"), remote)
	if !ok {
		return netip.Addr{}, &errIP
	}
	host, ok := s.host(q.Get("host"))
	if !ok {
		return netip.Addr{}, &errRecord
	}
	s.hosts[host] = addr
	return addr, nil
}

// host finds the record for a requested label; an FQDN or an unknown label
// has no A + Dynamic DNS record (troglobit/inadyn #108).
func (s *Server) host(label string) (string, bool) {
	for h := range s.hosts {
		if s.same(label, h) {
			return h, true
		}
	}
	return "", false
}

func (s *Server) same(got, want string) bool {
	if s.lenient {
		return strings.EqualFold(got, want)
	}
	return got == want
}

// ipv4 reads the ip parameter, or the source address when it is absent or
// empty (Namecheap KB; ddclient sends it empty). IPv6 is "Invalid IP"
// (jeessy2/ddns-go #686).
func ipv4(param, remote string) (netip.Addr, bool) {
	if param == "" {
		host, _, err := net.SplitHostPort(remote)
		if err != nil {
			host = remote
		}
		// A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d.
		addr, err := netip.ParseAddr(host)
		return addr.Unmap(), err == nil && addr.Unmap().Is4()
	}
	// An IPv4-mapped IPv6 literal (::ffff:a.b.c.d) is still IPv6 text.
	addr, err := netip.ParseAddr(param)
	return addr, err == nil && addr.Is4()
}
