// Package namesilotest is a fake of the NameSilo API's DNS operations, as
// documented at https://www.namesilo.com/api-reference: GET
// /api/{operation} and /apibatch/{operation} with version, type=json, key
// and the operation's parameters (dnsListRecords; dnsAddRecord with
// rrtype, rrhost relative to the domain, rrvalue, rrttl; dnsUpdateRecord
// with rrid, which answers the record's new record_id; dnsDeleteRecord),
// HTTP 200 whatever the verdict, and the reply codes of the Response Codes
// table (300 success, 110 invalid key, 200 domain not in the account, 280
// DNS modification error). Inferred: the detail words beyond those codes'
// names, that resource_record is one object (not a list) when the domain
// has one record, and that code is sometimes a string.
package namesilotest

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

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one stored record; Host is the full name.
type Record struct {
	ID    string `json:"record_id"`
	Type  string `json:"type"`
	Host  string `json:"host"`
	Value string `json:"value"`
	TTL   int    `json:"ttl"`
}

// Server is one NameSilo account with one API key. Safe for concurrent use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler

	mu      sync.Mutex
	domains map[string][]Record
	next    int
	writes  int
}

// New returns an account for key holding domains, with no records.
func New(key string, domains ...string) *Server {
	s := &Server{key: key, domains: map[string][]Record{}}
	for _, d := range domains {
		s.domains[d] = nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/{op}", s.serve)
	mux.HandleFunc("GET /apibatch/{op}", s.serve)
	s.handler = s.Faults.Wrap(mux)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) id() string {
	s.next++
	return fmt.Sprintf("%032x", s.next*7919)
}

// Add stores a record for test setup.
func (s *Server) Add(domain string, r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.ID = s.id()
	s.domains[domain] = append(s.domains[domain], r)
}

// Records returns the records of the full name host.
func (s *Server) Records(domain, host string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.domains[domain] {
		if r.Host == host {
			out = append(out, r)
		}
	}
	return out
}

// Addrs returns the A and AAAA addresses of the full name host.
func (s *Server) Addrs(domain, host string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(domain, host) {
		if r.Type == "A" || r.Type == "AAAA" {
			out = append(out, netip.MustParseAddr(r.Value))
		}
	}
	return out
}

// Except describes every record of domain but host's A and AAAA.
func (s *Server) Except(domain, host string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.domains[domain] {
		if r.Host != host || (r.Type != "A" && r.Type != "AAAA") {
			out = append(out, fmt.Sprint(r))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Writes counts add, update and delete operations that succeeded.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	op := r.PathValue("op")
	var reply map[string]any
	if text, echo := s.Echo(q.Get("key")); echo {
		reply = map[string]any{"code": 110, "detail": text}
	} else {
		s.mu.Lock()
		reply = s.handle(op, q)
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"request": map[string]string{"operation": op, "ip": "203.0.113.1"},
		"reply":   reply,
	})
}

func failed(code int, detail string) map[string]any {
	return map[string]any{"code": code, "detail": detail}
}

// handle runs one operation; s.mu is held.
func (s *Server) handle(op string, q map[string][]string) map[string]any {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	switch {
	case get("version") != "1":
		return failed(103, "Invalid API version")
	case get("key") == "":
		return failed(109, "No API key specified")
	case get("key") != s.key:
		return failed(110, "Invalid API Key")
	}
	domain := get("domain")
	recs, ok := s.domains[domain]
	if !ok {
		return failed(200, "Domain is not active, or does not belong to this user")
	}
	switch op {
	case "dnsListRecords":
		reply := map[string]any{"code": 300, "detail": "success"}
		switch len(recs) {
		case 0:
		case 1:
			reply["resource_record"] = recs[0]
		default:
			reply["resource_record"] = recs
		}
		return reply
	case "dnsAddRecord", "dnsUpdateRecord":
		return s.write(op, domain, get)
	case "dnsDeleteRecord":
		i := slices.IndexFunc(recs, func(r Record) bool { return r.ID == get("rrid") })
		if i < 0 {
			return failed(280, "DNS modification error: record not found")
		}
		s.domains[domain] = slices.Delete(recs, i, i+1)
		s.writes++
		return map[string]any{"code": "300", "detail": "success"}
	}
	return failed(107, "Invalid API operation")
}

func (s *Server) write(op, domain string, get func(string) string) map[string]any {
	host := domain
	if h := get("rrhost"); h != "" {
		host = h + "." + domain
	}
	ttl := 7207
	if v := get("rrttl"); v != "" {
		ttl, _ = strconv.Atoi(v)
	}
	recs := s.domains[domain]
	i := -1
	typ := get("rrtype")
	if op == "dnsUpdateRecord" {
		if i = slices.IndexFunc(recs, func(r Record) bool { return r.ID == get("rrid") }); i < 0 {
			return failed(280, "DNS modification error: record not found")
		}
		typ = recs[i].Type
	}
	a, err := netip.ParseAddr(get("rrvalue"))
	if (typ == "A" || typ == "AAAA") && (err != nil || a.Is4() != (typ == "A")) || ttl < 3600 {
		return failed(280, "DNS modification error: invalid value or TTL")
	}
	rec := Record{ID: s.id(), Type: typ, Host: host, Value: get("rrvalue"), TTL: ttl}
	if i >= 0 {
		recs[i] = rec // an update gives the record a new id
	} else {
		s.domains[domain] = append(recs, rec)
	}
	s.writes++
	return map[string]any{"code": 300, "detail": "success", "record_id": rec.ID}
}
