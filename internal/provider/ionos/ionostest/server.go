// Package ionostest is a fake of the IONOS DNS API
// (https://developer.hosting.ionos.com/docs/dns, the OpenAPI document
// https://developer.hosting.ionos.com/api/dns/v1/openapi.yaml behind it):
// the X-API-Key header (prefix.secret), GET /dns/v1/zones, GET
// /dns/v1/zones/{id} with the suffix, recordName and recordType filters,
// POST /dns/v1/zones/{id}/records with a list of new records (201), PUT
// /dns/v1/zones/{id}/records/{recordId} with the record's settable part
// (content, ttl, prio, disabled; 200), and error answers as a JSON list of
// {code, message}. The exact error messages are inferred (the document
// gives the codes); so is that a PUT without ttl, prio or disabled resets
// them to their defaults (3600, 0, false), which the fake does so that a
// client dropping them is caught.
package ionostest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one record as the API shows it.
type Record struct {
	Name     string `json:"name"`
	RootName string `json:"rootName"`
	Type     string `json:"type"`
	Content  string `json:"content"`
	TTL      int    `json:"ttl"`
	Prio     int    `json:"prio"`
	Disabled bool   `json:"disabled"`
	ID       string `json:"id"`
}

// Server is one IONOS account with one API key. Safe for concurrent use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler

	mu      sync.Mutex
	zones   map[string]string // id -> name
	records []Record
	nextID  int
}

// New returns an account for key holding zones, each with an MX record at
// the apex.
func New(key string, zones ...string) *Server {
	s := &Server{key: key, zones: map[string]string{}}
	for i, z := range zones {
		id := fmt.Sprintf("11af3414-ebba-11e9-8df5-%012d", i)
		s.zones[id] = z
		s.records = append(s.records, Record{Name: z, RootName: z, Type: "MX", Content: "mx00.ionos.de", TTL: 3600, Prio: 10,
			ID: s.newID()})
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) newID() string {
	s.nextID++
	return fmt.Sprintf("22af3414-abbe-9e11-5df5-%012d", s.nextID)
}

// Add stores a record in the zone that holds name.
func (s *Server) Add(r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, z := range s.zones {
		if r.Name == z || strings.HasSuffix(r.Name, "."+z) {
			r.RootName = z
		}
	}
	r.ID = s.newID()
	s.records = append(s.records, r)
}

// Records returns the records named name (any type).
func (s *Server) Records(name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.records {
		if strings.EqualFold(r.Name, name) {
			out = append(out, r)
		}
	}
	return out
}

// Published returns the A and AAAA contents of name.
func (s *Server) Published(name string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(name) {
		if r.Type == "A" || r.Type == "AAAA" {
			out = append(out, netip.MustParseAddr(r.Content))
		}
	}
	return out
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	jsonresttest.WriteJSON(w, status, []apiError{{code, msg}})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-API-Key")
	if text, ok := s.Echo(key); ok {
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", text)
		return
	}
	if key != s.key {
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "The customer is not authorized to do this operation.")
		return
	}
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/dns/v1"), "/"), "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && len(parts) == 1 && parts[0] == "zones":
		s.listZones(w)
	case parts[0] != "zones" || len(parts) < 2:
		fail(w, http.StatusNotFound, "NOT_FOUND", "Resource not found.")
	case s.zones[parts[1]] == "":
		fail(w, http.StatusNotFound, "ZONE_NOT_FOUND", "Zone not found.")
	case r.Method == http.MethodGet && len(parts) == 2:
		s.getZone(w, r, parts[1])
	case r.Method == http.MethodPost && len(parts) == 3 && parts[2] == "records":
		s.create(w, r, parts[1])
	case r.Method == http.MethodPut && len(parts) == 4 && parts[2] == "records":
		s.put(w, r, parts[1], parts[3])
	default:
		fail(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Method not allowed.")
	}
}

func (s *Server) listZones(w http.ResponseWriter) {
	type zone struct {
		Name string `json:"name"`
		ID   string `json:"id"`
		Type string `json:"type"`
	}
	out := []zone{}
	for id, name := range s.zones {
		out = append(out, zone{name, id, "NATIVE"})
	}
	jsonresttest.WriteJSON(w, http.StatusOK, out)
}

// getZone applies the documented filters: suffix (the name ends with
// it), recordName (exact) and recordType.
func (s *Server) getZone(w http.ResponseWriter, r *http.Request, id string) {
	q := r.URL.Query()
	out := []Record{}
	for _, rec := range s.records {
		switch {
		case rec.RootName != s.zones[id]:
		case q.Get("suffix") != "" && !strings.HasSuffix(rec.Name, q.Get("suffix")):
		case q.Get("recordName") != "" && rec.Name != q.Get("recordName"):
		case q.Get("recordType") != "" && !strings.Contains(","+q.Get("recordType")+",", ","+rec.Type+","):
		default:
			out = append(out, rec)
		}
	}
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"name": s.zones[id], "id": id, "type": "NATIVE", "records": out})
}

// valid checks a record's content for its type.
func valid(typ, content string) bool {
	a, err := netip.ParseAddr(content)
	return err == nil && (typ == "A") == a.Is4() && a.String() == content
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, zone string) {
	var in []Record
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in) == 0 {
		fail(w, http.StatusBadRequest, "INVALID_REQUEST", "The request body is not a list of records.")
		return
	}
	var made []Record
	for _, rec := range in {
		name := s.zones[zone]
		if (rec.Name != name && !strings.HasSuffix(rec.Name, "."+name)) || !valid(rec.Type, rec.Content) {
			fail(w, http.StatusBadRequest, "INVALID_RECORD", "Record is invalid.")
			return
		}
		if rec.TTL == 0 {
			rec.TTL = 3600
		}
		rec.RootName, rec.ID = name, s.newID()
		made = append(made, rec)
	}
	s.records = append(s.records, made...)
	jsonresttest.WriteJSON(w, http.StatusCreated, made)
}

func (s *Server) put(w http.ResponseWriter, r *http.Request, zone, id string) {
	var in struct {
		Content  string `json:"content"`
		TTL      *int   `json:"ttl"`
		Prio     *int   `json:"prio"`
		Disabled *bool  `json:"disabled"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "INVALID_REQUEST", "The request body is not a record.")
		return
	}
	for i, rec := range s.records {
		if rec.ID != id || rec.RootName != s.zones[zone] {
			continue
		}
		if !valid(rec.Type, in.Content) {
			fail(w, http.StatusBadRequest, "INVALID_RECORD", "Record is invalid.")
			return
		}
		rec.Content, rec.TTL, rec.Prio, rec.Disabled = in.Content, 3600, 0, false
		if in.TTL != nil {
			rec.TTL = *in.TTL
		}
		if in.Prio != nil {
			rec.Prio = *in.Prio
		}
		if in.Disabled != nil {
			rec.Disabled = *in.Disabled
		}
		s.records[i] = rec
		jsonresttest.WriteJSON(w, http.StatusOK, rec)
		return
	}
	fail(w, http.StatusNotFound, "RECORD_NOT_FOUND", "Record not found.")
}
