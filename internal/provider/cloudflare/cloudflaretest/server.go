// Package cloudflaretest is a fake of the Cloudflare API v4 for the calls
// ddns makes, answering as these pages document:
//
//   - list zones, GET /zones?name= (exact match; status active, pending,
//     deleted...): https://developers.cloudflare.com/api/resources/zones/methods/list/
//   - list DNS records, GET /zones/{id}/dns_records?type=&name=:
//     https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/
//   - create, POST /zones/{id}/dns_records:
//     https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/create/
//   - patch, PATCH /zones/{id}/dns_records/{record}, fields left out are
//     kept: https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/edit/
//   - the envelope {success, errors[{code, message, error_chain}],
//     messages, result}: https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/
//   - TTL 1 (automatic) or 60-86400:
//     https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/
//
// Error codes and their wording (1000, 6003 with 6111, 7000/7003, 9005,
// 9021, 9109, 10000, 81058) are the ones client projects captured from the
// real API. Inferred, as no page says it: an unknown token gets HTTP 401
// with 9109; a token without the DNS permission gets 403 with 10000; a
// token without access to a zone sees it absent from /zones (empty
// result, not an error); 9005, 81044 and 81054's exact wording; names are
// matched without regard to case and stored in lower case.
package cloudflaretest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Prefix is the path of API v4 on the server; DDNS_SERVER is URL+Prefix.
const Prefix = "/client/v4"

// Record is one DNS record as the fake stores it.
type Record struct {
	ID, Zone, Name, Type, Content string
	TTL                           int
	Proxied                       bool
	Comment                       string
}

// Zone is one zone of the account.
type Zone struct {
	ID, Name, Status string
}

// Server is one Cloudflare account. Safe for concurrent use.
type Server struct {
	providertest.Faults

	handler http.Handler

	mu      sync.Mutex
	tokens  map[string]bool // token -> may edit DNS (every token may read zones)
	zones   []Zone
	records []Record
	calls   map[string]int
	nextID  int
}

// New returns an account whose token may read zones and edit DNS, holding
// the given zones (active), with no records.
func New(token string, zones ...string) *Server {
	s := &Server{tokens: map[string]bool{token: true}, calls: map[string]int{}}
	for _, z := range zones {
		s.AddZone(z, "active")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"/zones", s.listZones)
	mux.HandleFunc("GET "+Prefix+"/zones/{zone}/dns_records", s.listRecords)
	mux.HandleFunc("POST "+Prefix+"/zones/{zone}/dns_records", s.create)
	mux.HandleFunc("PATCH "+Prefix+"/zones/{zone}/dns_records/{id}", s.patch)
	s.handler = s.Faults.Wrap(s.authorize(mux))
	return s
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// AddToken lets token read zones, and edit DNS when dnsEdit.
func (s *Server) AddToken(token string, dnsEdit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = dnsEdit
}

// AddZone adds a zone with status (active, pending, deleted...) and
// returns its id. A deleted zone gets a new id, as a re-added zone does.
func (s *Server) AddZone(name, status string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d", name, len(s.zones)))
	id := hex.EncodeToString(sum[:16])
	s.zones = append(s.zones, Zone{ID: id, Name: strings.ToLower(name), Status: status})
	return id
}

// AddRecord stores r (ID and Zone are filled in from r.Name) and returns
// its id.
func (s *Server) AddRecord(r Record) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zoneOf(r.Name)
	if !ok {
		panic("cloudflaretest: no zone for " + r.Name)
	}
	r.Zone, r.Name, r.Type = z.ID, strings.ToLower(r.Name), strings.ToUpper(r.Type)
	return s.store(r)
}

// Records returns every record of fqdn and typ, in creation order.
func (s *Server) Records(fqdn, typ string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.match("", fqdn, typ)
}

// Calls counts requests by kind: "zones", "list", "create", "patch".
func (s *Server) Calls(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[kind]
}

