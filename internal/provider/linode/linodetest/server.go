// Package linodetest is a fake of the Linode API v4 DNS Manager endpoints,
// as documented at https://techdocs.akamai.com/linode-api/reference/get-domains,
// .../get-domain-records, .../post-domain-record, .../put-domain-record,
// .../delete-domain-record and https://techdocs.akamai.com/linode-api/reference/filtering-and-sorting:
// "Authorization: Bearer <token>"; collections are pages
// {"data":[…],"page","pages","results"} filtered by the X-Filter header;
// the apex record's name is ""; POST and PUT answer the record (200),
// DELETE answers {}. Errors are {"errors":[{"field","reason"}]}: 401
// "Invalid Token", 404 "Not found", 400 with the field. The 400 reason for
// a bad target is inferred.
package linodetest

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one domain record as the API shows it.
type Record struct {
	ID       int64   `json:"id"`
	Type     string  `json:"type"`
	Name     string  `json:"name"`
	Target   string  `json:"target"`
	Priority int     `json:"priority"`
	Weight   int     `json:"weight"`
	Port     int     `json:"port"`
	TTLSec   int     `json:"ttl_sec"`
	Tag      *string `json:"tag"`
}

type domain struct {
	ID      int64  `json:"id"`
	Domain  string `json:"domain"`
	Type    string `json:"type"`
	Status  string `json:"status"`
	records []Record
}

// Server is one account reachable with one token.
type Server struct {
	providertest.Faults
	token   string
	handler http.Handler

	mu      sync.Mutex
	domains []*domain
	next    int64
}

// New returns an account for token holding the given domains, empty.
func New(token string, names ...string) *Server {
	s := &Server{token: token, next: 14950400}
	for i, n := range names {
		s.domains = append(s.domains, &domain{ID: int64(3150401 + i), Domain: n, Type: "master", Status: "active"})
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) find(name string) *domain {
	for _, d := range s.domains {
		if d.Domain == name {
			return d
		}
	}
	return nil
}

// Add stores a record ("" is the apex).
func (s *Server) Add(dom, name, typ, target string, ttl int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	d := s.find(dom)
	d.records = append(d.records, Record{ID: s.next, Type: typ, Name: name, Target: target, TTLSec: ttl})
}

// Find returns the records of the name and type ("" any type).
func (s *Server) Find(dom, name, typ string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.find(dom).records {
		if r.Name == name && (typ == "" || r.Type == typ) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func fail(w http.ResponseWriter, status int, field, reason string) {
	e := map[string]string{"reason": reason}
	if field != "" {
		e["field"] = field
	}
	jsonresttest.WriteJSON(w, status, map[string]any{"errors": []any{e}})
}

func page[T any](w http.ResponseWriter, items []T) {
	if items == nil {
		items = []T{}
	}
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"data": items, "page": 1, "pages": 1, "results": len(items)})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token := jsonresttest.Bearer(r)
	if text, ok := s.Echo(token); ok {
		fail(w, http.StatusUnauthorized, "", text)
		return
	}
	if token != s.token {
		fail(w, http.StatusUnauthorized, "", "Invalid Token")
		return
	}
	var filter map[string]string
	if f := r.Header.Get("X-Filter"); f != "" && json.Unmarshal([]byte(f), &filter) != nil {
		fail(w, http.StatusBadRequest, "X-Filter", "Cannot filter on these fields")
		return
	}
	p, _ := jsonresttest.Segments(r.URL.Path, "/v4/domains")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p) == 0 && r.Method == http.MethodGet {
		var out []domain
		for _, d := range s.domains {
			if filter["domain"] == "" || filter["domain"] == d.Domain {
				out = append(out, *d)
			}
		}
		page(w, out)
		return
	}
	id, _ := strconv.ParseInt(p[0], 10, 64)
	i := slices.IndexFunc(s.domains, func(d *domain) bool { return d.ID == id })
	if len(p) < 2 || p[1] != "records" || i < 0 {
		fail(w, http.StatusNotFound, "", "Not found")
		return
	}
	d := s.domains[i]
	if len(p) == 2 {
		s.collection(w, r, d, filter)
		return
	}
	rid, _ := strconv.ParseInt(p[2], 10, 64)
	j := slices.IndexFunc(d.records, func(x Record) bool { return x.ID == rid })
	if j < 0 {
		fail(w, http.StatusNotFound, "", "Not found")
		return
	}
	switch r.Method {
	case http.MethodPut:
		var in struct {
			Target *string `json:"target"`
		}
		if !jsonresttest.ReadJSON(r, &in) || (in.Target != nil && !valid(d.records[j].Type, *in.Target)) {
			fail(w, http.StatusBadRequest, "target", "Invalid IP address")
			return
		}
		if in.Target != nil {
			d.records[j].Target = *in.Target
		}
		jsonresttest.WriteJSON(w, http.StatusOK, d.records[j])
	case http.MethodDelete:
		d.records = slices.Delete(d.records, j, j+1)
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{})
	default:
		fail(w, http.StatusMethodNotAllowed, "", "Method not allowed")
	}
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request, d *domain, filter map[string]string) {
	switch r.Method {
	case http.MethodGet:
		var out []Record
		for _, x := range d.records {
			if n, ok := filter["name"]; ok && n != x.Name {
				continue
			}
			if t, ok := filter["type"]; ok && t != x.Type {
				continue
			}
			out = append(out, x)
		}
		page(w, out)
	case http.MethodPost:
		var in Record
		if !jsonresttest.ReadJSON(r, &in) || !valid(in.Type, in.Target) {
			fail(w, http.StatusBadRequest, "target", "Invalid IP address")
			return
		}
		s.next++
		in.ID = s.next
		d.records = append(d.records, in)
		jsonresttest.WriteJSON(w, http.StatusOK, in)
	default:
		fail(w, http.StatusMethodNotAllowed, "", "Method not allowed")
	}
}

func valid(typ, target string) bool {
	a, err := netip.ParseAddr(target)
	return err == nil && ((typ == "A" && a.Is4()) || (typ == "AAAA" && a.Is6() && !a.Is4In6()))
}
