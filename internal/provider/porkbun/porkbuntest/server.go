// Package porkbuntest is a fake of the Porkbun API v3 DNS endpoints, as
// documented at https://porkbun.com/api/json/v3/documentation and
// https://porkbun.com/llms/dns: every call a POST whose JSON body carries
// apikey and secretapikey; retrieveByNameType/{domain}/{type}[/{sub}]
// answers {"status":"SUCCESS","records":[…]} with every field a string and
// name the full name; editByNameType sets content (and ttl, prio, notes)
// on every matching record; create answers {"status":"SUCCESS","id":…};
// delete/{domain}/{id}. Errors are HTTP 400 {"status":"ERROR","message":…}
// with "Invalid API key. (001)" for bad keys. New domains carry the parked
// ALIAS @ and CNAME * records pointing to pixie.porkbun.com (see
// NewParked). Inferred: the texts for an unknown domain ("Invalid domain."),
// for API access switched off, and for a create that conflicts with a
// CNAME or ALIAS.
package porkbuntest

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

// Record is one record as the API shows it.
type Record struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Content string `json:"content"`
	TTL     string `json:"ttl"`
	Prio    string `json:"prio"`
	Notes   string `json:"notes"`
}

// Server is one account reachable with one key pair.
type Server struct {
	providertest.Faults
	key, secret string
	handler     http.Handler

	mu      sync.Mutex
	domains map[string][]Record
	noAPI   map[string]bool
	next    int
}

// New returns an account for the key pair holding the given domains, with
// API access on and no records.
func New(key, secret string, domains ...string) *Server {
	s := &Server{key: key, secret: secret, domains: map[string][]Record{}, noAPI: map[string]bool{}, next: 106926658}
	for _, d := range domains {
		s.domains[d] = []Record{}
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// Park adds the parked-page records a new Porkbun domain carries.
func (s *Server) Park(domain string) {
	s.Add(domain, domain, "ALIAS", "pixie.porkbun.com", "600")
	s.Add(domain, "*."+domain, "CNAME", "pixie.porkbun.com", "600")
}

// NoAPIAccess switches API access off for domain.
func (s *Server) NoAPIAccess(domain string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noAPI[domain] = true
}

// Add stores a record (name is the full name).
func (s *Server) Add(domain, name, typ, content, ttl string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.domains[domain] = append(s.domains[domain], Record{strconv.Itoa(s.next), name, typ, content, ttl, "0", ""})
}

// Find returns the records with the full name and type ("" any).
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

func fail(w http.ResponseWriter, msg string) {
	jsonresttest.WriteJSON(w, http.StatusBadRequest, map[string]string{"status": "ERROR", "message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Key     string  `json:"apikey"`
		Secret  string  `json:"secretapikey"`
		Name    string  `json:"name"`
		Type    string  `json:"type"`
		Content string  `json:"content"`
		TTL     string  `json:"ttl"`
		Prio    *string `json:"prio"`
		Notes   *string `json:"notes"`
	}
	ok := r.Method == http.MethodPost && jsonresttest.ReadJSON(r, &in)
	if text, echo := s.Echo(in.Key); echo {
		fail(w, text)
		return
	}
	if !ok {
		fail(w, "All HTTP request must use POST.")
		return
	}
	if in.Key != s.key || in.Secret != s.secret {
		fail(w, "Invalid API key. (001)")
		return
	}
	p, _ := jsonresttest.Segments(r.URL.Path, "/api/json/v3/dns/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p) < 2 {
		fail(w, "Invalid command.")
		return
	}
	domain := p[1]
	recs, known := s.domains[domain]
	switch {
	case !known:
		fail(w, "Invalid domain.")
		return
	case s.noAPI[domain]:
		fail(w, "Domain is not opted in to API access.")
		return
	}
	name := domain
	if len(p) == 4 {
		name = p[3] + "." + domain
	}
	switch {
	case p[0] == "retrieveByNameType" && len(p) >= 3:
		out := []Record{}
		for _, x := range recs {
			if x.Name == name && x.Type == p[2] {
				out = append(out, x)
			}
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "cloudflare": "enabled", "records": out})
	case p[0] == "editByNameType" && len(p) >= 3:
		if !valid(p[2], in.Content) {
			fail(w, "Invalid content.")
			return
		}
		for i := range recs {
			if recs[i].Name == name && recs[i].Type == p[2] {
				recs[i].Content = in.Content
				if in.TTL != "" {
					recs[i].TTL = in.TTL
				} else {
					recs[i].TTL = "600"
				}
				if in.Notes != nil {
					recs[i].Notes = *in.Notes
				} else {
					recs[i].Notes = ""
				}
			}
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]string{"status": "SUCCESS"})
	case p[0] == "create" && len(p) == 2:
		s.create(w, domain, recs, in.Name, in.Type, in.Content, in.TTL)
	case p[0] == "delete" && len(p) == 3:
		i := slices.IndexFunc(recs, func(x Record) bool { return x.ID == p[2] })
		if i < 0 {
			fail(w, "Invalid record ID.")
			return
		}
		s.domains[domain] = slices.Delete(recs, i, i+1)
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]string{"status": "SUCCESS"})
	default:
		fail(w, "Invalid command.")
	}
}

func (s *Server) create(w http.ResponseWriter, domain string, recs []Record, sub, typ, content, ttl string) {
	name := domain
	if sub != "" {
		name = strings.ToLower(sub) + "." + domain
	}
	if !valid(typ, content) {
		fail(w, "Invalid content.")
		return
	}
	for _, x := range recs {
		if x.Name == name && (x.Type == "CNAME" || x.Type == "ALIAS") {
			fail(w, "Create error: We were unable to create the DNS record.")
			return
		}
	}
	if ttl == "" {
		ttl = "600"
	}
	s.next++
	id := strconv.Itoa(s.next)
	s.domains[domain] = append(recs, Record{id, name, typ, content, ttl, "0", ""})
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "id": s.next})
}

func valid(typ, content string) bool {
	a, err := netip.ParseAddr(content)
	switch typ {
	case "A":
		return err == nil && a.Is4()
	case "AAAA":
		return err == nil && a.Is6()
	}
	return content != ""
}
