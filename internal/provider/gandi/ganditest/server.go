// Package ganditest is a fake of Gandi's LiveDNS record endpoints, as
// documented at https://api.gandi.net/docs/livedns/ and
// https://api.gandi.net/docs/authentication/: "Authorization: Bearer
// <PAT>"; GET /v5/livedns/domains/{fqdn}/records/{name}/{type} answers the
// rrset {rrset_name, rrset_type, rrset_ttl, rrset_values, rrset_href} or
// 404; PUT on the same path replaces the rrset (creating it) and answers
// 201 {"message":"DNS Record Created"}. Errors are
// {"code","message","object","cause"} (https://api.gandi.net/docs/reference/).
// The exact 404 and 400 messages are inferred; so is the PUT without
// rrset_ttl keeping the default 10800.
package ganditest

import (
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// RRset is one stored rrset.
type RRset struct {
	TTL    int
	Values []string
}

// Server is one organisation reachable with one token.
type Server struct {
	providertest.Faults
	token   string
	handler http.Handler

	mu      sync.Mutex
	domains map[string]map[string]RRset // domain -> name/TYPE -> rrset
}

// New returns an account for token holding the given domains, empty.
func New(token string, domains ...string) *Server {
	s := &Server{token: token, domains: map[string]map[string]RRset{}}
	for _, d := range domains {
		s.domains[d] = map[string]RRset{}
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// Set stores an rrset (name relative, "@" for the apex).
func (s *Server) Set(domain, name, typ string, ttl int, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domains[domain][name+"/"+typ] = RRset{ttl, values}
}

// Get returns an rrset and whether it exists.
func (s *Server) Get(domain, name, typ string) (RRset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.domains[domain][name+"/"+typ]
	return r, ok
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func fail(w http.ResponseWriter, code int, object, cause, msg string) {
	jsonresttest.WriteJSON(w, code, map[string]any{"code": code, "message": msg, "object": object, "cause": cause})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token := jsonresttest.Bearer(r)
	if text, ok := s.Echo(token); ok {
		fail(w, http.StatusUnauthorized, "HTTPUnauthorized", "Unauthorized", text)
		return
	}
	if token != s.token {
		fail(w, http.StatusUnauthorized, "HTTPUnauthorized", "Unauthorized", "The server could not verify that you "+
			"are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad "+
			"password), or your browser doesn't understand how to supply the credentials required.")
		return
	}
	parts, _ := jsonresttest.Segments(r.URL.Path, "/v5/livedns/domains/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(parts) != 4 || parts[1] != "records" || s.domains[parts[0]] == nil {
		fail(w, http.StatusNotFound, "HTTPNotFound", "Not Found", "The requested URL was not found on the server.")
		return
	}
	zone, key := s.domains[parts[0]], parts[2]+"/"+parts[3]
	switch r.Method {
	case http.MethodGet:
		rr, ok := zone[key]
		if !ok {
			fail(w, http.StatusNotFound, "dns-record", "Not Found", "Can't find the DNS record "+key+" in the zone")
			return
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"rrset_name": parts[2], "rrset_type": parts[3],
			"rrset_ttl": rr.TTL, "rrset_values": rr.Values,
			"rrset_href": "https://api.gandi.net/v5/livedns/domains/" + parts[0] + "/records/" + key})
	case http.MethodPut:
		var in struct {
			TTL    int      `json:"rrset_ttl"`
			Values []string `json:"rrset_values"`
		}
		if !jsonresttest.ReadJSON(r, &in) || len(in.Values) == 0 || !valid(parts[3], in.Values) {
			fail(w, http.StatusBadRequest, "HTTPBadRequest", "Bad Request", "rrset_values: invalid value for "+parts[3])
			return
		}
		if in.TTL == 0 {
			in.TTL = 10800
		}
		if in.TTL < 300 || in.TTL > 2592000 {
			fail(w, http.StatusBadRequest, "HTTPBadRequest", "Bad Request", "rrset_ttl: must be between 300 and 2592000")
			return
		}
		zone[key] = RRset{in.TTL, in.Values}
		jsonresttest.WriteJSON(w, http.StatusCreated, map[string]string{"message": "DNS Record Created"})
	default:
		fail(w, http.StatusMethodNotAllowed, "HTTPMethodNotAllowed", "Method Not Allowed", "The method is not allowed for the requested URL.")
	}
}

func valid(typ string, values []string) bool {
	for _, v := range values {
		a, err := netip.ParseAddr(v)
		if err != nil || (typ == "A") != a.Is4() || (typ != "A" && typ != "AAAA") || strings.Contains(v, "%") {
			return false
		}
	}
	return true
}