// reply writes the documented envelope.
func reply(w http.ResponseWriter, status int, result any, errs ...apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"success": len(errs) == 0, "errors": errs, "messages": []any{}, "result": result}
	if errs == nil {
		body["errors"] = []apiError{}
	}
	if list, ok := result.([]any); ok {
		body["result_info"] = map[string]int{"page": 1, "per_page": 100, "count": len(list), "total_count": len(list), "total_pages": 1}
	}
	json.NewEncoder(w).Encode(body)
}

type apiError struct {
	Code    int        `json:"code"`
	Message string     `json:"message"`
	Chain   []apiError `json:"error_chain,omitempty"`
}

func fail(w http.ResponseWriter, status, code int, msg string) {
	reply(w, status, nil, apiError{Code: code, Message: msg})
}

// token68 is RFC 9110's syntax for a bearer credential.
func token68(s string) bool {
	t := strings.TrimRight(s, "=")
	return t != "" && !strings.ContainsFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/", r))
	})
}

// authorize checks the Authorization header, then routes.
func (s *Server) authorize(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, bearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if text, ok := s.Echo(token); ok {
			fail(w, http.StatusBadRequest, 1000, text)
			return
		}
		switch {
		case !bearer:
			fail(w, http.StatusBadRequest, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers")
			return
		case !token68(token):
			reply(w, http.StatusBadRequest, nil, apiError{Code: 6003, Message: "Invalid request headers",
				Chain: []apiError{{Code: 6111, Message: "Invalid format for Authorization header"}}})
			return
		}
		s.mu.Lock()
		_, known := s.tokens[token]
		s.mu.Unlock()
		if !known {
			fail(w, http.StatusUnauthorized, 9109, "Invalid access token")
			return
		}
		if _, pattern := mux.Handler(r); pattern == "" {
			reply(w, http.StatusBadRequest, nil, apiError{Code: 7000, Message: "No route for that URI"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) count(kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[kind]++
}

// canEdit reports whether r's token holds Zone:DNS:Edit.
func (s *Server) canEdit(r *http.Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) {
	s.count("zones")
	name := strings.ToLower(r.URL.Query().Get("name"))
	s.mu.Lock()
	out := []any{}
	for _, z := range s.zones {
		if name == "" || z.Name == name {
			out = append(out, map[string]any{"id": z.ID, "name": z.Name, "status": z.Status,
				"account": map[string]string{"id": "01a7362d577a6c3019a474fd6f485823"}})
		}
	}
	s.mu.Unlock()
	reply(w, http.StatusOK, out)
}

// zoneByID finds a live zone, or answers the documented routing error.
func (s *Server) zoneByID(w http.ResponseWriter, r *http.Request) (Zone, bool) {
	id := r.PathValue("zone")
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.zones, func(z Zone) bool { return z.ID == id && z.Status != "deleted" })
	if i < 0 {
		reply(w, http.StatusBadRequest, nil, apiError{Code: 7003,
			Message: "Could not route to /zones/" + id + "/dns_records, perhaps your object identifier is invalid?"},
			apiError{Code: 7000, Message: "No route for that URI"})
		return Zone{}, false
	}
	return s.zones[i], true
}

func (s *Server) listRecords(w http.ResponseWriter, r *http.Request) {
	s.count("list")
	z, ok := s.zoneByID(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	out := []any{}
	for _, rec := range s.match(z.ID, q.Get("name"), q.Get("type")) {
		out = append(out, view(rec, z))
	}
	s.mu.Unlock()
	reply(w, http.StatusOK, out)
}

// view is a record as the API returns it.
func view(r Record, z Zone) map[string]any {
	return map[string]any{"id": r.ID, "zone_id": z.ID, "zone_name": z.Name, "name": r.Name, "type": r.Type,
		"content": r.Content, "proxiable": true, "proxied": r.Proxied, "ttl": r.TTL, "comment": r.Comment,
		"tags": []string{}, "meta": map[string]any{}, "settings": map[string]any{},
		"created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z"}
}
