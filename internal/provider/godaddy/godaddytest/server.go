// Package godaddytest is a fake of the GoDaddy Domains API's record-set
// endpoints, as documented at
// https://developer.godaddy.com/doc/endpoint/domains (GET and PUT
// /v1/domains/{domain}/records/{type}/{name}, the "sso-key KEY:SECRET"
// header from https://developer.godaddy.com/getstarted, and the error
// body {"code","message"} with the documented statuses 401, 403, 404, 422
// and 429 with retryAfterSec). Inferred, because no public page shows the
// exact words: the codes UNABLE_TO_AUTHENTICATE and UNKNOWN_DOMAIN and
// their messages, that a PUT without ttl gets 3600, and that a PUT answers
// 200 with an empty body. The 403 ACCESS_DENIED body ("Authenticated user
// is not allowed access") is the one users of small accounts have
// reported since 2024 (e.g. qdm12/ddns-updater#707).
package godaddytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"sort"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one entry of a record set.
type Record struct {
	Data string `json:"data"`
	TTL  int    `json:"ttl"`
}

// Server is one GoDaddy account with one API key. Safe for concurrent use.
type Server struct {
	providertest.Faults

	key, secret string
	handler     http.Handler

	mu     sync.Mutex
	zones  map[string]bool
	sets   map[string][]Record // domain|TYPE|name
	denied bool
	puts   int
}

// New returns an account for key and secret holding zones, with no
// records.
func New(key, secret string, zones ...string) *Server {
	s := &Server{key: key, secret: secret, zones: map[string]bool{}, sets: map[string][]Record{}}
	for _, z := range zones {
		s.zones[z] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/domains/{domain}/records/{type}/{name}", s.get)
	mux.HandleFunc("PUT /v1/domains/{domain}/records/{type}/{name}", s.put)
	s.handler = s.Faults.Wrap(mux)
	return s
}

func key(domain, typ, name string) string { return domain + "|" + typ + "|" + name }

// Set stores a record set for test setup.
func (s *Server) Set(domain, typ, name string, recs ...Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sets[key(domain, typ, name)] = recs
}

// Get returns a record set.
func (s *Server) Get(domain, typ, name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.sets[key(domain, typ, name)]...)
}

// Addrs returns the A and AAAA addresses served for name.
func (s *Server) Addrs(domain, name string) []netip.Addr {
	var out []netip.Addr
	for _, typ := range []string{"A", "AAAA"} {
		for _, r := range s.Get(domain, typ, name) {
			out = append(out, netip.MustParseAddr(r.Data))
		}
	}
	return out
}

// Except describes every record set of domain but name's A and AAAA, in
// a stable form: what an update of name must leave alone.
func (s *Server) Except(domain, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k, v := range s.sets {
		if strings.HasPrefix(k, domain+"|") && k != key(domain, "A", name) && k != key(domain, "AAAA", name) {
			out = append(out, fmt.Sprintf("%s=%v", k, v))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Puts counts the PUTs that changed a set.
func (s *Server) Puts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.puts
}

// SetDenied makes the account one GoDaddy no longer grants API access.
func (s *Server) SetDenied(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied = on
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func fail(w http.ResponseWriter, status int, code, msg string) {
	jsonresttest.WriteJSON(w, status, map[string]string{"code": code, "message": msg})
}

// auth checks the sso-key header and answers when it fails.
func (s *Server) auth(w http.ResponseWriter, r *http.Request) bool {
	cred, ok := strings.CutPrefix(r.Header.Get("Authorization"), "sso-key ")
	k, secret, ok2 := strings.Cut(cred, ":")
	if text, echo := s.Echo(k); echo {
		fail(w, http.StatusUnauthorized, "UNABLE_TO_AUTHENTICATE", text)
		return false
	}
	s.mu.Lock()
	denied := s.denied
	s.mu.Unlock()
	switch {
	case !ok || !ok2:
		fail(w, http.StatusUnauthorized, "MALFORMED_CREDENTIALS", "Malformed credentials")
	case k != s.key || secret != s.secret:
		fail(w, http.StatusUnauthorized, "UNABLE_TO_AUTHENTICATE", "Unable to authenticate")
	case denied:
		fail(w, http.StatusForbidden, "ACCESS_DENIED", "Authenticated user is not allowed access")
	default:
		return true
	}
	return false
}

func (s *Server) zone(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	ok := s.zones[r.PathValue("domain")]
	s.mu.Unlock()
	if !ok {
		fail(w, http.StatusNotFound, "UNKNOWN_DOMAIN", "The given domain is not registered, or does not have a zone file")
	}
	return ok
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	if !s.auth(w, r) || !s.zone(w, r) {
		return
	}
	recs := s.Get(r.PathValue("domain"), r.PathValue("type"), r.PathValue("name"))
	out := []map[string]any{}
	for _, rec := range recs {
		out = append(out, map[string]any{"data": rec.Data, "name": r.PathValue("name"), "ttl": rec.TTL, "type": r.PathValue("type")})
	}
	jsonresttest.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) put(w http.ResponseWriter, r *http.Request) {
	if !s.auth(w, r) || !s.zone(w, r) {
		return
	}
	typ := r.PathValue("type")
	var recs []struct {
		Data string `json:"data"`
		TTL  *int   `json:"ttl"`
	}
	if err := json.NewDecoder(r.Body).Decode(&recs); err != nil {
		fail(w, http.StatusBadRequest, "INVALID_BODY", "Request was malformed")
		return
	}
	var set []Record
	for _, rec := range recs {
		a, err := netip.ParseAddr(rec.Data)
		ttl := 3600
		if rec.TTL != nil {
			ttl = *rec.TTL
		}
		if err != nil || (typ == "A") != a.Is4() || (typ != "A" && typ != "AAAA") || ttl < 600 {
			fail(w, http.StatusUnprocessableEntity, "INVALID_BODY", "Request body doesn't fulfill schema, see details in `fields`")
			return
		}
		set = append(set, Record{Data: a.String(), TTL: ttl})
	}
	s.mu.Lock()
	s.sets[key(r.PathValue("domain"), typ, r.PathValue("name"))] = set
	s.puts++
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
