// Package dreamhosttest is a fake of the DreamHost API for the dns-*
// commands, as documented at
// https://help.dreamhost.com/hc/en-us/articles/217555707-DNS-API-commands
// and https://help.dreamhost.com/hc/en-us/articles/217560167-API-overview:
// one endpoint, parameters from a GET query or a POST form (the old wiki,
// https://wiki.dreamhost.com/Application_programming_interface, says "GET
// or POST"), HTTP 200 whatever the verdict, the documented data words,
// unique_id remembered per key and refused when reused after a success,
// and a record store where several values may share a name. Words no
// public page documents are marked "unverified" or "inferred" where they
// are used.
//
// It also remembers the worst moment of every name (MinValues) so tests can
// prove an update never left a name without an address.
package dreamhosttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Server is one DreamHost account reachable with one API key. Safe for
// concurrent use.
type Server struct {
	providertest.Faults

	key     string
	handler http.Handler // s.serve behind s.Faults

	mu       sync.Mutex
	zones    []string
	records  []entry
	minimum  map[string]int  // name|TYPE -> fewest values since first set
	used     map[string]bool // unique_ids that succeeded (the single key's scope)
	requests int
	cmds     map[string]int
	slowDown bool
}

// reply is the format=json envelope.
type reply struct {
	Result string `json:"result"`
	Data   any    `json:"data"`
	Reason string `json:"reason,omitempty"`
}

func failed(word string) reply { return reply{Result: "error", Data: word} }

// New returns an account for key hosting the given zones, with no records.
func New(key string, zones ...string) *Server {
	s := &Server{
		key:     key,
		zones:   zones,
		minimum: map[string]int{},
		used:    map[string]bool{},
		cmds:    map[string]int{},
	}
	s.handler = s.Faults.Wrap(http.HandlerFunc(s.serve))
	return s
}

// NewSample returns an account with the documentation's mix: two zones, a
// DreamHost-managed (non-editable) A and MX at example.com, and editable
// records in example.org.
func NewSample(key string) *Server {
	s := New(key, "example.com", "example.org")
	for _, r := range []struct {
		name, typ, value string
		editable         bool
	}{
		{"example.com", "A", "69.163.136.138", false},
		{"example.com", "MX", "0 mx1.example.com.", false},
		{"www.example.org", "CNAME", "example.org.", true},
		{"example.org", "TXT", "v=spf1 -all", true},
	} {
		if err := s.AddRecord(r.name, r.typ, r.value, r.editable); err != nil {
			panic(err) // the table above is fixed
		}
	}
	return s
}

// Handler returns s as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Requests counts every request received.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// CountCmd counts requests that named cmd, whatever their outcome.
func (s *Server) CountCmd(cmd string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmds[cmd]
}

// SetSlowDown makes every command answer slow_down_bucko (rate limited).
func (s *Server) SetSlowDown(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slowDown = on
}

// ServeHTTP applies the injected faults, then answers as the service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	s.handler.ServeHTTP(w, r)
}

// serve answers GET and POST alike; parameters come from the query or a
// POST form ("GET or POST", old wiki).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		providertest.WriteHTML(w, http.StatusBadRequest)
		return
	}
	if text, ok := s.Echo(r.Form.Get("key")); ok {
		// The documented shape of an error with details: a data word, a
		// tab, the details. DreamHost's own words never quote the key; a
		// server that does is what Faults.Echo stands for.
		write(w, r.Form.Get("format"), failed("invalid_value\t"+text))
		return
	}
	s.mu.Lock()
	s.cmds[r.Form.Get("cmd")]++
	rep := s.handle(r.Form)
	s.mu.Unlock()
	write(w, r.Form.Get("format"), rep)
}

// handle runs one call; s.mu is held.
func (s *Server) handle(form map[string][]string) reply {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	switch key := get("key"); {
	case key == "":
		return failed("no_key")
	case key != s.key:
		return reply{Result: "error", Data: "invalid_api_key", Reason: "The API key you provided does not exist."}
	}
	if s.slowDown {
		return failed("slow_down_bucko\tToo many dns commands in the last 10 minutes")
	}
	id := get("unique_id")
	if id != "" && s.used[id] {
		return failed("unique_id_already_used")
	}
	rep := s.command(get("cmd"), get, form)
	if rep.Result == "success" && id != "" {
		s.used[id] = true // only a successful call uses up an id
	}
	return rep
}

func (s *Server) command(cmd string, get func(string) string, form map[string][]string) reply {
	switch cmd {
	case "":
		return failed("no_cmd") // unverified word
	case "dns-list_records":
		return reply{Result: "success", Data: s.list()}
	case "dns-add_record", "dns-remove_record":
		for _, k := range []string{"record", "type", "value"} {
			if _, ok := form[k]; !ok {
				return failed("no_" + k)
			}
		}
		if cmd == "dns-add_record" {
			return s.add(get("record"), get("type"), get("value"))
		}
		return s.remove(get("record"), get("type"), get("value"))
	}
	return failed("invalid_cmd") // unverified word
}

// write answers HTTP 200 in the asked format: json, or the default tab
// format (result line, then data) for anything else.
func write(w http.ResponseWriter, format string, rep reply) {
	if format == "json" {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		json.NewEncoder(w).Encode(rep)
		return
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintln(w, rep.Result)
	switch data := rep.Data.(type) {
	case string:
		fmt.Fprintln(w, data)
	case []listed:
		fmt.Fprintln(w, "account_id\tzone\trecord\ttype\tvalue\tcomment\teditable")
		for _, r := range data {
			fmt.Fprintln(w, strings.Join([]string{r.AccountID, r.Zone, r.Record, r.Type, r.Value, r.Comment, r.Editable}, "\t"))
		}
	}
}
