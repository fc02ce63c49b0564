// Package digitaloceantest is a fake of the DigitalOcean Domains API's
// record endpoints, as documented at
// https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records:
// GET /v2/domains/{domain}/records with the type and name filters (name is
// the full name, answers carry the relative name, "@" for the apex), POST
// to create (201), PATCH /records/{id} to change only the fields sent,
// DELETE (204), and errors as {"id":"…","message":"…"}: 401 unauthorized
// ("Unable to authenticate you", the text clients quote), 404 not_found,
// 422 unprocessable_entity. The 422 message for a bad address is inferred.
package digitaloceantest

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one domain record as the API shows it.
type Record struct {
	ID       int64   `json:"id"`
	Type     string  `json:"type"`
	Name     string  `json:"name"`
	Data     string  `json:"data"`
	Priority *int    `json:"priority"`
	Port     *int    `json:"port"`
	TTL      int     `json:"ttl"`
	Weight   *int    `json:"weight"`
	Flags    *int    `json:"flags"`
	Tag      *string `json:"tag"`
}

// Server is one account reachable with one token. Safe for concurrent use.
type Server struct {
	providertest.Faults
	token   string
	handler http.Handler

	mu      sync.Mutex
	domains map[string][]Record
	next    int64
}

// New returns an account for token holding the given domains, empty.
func New(token string, domains ...string) *Server {
	s := &Server{token: token, domains: map[string][]Record{}, next: 28448432}
	for _, d := range domains {
		s.domains[d] = nil
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// Add stores a record (name relative, "@" for the apex).
func (s *Server) Add(domain, name, typ, data string, ttl int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.domains[domain] = append(s.domains[domain], Record{ID: s.next, Type: typ, Name: name, Data: data, TTL: ttl})
}

// Find returns the records of domain with relative name and typ ("" any).
func (s *Server) Find(domain, name, typ string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.domains[domain] {
		if r.Name == name && (typ == "" || r.Type == typ) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func fail(w http.ResponseWriter, status int, id, msg string) {
	jsonresttest.WriteJSON(w, status, map[string]string{"id": id, "message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token := jsonresttest.Bearer(r)
	if text, ok := s.Echo(token); ok {
		fail(w, http.StatusUnauthorized, "unauthorized", text)
		return
	}
	if token != s.token {
		fail(w, http.StatusUnauthorized, "unauthorized", "Unable to authenticate you")
		return
	}
	parts, ok := jsonresttest.Segments(r.URL.Path, "/v2/domains/")
	s.mu.Lock()
	defer s.mu.Unlock()
	recs, known := []Record(nil), false
	if ok && len(parts) >= 2 && parts[1] == "records" {
		recs, known = s.domains[parts[0]]
	}
	if !known || len(parts) > 3 {
		fail(w, http.StatusNotFound, "not_found", "The resource you were accessing could not be found.")
		return
	}
	domain := parts[0]
	if len(parts) == 2 {
		s.collection(w, r, domain, recs)
		return
	}
	id, _ := strconv.ParseInt(parts[2], 10, 64)
	i := slices.IndexFunc(recs, func(x Record) bool { return x.ID == id })
	if i < 0 {
		fail(w, http.StatusNotFound, "not_found", "The resource you were accessing could not be found.")
		return
	}
	switch r.Method {
	case http.MethodPatch, http.MethodPut:
		var in struct {
			Data *string `json:"data"`
			TTL  *int    `json:"ttl"`
		}
		if !jsonresttest.ReadJSON(r, &in) {
			fail(w, http.StatusBadRequest, "bad_request", "unable to parse request body")
			return
		}
		if in.Data != nil {
			if !valid(recs[i].Type, *in.Data) {
				fail(w, http.StatusUnprocessableEntity, "unprocessable_entity", "Data needs to be a valid IP address.")
				return
			}
			recs[i].Data = *in.Data
		}
		if in.TTL != nil {
			recs[i].TTL = *in.TTL
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]Record{"domain_record": recs[i]})
	case http.MethodDelete:
		s.domains[domain] = slices.Delete(recs, i, i+1)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodGet:
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]Record{"domain_record": recs[i]})
	default:
		fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
	}
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request, domain string, recs []Record) {
	switch r.Method {
	case http.MethodGet:
		typ, name := r.URL.Query().Get("type"), r.URL.Query().Get("name")
		out := []Record{}
		for _, x := range recs {
			if (typ == "" || x.Type == typ) && (name == "" || fqdn(x.Name, domain) == name) {
				out = append(out, x)
			}
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"domain_records": out, "links": map[string]any{},
			"meta": map[string]int{"total": len(out)}})
	case http.MethodPost:
		var in Record
		if !jsonresttest.ReadJSON(r, &in) {
			fail(w, http.StatusBadRequest, "bad_request", "unable to parse request body")
			return
		}
		if in.Name == "" || strings.HasSuffix(in.Name, "."+domain) || !valid(in.Type, in.Data) {
			fail(w, http.StatusUnprocessableEntity, "unprocessable_entity", "Data needs to be a valid IP address.")
			return
		}
		if in.TTL == 0 {
			in.TTL = 1800
		}
		s.next++
		in.ID = s.next
		s.domains[domain] = append(recs, in)
		jsonresttest.WriteJSON(w, http.StatusCreated, map[string]Record{"domain_record": in})
	default:
		fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed")
	}
}

func fqdn(name, domain string) string {
	if name == "@" {
		return domain
	}
	return name + "." + domain
}

func valid(typ, data string) bool {
	a, err := netip.ParseAddr(data)
	switch typ {
	case "A":
		return err == nil && a.Is4()
	case "AAAA":
		return err == nil && a.Is6() && !a.Is4In6()
	}
	return data != ""
}
