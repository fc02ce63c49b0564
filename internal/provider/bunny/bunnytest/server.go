// Package bunnytest is a fake of the bunny.net DNS API
// (https://docs.bunny.net/reference/dnszonepublic_index and the pages
// beside it: list DNS zones, get DNS zone, add DNS record, update DNS
// record): the AccessKey header, GET /dnszone with page, perPage and
// search, GET /dnszone/{id} with its Records (Type numeric: 0 A, 1 AAAA;
// Name relative, "" at the apex), PUT /dnszone/{id}/records (201 with the
// record), POST /dnszone/{id}/records/{recordId} (204), and errors as
// {"ErrorKey", "Field", "Message"}. The exact error keys and messages are
// inferred (the reference gives the shape), and so is the treatment of an
// update that leaves a field out: the fake resets it (Ttl 300, Weight,
// Priority 0, Disabled false, Comment ""), which is the reading that
// catches a client dropping the record's fields.
package bunnytest

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one record as the API shows it (the fields ddns uses).
type Record struct {
	ID       int64  `json:"Id"`
	Type     int    `json:"Type"`
	Name     string `json:"Name"`
	Value    string `json:"Value"`
	TTL      int    `json:"Ttl"`
	Weight   int    `json:"Weight"`
	Priority int    `json:"Priority"`
	Disabled bool   `json:"Disabled"`
	Comment  string `json:"Comment"`
}

type zone struct {
	ID      int64    `json:"Id"`
	Domain  string   `json:"Domain"`
	Records []Record `json:"Records"`
}

// Server is one bunny.net account with one API key. Safe for concurrent
// use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler

	mu     sync.Mutex
	zones  []*zone
	nextID int64
	writes int
}

// New returns an account for key with the given DNS zones, each with an
// MX record at the apex.
func New(key string, domains ...string) *Server {
	s := &Server{key: key}
	for i, d := range domains {
		z := &zone{ID: int64(1000 + i), Domain: d}
		s.zones = append(s.zones, z)
		s.add(z, Record{Type: 4, Name: "", Value: "mx.example.net", TTL: 3600, Priority: 10})
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) add(z *zone, r Record) Record {
	s.nextID++
	r.ID = s.nextID
	z.Records = append(z.Records, r)
	return r
}

func (s *Server) zone(domain string) *zone {
	for _, z := range s.zones {
		if z.Domain == domain {
			return z
		}
	}
	return nil
}

// Add stores r in the zone of domain.
func (s *Server) Add(domain string, r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(s.zone(domain), r)
}

// Records returns the records named name ("" for the apex) in domain.
func (s *Server) Records(domain, name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	if z := s.zone(domain); z != nil {
		for _, r := range z.Records {
			if r.Name == name {
				out = append(out, r)
			}
		}
	}
	return out
}

// Published returns the A and AAAA values of name in domain.
func (s *Server) Published(domain, name string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(domain, name) {
		if r.Type == 0 || r.Type == 1 {
			out = append(out, netip.MustParseAddr(r.Value))
		}
	}
	return out
}

// Writes counts the requests that changed a record.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, key, field, msg string) {
	writeJSON(w, status, map[string]string{"ErrorKey": key, "Field": field, "Message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("AccessKey")
	if text, ok := s.Echo(key); ok {
		fail(w, http.StatusUnauthorized, "unauthorized", "AccessKey", text)
		return
	}
	if key != s.key {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"Message": "Authorization has been denied for this request."})
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if parts[0] != "dnszone" {
		fail(w, http.StatusNotFound, "not_found", "", "Not found")
		return
	}
	if len(parts) == 1 && r.Method == http.MethodGet {
		s.list(w, r)
		return
	}
	id, _ := strconv.ParseInt(parts[1], 10, 64)
	var z *zone
	for _, c := range s.zones {
		if c.ID == id {
			z = c
		}
	}
	switch {
	case z == nil:
		fail(w, http.StatusNotFound, "dnszone.zone_not_found", "Id", "The requested DNS zone was not found")
	case len(parts) == 2 && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, z)
	case len(parts) == 3 && parts[2] == "records" && r.Method == http.MethodPut:
		s.create(w, r, z)
	case len(parts) == 4 && parts[2] == "records" && r.Method == http.MethodPost:
		s.update(w, r, z, parts[3])
	default:
		fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "", "The requested resource does not support this method")
	}
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	items := []*zone{}
	for _, z := range s.zones {
		if strings.Contains(z.Domain, r.URL.Query().Get("search")) {
			items = append(items, z)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"Items": items, "CurrentPage": 1, "TotalItems": len(items), "HasMoreItems": false})
}

// check validates an A or AAAA record's value.
func check(r Record) bool {
	if r.Type != 0 && r.Type != 1 {
		return true
	}
	a, err := netip.ParseAddr(r.Value)
	return err == nil && a.Is4() == (r.Type == 0)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, z *zone) {
	in := Record{TTL: 300}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !check(in) {
		fail(w, http.StatusBadRequest, "validation_error", "Value", "The record value is invalid")
		return
	}
	s.writes++
	writeJSON(w, http.StatusCreated, s.add(z, in))
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, z *zone, rid string) {
	id, _ := strconv.ParseInt(rid, 10, 64)
	for i, old := range z.Records {
		if old.ID != id {
			continue
		}
		in := Record{Type: old.Type, Name: old.Name, TTL: 300} // fields left out are reset (inferred)
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !check(in) {
			fail(w, http.StatusBadRequest, "validation_error", "Value", "The record value is invalid")
			return
		}
		in.ID = id
		z.Records[i] = in
		s.writes++
		w.WriteHeader(http.StatusNoContent)
		return
	}
	fail(w, http.StatusNotFound, "dnsrecord.not_found", "Id", "The requested DNS record was not found")
}
