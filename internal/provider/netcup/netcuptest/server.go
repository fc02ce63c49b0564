// Package netcuptest is a fake of the netcup CCP DNS API: one endpoint
// (POST /run/webservice/servers/endpoint.php?JSON, body {"action",
// "param"}) with the actions login, logout, infoDnsRecords and
// updateDnsRecords as the endpoint's own documentation lists them
// (https://ccp.netcup.net/run/webservice/servers/endpoint.php), HTTP 200
// whatever the verdict, and the answer envelope (status, statuscode,
// shortmessage, longmessage, responsedata).
//
// The words of its answers are those client projects captured from the
// real service where one did: "Login successful" (qdm12/ddns-updater
// #361), "More than 180 requests per minute ..." for a wrong API key at
// login (nbuchwitz/nc_dnsapi #5), 4001 "The session id is not in a valid
// format." (nc_dnsapi #9), 5028 "... The zone X could not be found."
// (acmesh-official/acme.sh #7188). The answer to a wrong API password,
// 5029 for reading an unknown zone, and resetting a priority an update
// leaves out are inferred.
package netcuptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Record is a DNS record as the API shows it.
type Record struct {
	ID           string `json:"id"`
	Hostname     string `json:"hostname"`
	Type         string `json:"type"`
	Priority     string `json:"priority"`
	Destination  string `json:"destination"`
	DeleteRecord bool   `json:"deleterecord"`
	State        string `json:"state"`
}

// Server is one netcup customer with one API key and password. Safe for
// concurrent use.
type Server struct {
	providertest.Faults

	customer, key, password string
	handler                 http.Handler

	mu       sync.Mutex
	zones    map[string][]Record
	sessions map[string]bool
	nextID   int
	actions  map[string]int
}

// New returns a customer whose zones each hold an MX record at "@".
func New(customer, key, password string, zones ...string) *Server {
	s := &Server{customer: customer, key: key, password: password, zones: map[string][]Record{},
		sessions: map[string]bool{}, actions: map[string]int{}}
	for _, z := range zones {
		s.zones[z] = nil
		s.add(z, Record{Hostname: "@", Type: "MX", Priority: "10", Destination: "mx." + z})
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) add(zone string, r Record) {
	s.nextID++
	r.ID, r.State = fmt.Sprint(s.nextID), "yes"
	s.zones[zone] = append(s.zones[zone], r)
}

// Add stores r in zone.
func (s *Server) Add(zone string, r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(zone, r)
}

// Records returns zone's records for hostname ("@" for the apex).
func (s *Server) Records(zone, hostname string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.zones[zone] {
		if r.Hostname == hostname {
			out = append(out, r)
		}
	}
	return out
}

// Published returns the A and AAAA destinations of hostname in zone.
func (s *Server) Published(zone, hostname string) []netip.Addr {
	var out []netip.Addr
	for _, r := range s.Records(zone, hostname) {
		if r.Type == "A" || r.Type == "AAAA" {
			out = append(out, netip.MustParseAddr(r.Destination))
		}
	}
	return out
}

// Count is how many requests named action.
func (s *Server) Count(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actions[action]
}

// OpenSessions counts sessions not logged out.
func (s *Server) OpenSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

type answer struct {
	ServerRequestID string `json:"serverrequestid"`
	ClientRequestID string `json:"clientrequestid"`
	Action          string `json:"action"`
	Status          string `json:"status"`
	StatusCode      int    `json:"statuscode"`
	ShortMessage    string `json:"shortmessage"`
	LongMessage     string `json:"longmessage"`
	ResponseData    any    `json:"responsedata"`
}

func ok(action, short, long string, data any) answer {
	return answer{"YxTr4EzdbJ101T211zR4yzUEMVE", "", action, "success", 2000, short, long, data}
}

func failed(action string, code int, short, long string) answer {
	return answer{"YxTr4EzdbJ101T211zR4yzUEMVE", "", action, "error", code, short, long, ""}
}

type params struct {
	Customer  string `json:"customernumber"`
	Key       string `json:"apikey"`
	Password  string `json:"apipassword"`
	Session   string `json:"apisessionid"`
	Domain    string `json:"domainname"`
	RecordSet struct {
		Records []json.RawMessage `json:"dnsrecords"`
	} `json:"dnsrecordset"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Action string `json:"action"`
		Param  params `json:"param"`
	}
	var a answer
	if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&in) != nil {
		a = failed("", 4013, "Validation Error.", "Message is empty.")
	} else if text, echo := s.Echo(in.Param.Password); echo {
		a = failed(in.Action, 4013, "Validation Error.", text)
	} else {
		s.mu.Lock()
		s.actions[in.Action]++
		a = s.handle(in.Action, in.Param)
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(a)
}

// handle runs one action; s.mu is held.
func (s *Server) handle(action string, p params) answer {
	if p.Customer != s.customer || p.Key != s.key {
		return failed(action, 4013, "Validation Error.", "More than 180 requests per minute. Please wait and retry later. "+
			"Please contact our customer service to find out if the limitation of requests can be increased.")
	}
	if action == "login" {
		if p.Password != s.password {
			return failed(action, 4013, "Validation Error.", "Invalid API password.") // inferred words
		}
		id := fmt.Sprintf("session-%d", len(s.sessions)+s.nextID*1000+1)
		s.sessions[id] = true
		return ok(action, "Login successful", "Session has been created successful.", map[string]string{"apisessionid": id})
	}
	if !s.sessions[p.Session] {
		return failed(action, 4001, "Api session id in invalid format", "The session id is not in a valid format.")
	}
	switch action {
	case "logout":
		delete(s.sessions, p.Session)
		return ok(action, "Logout successful", "Session has been terminated successful.", nil)
	case "infoDnsRecords":
		recs, known := s.zones[p.Domain]
		if !known {
			return failed(action, 5029, "Can not get DNS records for zone.", "The zone "+p.Domain+" could not be found.")
		}
		return ok(action, "DNS records found", "DNS Records for this zone were found.", map[string]any{"dnsrecords": recs})
	case "updateDnsRecords":
		return s.update(action, p)
	}
	return failed(action, 4013, "Validation Error.", "Unknown action "+action+".")
}

// update changes the records given: with an id, that record (fields left
// out are reset, inferred); without, a new one; deleterecord removes.
func (s *Server) update(action string, p params) answer {
	recs, known := s.zones[p.Domain]
	if !known {
		return failed(action, 5028, "Update of DNS records failed",
			"Can not update (all) DNS records for zone. The zone "+p.Domain+" could not be found.")
	}
	for _, raw := range p.RecordSet.Records {
		var in Record
		json.Unmarshal(raw, &in)
		if a, err := netip.ParseAddr(in.Destination); (in.Type == "A" || in.Type == "AAAA") &&
			(err != nil || a.Is4() != (in.Type == "A")) || strings.TrimSpace(in.Hostname) == "" {
			return failed(action, 4013, "Validation Error.", "Invalid value in field destination.")
		}
		if in.State == "" {
			in.State = "yes"
		}
		if in.ID == "" {
			s.add(p.Domain, in)
			continue
		}
		for i, old := range recs {
			if old.ID != in.ID {
				continue
			}
			if in.DeleteRecord {
				recs = append(recs[:i], recs[i+1:]...)
			} else {
				recs[i] = in
			}
			break
		}
		s.zones[p.Domain] = recs
	}
	return ok(action, "DNS records successful updated", "The given DNS records for this zone were updated.",
		map[string]any{"dnsrecords": s.zones[p.Domain]})
}
