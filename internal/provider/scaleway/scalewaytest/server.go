// Package scalewaytest is a fake of the Scaleway Domains and DNS API
// (https://www.scaleway.com/en/developers/api/domains-and-dns/): the
// X-Auth-Token header, GET /domain/v2beta1/dns-zones/{zone}/records with
// the name and type filters (an empty name filters nothing), PATCH of the
// same path with a list of changes ("add" appends records, "set" by id or
// by id_fields replaces every matching record with the ones given), and
// the error bodies of https://www.scaleway.com/en/developers/api/#errors-codes
// ({"message", "type", "resource", "resource_id"}). A record sent without
// a TTL gets 3600 (inferred), so a client that drops the fields of the
// record it replaces is caught.
package scalewaytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is one record as the API shows it.
type Record struct {
	ID       string  `json:"id"`
	Data     string  `json:"data"`
	Name     string  `json:"name"`
	Priority int     `json:"priority"`
	TTL      int     `json:"ttl"`
	Type     string  `json:"type"`
	Comment  *string `json:"comment"`
}

// Server is one Scaleway project reachable with one secret key. Safe for
// concurrent use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler

	mu      sync.Mutex
	zones   map[string][]Record
	nextID  int
	patches int
}

// New returns a project for key holding the given DNS zones, each with
// an NS record at the apex.
func New(key string, zones ...string) *Server {
	s := &Server{key: key, zones: map[string][]Record{}}
	for _, z := range zones {
		s.zones[z] = []Record{{ID: s.newID(), Data: "ns0.dom.scw.cloud.", Name: "", TTL: 1800, Type: "NS"}}
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) newID() string {
	s.nextID++
	return fmt.Sprintf("9b6c1a5e-0000-4000-8000-%012d", s.nextID)
}

// Add stores r in zone.
func (s *Server) Add(zone string, r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.ID = s.newID()
	s.zones[zone] = append(s.zones[zone], r)
}

// Records returns zone's records named name (relative, "" for the apex).
func (s *Server) Records(zone, name string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.zones[zone] {
		if r.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// Published returns the A and AAAA data of name in zone.
func (s *Server) Published(zone, name string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(zone, name) {
		if r.Type == "A" || r.Type == "AAAA" {
			out = append(out, netip.MustParseAddr(r.Data))
		}
	}
	return out
}

// Patches counts the PATCH requests that changed something.
func (s *Server) Patches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.patches
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-Auth-Token")
	if text, ok := s.Echo(key); ok {
		jsonresttest.WriteJSON(w, http.StatusUnauthorized, map[string]string{"message": text, "type": "denied_authentication"})
		return
	}
	if key != s.key {
		jsonresttest.WriteJSON(w, http.StatusUnauthorized, map[string]string{"message": "authentication is denied",
			"method": "api_key", "reason": "invalid_argument", "type": "denied_authentication"})
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/domain/v2beta1/dns-zones/")
	zone, tail, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, known := s.zones[zone]; !ok || tail != "records" || !known {
		jsonresttest.WriteJSON(w, http.StatusNotFound, map[string]string{"message": "resource is not found",
			"resource": "dns_zone", "resource_id": zone, "type": "not_found"})
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.list(w, r, zone)
	case http.MethodPatch:
		s.patch(w, r, zone)
	default:
		jsonresttest.WriteJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "method not allowed", "type": "unknown"})
	}
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, zone string) {
	q := r.URL.Query()
	out := []Record{}
	for _, rec := range s.zones[zone] {
		if (q.Get("name") == "" || rec.Name == q.Get("name")) && (q.Get("type") == "" || rec.Type == q.Get("type")) {
			out = append(out, rec)
		}
	}
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"records": out, "total_count": len(out)})
}

type change struct {
	Add *struct {
		Records []Record `json:"records"`
	} `json:"add"`
	Set *struct {
		ID       *string `json:"id"`
		IDFields *struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"id_fields"`
		Records []Record `json:"records"`
	} `json:"set"`
}

func invalid(w http.ResponseWriter, why string) {
	jsonresttest.WriteJSON(w, http.StatusBadRequest, map[string]any{"message": "invalid argument(s)", "type": "invalid_arguments",
		"details": []map[string]string{{"argument_name": "changes", "reason": "constraint", "help_message": why}}})
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request, zone string) {
	var in struct {
		Changes []change `json:"changes"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Changes) == 0 {
		invalid(w, "no changes")
		return
	}
	recs := append([]Record(nil), s.zones[zone]...)
	var changed []Record
	for _, ch := range in.Changes {
		var add []Record
		switch {
		case ch.Add != nil:
			add = ch.Add.Records
		case ch.Set != nil:
			recs = slices.DeleteFunc(recs, func(rec Record) bool {
				if ch.Set.ID != nil {
					return rec.ID == *ch.Set.ID
				}
				return ch.Set.IDFields != nil && rec.Name == ch.Set.IDFields.Name && rec.Type == ch.Set.IDFields.Type
			})
			add = ch.Set.Records
		default:
			invalid(w, "a change needs add or set")
			return
		}
		for _, rec := range add {
			if a, err := netip.ParseAddr(rec.Data); (rec.Type == "A" || rec.Type == "AAAA") &&
				(err != nil || a.Is4() != (rec.Type == "A")) {
				invalid(w, "record data is invalid for its type")
				return
			}
			if rec.TTL == 0 {
				rec.TTL = 3600
			}
			rec.ID = s.newID()
			recs = append(recs, rec)
			changed = append(changed, rec)
		}
	}
	s.zones[zone] = recs
	s.patches++
	jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"records": changed})
}
