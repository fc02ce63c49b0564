// Package hetznertest is a fake of the Hetzner Cloud DNS API's RRset
// endpoints, as documented at https://docs.hetzner.cloud/reference/cloud#zone-rrsets
// and https://docs.hetzner.cloud/reference/cloud#errors: "Authorization:
// Bearer <token>"; GET /v1/zones/{zone}/rrsets/{name}/{type} answers
// {"rrset":{…,"records":[{"value","comment"}]}} or 404 not_found; POST
// /v1/zones/{zone}/rrsets creates (201 {"rrset","action"}, 409
// uniqueness_error when it exists); POST …/actions/set_records replaces
// the records (201 {"action"}); GET /v1/zones/actions/{id} shows an
// action. Errors are {"error":{"code","message","details"}}. Actions here
// answer "running" when started and "success" from the first poll on
// (inferred timing; the change itself is applied at once). The 401
// message is inferred.
package hetznertest

import (
	"net/http"
	"net/netip"
	"strconv"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest/jsonresttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Value is one record of an RRset.
type Value struct {
	Value   string `json:"value"`
	Comment string `json:"comment"`
}

// RRset is one stored RRset; TTL nil means the zone's default.
type RRset struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Type    string            `json:"type"`
	TTL     *int              `json:"ttl"`
	Labels  map[string]string `json:"labels"`
	Records []Value           `json:"records"`
	Zone    int               `json:"zone"`
}

type action struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Error  any    `json:"error"`
}

// Server is one project reachable with one token.
type Server struct {
	providertest.Faults
	token   string
	handler http.Handler

	mu      sync.Mutex
	zones   map[string]map[string]*RRset
	actions map[int64]*action
	next    int64
}

// New returns a project for token holding the given zones, empty.
func New(token string, zones ...string) *Server {
	s := &Server{token: token, zones: map[string]map[string]*RRset{}, actions: map[int64]*action{}}
	for _, z := range zones {
		s.zones[z] = map[string]*RRset{}
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// Set stores an RRset.
func (s *Server) Set(zone string, rr RRset) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rr.ID = rr.Name + "/" + rr.Type
	s.zones[zone][rr.ID] = &rr
}

// Get returns a copy of an RRset, or nil.
func (s *Server) Get(zone, name, typ string) *RRset {
	s.mu.Lock()
	defer s.mu.Unlock()
	rr := s.zones[zone][name+"/"+typ]
	if rr == nil {
		return nil
	}
	c := *rr
	c.Records = append([]Value(nil), rr.Records...)
	return &c
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func fail(w http.ResponseWriter, status int, code, msg string) {
	jsonresttest.WriteJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": msg, "details": map[string]any{}}})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token := jsonresttest.Bearer(r)
	if text, ok := s.Echo(token); ok {
		fail(w, http.StatusUnauthorized, "unauthorized", text)
		return
	}
	if token != s.token {
		fail(w, http.StatusUnauthorized, "unauthorized", "unable to authenticate")
		return
	}
	p, _ := jsonresttest.Segments(r.URL.Path, "/v1/zones/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p) == 2 && p[0] == "actions" && r.Method == http.MethodGet {
		id, _ := strconv.ParseInt(p[1], 10, 64)
		a := s.actions[id]
		if a == nil {
			fail(w, http.StatusNotFound, "not_found", "action not found")
			return
		}
		shown := *a
		a.Status = "success" // finished by the next look
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"action": shown})
		return
	}
	if len(p) < 2 || p[1] != "rrsets" || s.zones[p[0]] == nil {
		fail(w, http.StatusNotFound, "not_found", "zone not found")
		return
	}
	zone := s.zones[p[0]]
	switch {
	case len(p) == 2 && r.Method == http.MethodPost:
		var in RRset
		if !jsonresttest.ReadJSON(r, &in) || !valid(in.Type, in.Records) || in.Name == "" {
			fail(w, http.StatusBadRequest, "invalid_input", "invalid input in field 'records'")
			return
		}
		in.ID = in.Name + "/" + in.Type
		if zone[in.ID] != nil {
			fail(w, http.StatusConflict, "uniqueness_error", "rrset already exists")
			return
		}
		zone[in.ID] = &in
		jsonresttest.WriteJSON(w, http.StatusCreated, map[string]any{"rrset": in, "action": s.start()})
	case len(p) == 4 && r.Method == http.MethodGet:
		rr := zone[p[2]+"/"+p[3]]
		if rr == nil {
			fail(w, http.StatusNotFound, "not_found", "rrset not found")
			return
		}
		jsonresttest.WriteJSON(w, http.StatusOK, map[string]any{"rrset": rr})
	case len(p) == 6 && p[4] == "actions" && p[5] == "set_records" && r.Method == http.MethodPost:
		rr := zone[p[2]+"/"+p[3]]
		var in struct {
			Records []Value `json:"records"`
		}
		switch {
		case rr == nil:
			fail(w, http.StatusNotFound, "not_found", "rrset not found")
		case !jsonresttest.ReadJSON(r, &in) || !valid(rr.Type, in.Records):
			fail(w, http.StatusBadRequest, "invalid_input", "invalid input in field 'records'")
		default:
			rr.Records = in.Records
			jsonresttest.WriteJSON(w, http.StatusCreated, map[string]any{"action": s.start()})
		}
	default:
		fail(w, http.StatusNotFound, "not_found", "not found")
	}
}

// start registers a running action and returns how it is shown now.
func (s *Server) start() action {
	s.next++
	a := &action{ID: s.next, Status: "running"}
	s.actions[a.ID] = a
	return *a
}

func valid(typ string, recs []Value) bool {
	if len(recs) == 0 {
		return false
	}
	for _, v := range recs {
		a, err := netip.ParseAddr(v.Value)
		if (typ == "A" || typ == "AAAA") && (err != nil || (typ == "A") != a.Is4()) {
			return false
		}
	}
	return true
}
