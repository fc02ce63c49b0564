// Package dynv6test is a fake of dynv6's REST API as specified at
// https://dynv6.github.io/api-spec/ (OpenAPI source:
// https://github.com/dynv6/api-spec): Bearer tokens, GET
// /api/v2/zones/by-name/{name}, PATCH /api/v2/zones/{id} (ipv4address,
// ipv6prefix), GET and POST /api/v2/zones/{id}/records, PATCH and DELETE
// /api/v2/zones/{id}/records/{recordID}, with the documented statuses
// (200, 204 on delete, 401, 404, 422 with a ValidationError). Inferred:
// the error bodies of 401 and 404 (the specification gives a body only for
// 422; the fake uses the same ErrorResponse shape) and their words.
package dynv6test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one stored record.
type Record struct {
	ID       int64  `json:"id"`
	ZoneID   int64  `json:"zoneID"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Data     string `json:"data"`
	Priority int    `json:"priority,omitempty"`
}

// Zone is one stored zone.
type Zone struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	IPv4    string   `json:"ipv4address"`
	IPv6    string   `json:"ipv6prefix"`
	Records []Record `json:"-"`
}

// Server is one dynv6 account with one HTTP token. Safe for concurrent use.
type Server struct {
	providertest.Faults

	token   string
	handler http.Handler

	mu     sync.Mutex
	zones  []*Zone
	next   int64
	writes int
}

// New returns an account for token with the given zones, empty.
func New(token string, zones ...string) *Server {
	s := &Server{token: token}
	for _, z := range zones {
		s.next++
		s.zones = append(s.zones, &Zone{ID: s.next, Name: z})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("PATCH /api/v2/zones/{id}", s.patchZone)
	// by-name/{name} and {id}/records overlap as ServeMux patterns.
	mux.HandleFunc("GET /api/v2/zones/{id}/{sub}", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.PathValue("id") == "by-name":
			s.byName(w, r.PathValue("sub"))
		case r.PathValue("sub") == "records":
			s.list(w, r)
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("POST /api/v2/zones/{id}/records", s.create)
	mux.HandleFunc("PATCH /api/v2/zones/{id}/records/{rid}", s.patch)
	mux.HandleFunc("DELETE /api/v2/zones/{id}/records/{rid}", s.remove)
	s.handler = s.Faults.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if text, echo := s.Echo(token); echo {
			fail(w, http.StatusUnauthorized, "Unauthorized", text)
			return
		}
		if token != s.token {
			fail(w, http.StatusUnauthorized, "Unauthorized", "invalid token")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) zone(name string) *Zone {
	for _, z := range s.zones {
		if z.Name == name {
			return z
		}
	}
	return nil
}

// SetApex sets a zone's own addresses for test setup.
func (s *Server) SetApex(zone, ipv4, ipv6 string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zone(zone)
	z.IPv4, z.IPv6 = ipv4, ipv6
}

// Add stores a record for test setup and returns its id.
func (s *Server) Add(zone string, r Record) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zone(zone)
	s.next++
	r.ID, r.ZoneID = s.next, z.ID
	z.Records = append(z.Records, r)
	return r.ID
}

// Records returns the records named name in zone.
func (s *Server) Records(zone, name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.zone(zone).Records {
		if r.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// Addrs returns the addresses name ("@" the zone itself) resolves to.
func (s *Server) Addrs(zone, name string) []netip.Addr {
	var vals []string
	if name == "@" || name == "" {
		s.mu.Lock()
		z := s.zone(zone)
		vals = []string{z.IPv4, z.IPv6}
		s.mu.Unlock()
	} else {
		for _, r := range s.Records(zone, name) {
			if r.Type == "A" || r.Type == "AAAA" {
				vals = append(vals, r.Data)
			}
		}
	}
	var out []netip.Addr
	for _, v := range vals {
		if a, err := netip.ParseAddr(v); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Except describes the zone but name's A and AAAA.
func (s *Server) Except(zone, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zone(zone)
	out := []string{"ipv4=" + z.IPv4, "ipv6=" + z.IPv6}
	if name == "@" {
		out = nil
	}
	for _, r := range z.Records {
		if r.Name != name || (r.Type != "A" && r.Type != "AAAA") {
			out = append(out, fmt.Sprint(r))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Writes counts changes made.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func fail(w http.ResponseWriter, status int, name, msg string) {
	jsonresttest.WriteJSON(w, status, map[string]any{"error": map[string]string{"name": name, "message": msg}})
}

func invalid(w http.ResponseWriter, field string) {
	jsonresttest.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{"name": "ValidationError", "message": "validation failed",
		"fields": []map[string]string{{"name": field, "message": "is invalid"}}}})
}

func (s *Server) byName(w http.ResponseWriter, name string) {
	if z := s.zone(name); z != nil {
		jsonresttest.WriteJSON(w, http.StatusOK, z)
		return
	}
	fail(w, http.StatusNotFound, "NotFound", "zone not found")
}

// byID finds the zone of the path; s.mu is held.
func (s *Server) byID(w http.ResponseWriter, r *http.Request) *Zone {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, z := range s.zones {
		if z.ID == id {
			return z
		}
	}
	fail(w, http.StatusNotFound, "NotFound", "zone not found")
	return nil
}

func (s *Server) patchZone(w http.ResponseWriter, r *http.Request) {
	z := s.byID(w, r)
	if z == nil {
		return
	}
	var b map[string]string
	if json.NewDecoder(r.Body).Decode(&b) != nil {
		fail(w, http.StatusBadRequest, "BadRequest", "malformed client data")
		return
	}
	if v, ok := b["ipv4address"]; ok {
		if a, err := netip.ParseAddr(v); err != nil || !a.Is4() {
			invalid(w, "ipv4address")
			return
		}
		z.IPv4 = v
	}
	if v, ok := b["ipv6prefix"]; ok {
		if a, err := netip.ParseAddr(v); err != nil || !a.Is6() {
			invalid(w, "ipv6prefix")
			return
		}
		z.IPv6 = v
	}
	s.writes++
	jsonresttest.WriteJSON(w, http.StatusOK, z)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	if z := s.byID(w, r); z != nil {
		jsonresttest.WriteJSON(w, http.StatusOK, append([]Record{}, z.Records...))
	}
}

func valid(typ, data string) bool {
	a, err := netip.ParseAddr(data)
	return typ != "A" && typ != "AAAA" || err == nil && (typ == "A") == a.Is4()
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	z := s.byID(w, r)
	if z == nil {
		return
	}
	var rec Record
	if json.NewDecoder(r.Body).Decode(&rec) != nil {
		fail(w, http.StatusBadRequest, "BadRequest", "malformed client data")
		return
	}
	if rec.Name == "" || rec.Type == "" || !valid(rec.Type, rec.Data) {
		invalid(w, "data")
		return
	}
	s.next++
	rec.ID, rec.ZoneID = s.next, z.ID
	z.Records = append(z.Records, rec)
	s.writes++
	jsonresttest.WriteJSON(w, http.StatusOK, rec)
}

func (s *Server) find(w http.ResponseWriter, r *http.Request) (*Zone, int) {
	z := s.byID(w, r)
	if z == nil {
		return nil, -1
	}
	rid, _ := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	i := slices.IndexFunc(z.Records, func(rec Record) bool { return rec.ID == rid })
	if i < 0 {
		fail(w, http.StatusNotFound, "NotFound", "record not found")
	}
	return z, i
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request) {
	z, i := s.find(w, r)
	if i < 0 {
		return
	}
	var b map[string]json.RawMessage
	if json.NewDecoder(r.Body).Decode(&b) != nil {
		fail(w, http.StatusBadRequest, "BadRequest", "malformed client data")
		return
	}
	rec := z.Records[i]
	for k, v := range b {
		var str string
		json.Unmarshal(v, &str)
		switch k {
		case "data":
			rec.Data = str
		case "name":
			rec.Name = str
		}
	}
	if !valid(rec.Type, rec.Data) {
		invalid(w, "data")
		return
	}
	z.Records[i] = rec
	s.writes++
	jsonresttest.WriteJSON(w, http.StatusOK, rec)
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request) {
	z, i := s.find(w, r)
	if i < 0 {
		return
	}
	z.Records = slices.Delete(z.Records, i, i+1)
	s.writes++
	w.WriteHeader(http.StatusNoContent)
}
