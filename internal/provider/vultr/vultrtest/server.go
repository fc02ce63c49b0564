// Package vultrtest is a fake of the Vultr API v2 DNS record endpoints, as
// documented at https://www.vultr.com/api/#tag/dns: GET (with per_page, at
// most 500, and a cursor in meta.links.next), POST (201 and {"record":
// ...}), PATCH (204, partial: only the fields sent change) and DELETE
// (204) under /v2/domains/{dns-domain}/records, Bearer API keys, and errors
// as {"error": "...", "status": N}. Inferred: the exact error words, the
// cursor's form (any opaque string does), and that a bad address is a 400.
package vultrtest

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
	ID       string `json:"id"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Data     string `json:"data"`
	Priority int    `json:"priority"`
	TTL      int    `json:"ttl"`
}

// Server is one Vultr account with one API key. Safe for concurrent use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler

	mu      sync.Mutex
	domains map[string][]Record
	next    int
	page    int // largest page served
	writes  int
}

// New returns an account for key with the given domains, empty.
func New(key string, domains ...string) *Server {
	s := &Server{key: key, domains: map[string][]Record{}, page: 500}
	for _, d := range domains {
		s.domains[d] = nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/domains/{domain}/records", s.list)
	mux.HandleFunc("POST /v2/domains/{domain}/records", s.create)
	mux.HandleFunc("PATCH /v2/domains/{domain}/records/{id}", s.patch)
	mux.HandleFunc("DELETE /v2/domains/{domain}/records/{id}", s.remove)
	s.handler = s.Faults.Wrap(mux)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Add stores a record for test setup and returns its id.
func (s *Server) Add(domain string, r Record) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	r.ID = fmt.Sprintf("cb676a46-66fd-4dfb-b839-%012d", s.next)
	s.domains[domain] = append(s.domains[domain], r)
	return r.ID
}

// Records returns the records of domain named name ("" the apex).
func (s *Server) Records(domain, name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.domains[domain] {
		if r.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// Addrs returns the A and AAAA addresses of name.
func (s *Server) Addrs(domain, name string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(domain, name) {
		if r.Type == "A" || r.Type == "AAAA" {
			out = append(out, netip.MustParseAddr(r.Data))
		}
	}
	return out
}

// Except describes every record of domain but name's A and AAAA.
func (s *Server) Except(domain, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.domains[domain] {
		if r.Name != name || (r.Type != "A" && r.Type != "AAAA") {
			out = append(out, fmt.Sprint(r))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// SetPageSize caps the page size, to make the client follow cursors.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.page = n
}

// Writes counts POST, PATCH and DELETE requests that changed something.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func fail(w http.ResponseWriter, status int, msg string) {
	jsonresttest.WriteJSON(w, status, map[string]any{"error": msg, "status": status})
}

// open checks the key and the domain; s.mu is held on true.
func (s *Server) open(w http.ResponseWriter, r *http.Request) bool {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if text, echo := s.Echo(token); echo {
		fail(w, http.StatusUnauthorized, text)
		return false
	}
	if token != s.key {
		fail(w, http.StatusUnauthorized, "Invalid API token.")
		return false
	}
	s.mu.Lock()
	if _, ok := s.domains[r.PathValue("domain")]; !ok {
		s.mu.Unlock()
		fail(w, http.StatusNotFound, "Invalid domain.")
		return false
	}
	return true
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	if !s.open(w, r) {
		return
	}
	defer s.mu.Unlock()
	all := s.domains[r.PathValue("domain")]
	per, err := strconv.Atoi(r.URL.Query().Get("per_page"))
	if err != nil || per < 1 {
		per = 100
	}
	per = min(per, 500, s.page)
	from, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	from = min(max(from, 0), len(all))
	to := min(from+per, len(all))
	next := ""
	if to < len(all) {
		next = strconv.Itoa(to)
	}
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"records": append([]Record{}, all[from:to]...),
		"meta": map[string]any{"total": len(all), "links": map[string]string{"next": next, "prev": ""}}})
}

type body struct {
	Type *string `json:"type"`
	Name *string `json:"name"`
	Data *string `json:"data"`
	TTL  *int    `json:"ttl"`
}

func valid(typ, data string) bool {
	a, err := netip.ParseAddr(data)
	return typ != "A" && typ != "AAAA" || err == nil && (typ == "A") == a.Is4()
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	if !s.open(w, r) {
		return
	}
	defer s.mu.Unlock()
	var b body
	if json.NewDecoder(r.Body).Decode(&b) != nil || b.Type == nil || b.Name == nil || b.Data == nil || !valid(*b.Type, *b.Data) {
		fail(w, http.StatusBadRequest, "Invalid record data.")
		return
	}
	rec := Record{Type: *b.Type, Name: *b.Name, Data: *b.Data, TTL: 300}
	if b.TTL != nil {
		rec.TTL = *b.TTL
	}
	s.next++
	s.writes++
	rec.ID = fmt.Sprintf("cb676a46-66fd-4dfb-b839-%012d", s.next)
	d := r.PathValue("domain")
	s.domains[d] = append(s.domains[d], rec)
	jsonresttest.WriteJSON(w, http.StatusCreated, map[string]any{"record": rec})
}

func (s *Server) find(w http.ResponseWriter, r *http.Request) int {
	i := slices.IndexFunc(s.domains[r.PathValue("domain")], func(rec Record) bool { return rec.ID == r.PathValue("id") })
	if i < 0 {
		fail(w, http.StatusNotFound, "Invalid record.")
	}
	return i
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request) {
	if !s.open(w, r) {
		return
	}
	defer s.mu.Unlock()
	i := s.find(w, r)
	if i < 0 {
		return
	}
	recs := s.domains[r.PathValue("domain")]
	var b body
	if json.NewDecoder(r.Body).Decode(&b) != nil || (b.Data != nil && !valid(recs[i].Type, *b.Data)) {
		fail(w, http.StatusBadRequest, "Invalid record data.")
		return
	}
	if b.Data != nil {
		recs[i].Data = *b.Data
	}
	if b.Name != nil {
		recs[i].Name = *b.Name
	}
	if b.TTL != nil {
		recs[i].TTL = *b.TTL
	}
	s.writes++
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request) {
	if !s.open(w, r) {
		return
	}
	defer s.mu.Unlock()
	if i := s.find(w, r); i >= 0 {
		d := r.PathValue("domain")
		s.domains[d] = slices.Delete(s.domains[d], i, i+1)
		s.writes++
		w.WriteHeader(http.StatusNoContent)
	}
}
