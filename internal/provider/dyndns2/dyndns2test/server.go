// Package dyndns2test is a fake dyndns2 server (GET /nic/update with
// Basic auth) whose personality comes from the same preset table the
// client uses: path and parameter names, how IPv6 arrives, how many names
// one request may carry, how the user name is formed, and per service the
// status codes and words of its answers.
//
// Sources: the protocol and return codes of
// https://help.dyn.com/remote-access-api/perform-update/ and
// https://help.dyn.com/return-codes/ (one line per name in order;
// account-wide failures once; HTTP 200 whatever the verdict); No-IP's
// https://www.noip.com/integrate/response (both addresses echoed,
// comma-separated); deSEC's
// https://desec.readthedocs.io/en/latest/dyndns/update-api.html (401
// badauth, 404 nohost, one "good" for an atomic update of every name, and
// a family left out of the request is deleted unless it says "preserve");
// nsupdate.info (401 badauth,
// https://nsupdateinfo.readthedocs.io/en/latest/user.html); Domeneshop's
// https://api.domeneshop.no/docs/#tag/ddns (204 success, 404 unknown
// host). Behaviour no public page shows is marked "inferred" where it is
// implemented.
//
// It is a plain http.Handler behind providertest.Faults, for httptest or a
// standalone fake-server program.
package dyndns2test

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Server is one account at one dyndns2 service: its names and their
// addresses. Safe for concurrent use.
type Server struct {
	providertest.Faults

	p        dyndns2.Preset
	look     look
	domain   string
	user     string
	password string
	handler  http.Handler

	mu      sync.Mutex
	hosts   map[string]*addrs // lower-case FQDN -> published addresses
	queries []url.Values
	updates int
}

type addrs struct{ v4, v6 netip.Addr }

// New returns a fake of preset p for domain whose account is user with
// password (for presets whose user name is the domain or the host, user is
// ignored), holding the names fqdns.
func New(p dyndns2.Preset, domain, user, password string, fqdns ...string) *Server {
	s := &Server{p: p, look: lookOf(p), domain: domain, user: user, password: password, hosts: map[string]*addrs{}}
	for _, f := range fqdns {
		s.hosts[strings.ToLower(f)] = &addrs{}
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Published lists the addresses fqdn has, A then AAAA.
func (s *Server) Published(fqdn string) []netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []netip.Addr
	if h := s.hosts[strings.ToLower(fqdn)]; h != nil {
		for _, a := range []netip.Addr{h.v4, h.v6} {
			if a.IsValid() {
				out = append(out, a)
			}
		}
	}
	return out
}

// Queries returns the query of every request that reached the service
// (past the faults and the authentication), in order.
func (s *Server) Queries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.queries...)
}

// Updates counts the names the service confirmed (good or nochg).
func (s *Server) Updates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.pathOK(r.URL.Path) {
		providertest.WriteHTML(w, http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet {
		// Dyn permits POST but discourages it; the fake takes only GET (inferred).
		w.Header().Set("Allow", http.MethodGet)
		providertest.WriteHTML(w, http.StatusMethodNotAllowed)
		return
	}
	user, password, hasAuth := r.BasicAuth()
	if !hasAuth {
		w.Header().Set("WWW-Authenticate", `Basic realm="DDNS"`)
		s.write(w, s.look.authStatus, s.look.noAuthBody)
		return
	}
	if text, ok := s.Echo(password); ok {
		s.write(w, s.look.authStatus, "badauth"+" "+text)
		return
	}
	if r.UserAgent() == "" {
		s.write(w, http.StatusOK, "badagent")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		providertest.WriteHTML(w, http.StatusBadRequest)
		return
	}
	names := splitList(q.Get(s.hostParam()))
	switch {
	case len(names) == 0:
		s.write(w, http.StatusOK, "notfqdn") // Dyn: given once when no hostname is given
		return
	case !s.authorized(user, password, names):
		s.write(w, s.look.authStatus, "badauth")
		return
	case len(names) > s.look.maxHosts:
		s.write(w, http.StatusOK, "numhost")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries = append(s.queries, q)
	v4, v6, ok := s.addresses(q, r.RemoteAddr)
	if !ok {
		// No standard code for a bad address; nsupdate.info answers dnserr
		// (nsupdate-info/nsupdate.info #137).
		s.write(w, http.StatusOK, "dnserr")
		return
	}
	s.apply(w, names, v4, v6)
}

func (s *Server) pathOK(path string) bool {
	if s.p.Name == "desec" { // any path not ending in .ico or .png
		return !strings.HasSuffix(path, ".ico") && !strings.HasSuffix(path, ".png")
	}
	want := s.p.Path
	if want == "" {
		want = "/nic/update"
	}
	return path == want
}

func (s *Server) hostParam() string {
	if s.p.HostParam != "" {
		return s.p.HostParam
	}
	return "hostname"
}

// authorized checks the credentials as the preset forms the user name.
func (s *Server) authorized(user, password string, names []string) bool {
	if password != s.password {
		return false
	}
	switch s.p.User {
	case dyndns2.UserDomain:
		return strings.EqualFold(user, s.domain)
	case dyndns2.UserFQDN:
		return len(names) == 1 && strings.EqualFold(user, names[0])
	case dyndns2.UserGivenOrFQDN:
		return user == s.user || (len(names) == 1 && strings.EqualFold(user, names[0]))
	}
	return user == s.user
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// sourceAddr is the connection's address, used where the request names
// none (Dyn, No-IP, deSEC all do this).
func sourceAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}
