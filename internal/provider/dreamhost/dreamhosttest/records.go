package dreamhosttest

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// entry is one stored record. Names are kept lower case and types upper
// case: DreamHost values are case-insensitive.
type entry struct {
	zone, name, typ, value string
	editable               bool
}

// listed is one row of dns-list_records; every field is a string, as the
// API sends them.
type listed struct {
	AccountID string `json:"account_id"`
	Zone      string `json:"zone"`
	Record    string `json:"record"`
	Type      string `json:"type"`
	Value     string `json:"value"`
	Comment   string `json:"comment"`
	Editable  string `json:"editable"`
}

// addTypes are the types dns-add_record accepts (help page 217555707).
var addTypes = []string{"A", "CNAME", "NS", "PTR", "NAPTR", "SRV", "TXT", "AAAA"}

// AddRecord stores a record for test setup, as if the account already had
// it; editable false is a DreamHost-managed record.
func (s *Server) AddRecord(fqdn, typ, value string, editable bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	zone, ok := s.zoneOf(fqdn)
	if !ok {
		return fmt.Errorf("dreamhosttest: no zone for %q", fqdn)
	}
	s.store(entry{zone, strings.ToLower(fqdn), strings.ToUpper(typ), value, editable})
	return nil
}

// Values returns the values served for fqdn and typ, in insertion order.
func (s *Server) Values(fqdn, typ string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.match(fqdn, typ) {
		out = append(out, e.value)
	}
	return out
}

// MinValues is the fewest values fqdn/typ had at any moment after it first
// got one; 0 means it was emptied (or never set).
func (s *Server) MinValues(fqdn, typ string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minimum[track(fqdn, typ)]
}

func track(fqdn, typ string) string { return strings.ToLower(fqdn) + "|" + strings.ToUpper(typ) }

func (s *Server) zoneOf(fqdn string) (string, bool) {
	fqdn = strings.ToLower(fqdn)
	best := ""
	for _, z := range s.zones {
		z = strings.ToLower(z)
		if (fqdn == z || strings.HasSuffix(fqdn, "."+z)) && len(z) > len(best) {
			best = z
		}
	}
	return best, best != ""
}

func (s *Server) match(fqdn, typ string) []entry {
	var out []entry
	for _, e := range s.records {
		if e.name == strings.ToLower(fqdn) && e.typ == strings.ToUpper(typ) {
			out = append(out, e)
		}
	}
	return out
}

// store adds e and updates the worst moment of its name.
func (s *Server) store(e entry) {
	s.records = append(s.records, e)
	s.note(e.name, e.typ)
}

func (s *Server) note(fqdn, typ string) {
	n, k := len(s.match(fqdn, typ)), track(fqdn, typ)
	if prev, seen := s.minimum[k]; (!seen && n > 0) || (seen && n < prev) {
		s.minimum[k] = n
	}
}

func (s *Server) list() []listed {
	out := []listed{}
	for _, e := range s.records {
		ed := "0"
		if e.editable {
			ed = "1"
		}
		out = append(out, listed{"1", e.zone, e.name, e.typ, e.value, "", ed})
	}
	return out
}

// normal checks and canonicalises a value for typ; "" means invalid.
func normal(typ, value string) string {
	if typ != "A" && typ != "AAAA" {
		return value
	}
	a, err := netip.ParseAddr(value)
	if err != nil || (typ == "A") != a.Is4() {
		return ""
	}
	return a.String()
}

func (s *Server) add(name, typ, value string) reply {
	name, typ = strings.ToLower(name), strings.ToUpper(typ)
	switch {
	case name == "" || strings.ContainsAny(name, " \t/") || strings.Contains(name, ".."):
		return failed("invalid_record")
	case !slices.Contains(addTypes, typ):
		return failed("invalid_type")
	case value == "":
		return failed("invalid_value\ttoo short")
	}
	canon := normal(typ, value)
	if canon == "" {
		return failed("invalid_value\tnot a valid " + typ + " value")
	}
	zone, ok := s.zoneOf(name)
	if !ok {
		return failed("no_such_zone")
	}
	for _, e := range s.records {
		switch {
		case e.name != name:
		case e.typ == "CNAME" && typ != "CNAME":
			return failed("CNAME_already_on_record")
		case typ == "CNAME":
			return failed("CNAME_must_be_only_record")
		case e.typ == typ && !e.editable:
			return failed("record_already_exists_not_editable")
		case e.typ == typ && strings.EqualFold(e.value, canon):
			return failed("record_already_exists_remove_first")
		}
	}
	s.store(entry{zone, name, typ, canon, true})
	return reply{Result: "success", Data: "record_added"}
}

func (s *Server) remove(name, typ, value string) reply {
	name, typ = strings.ToLower(name), strings.ToUpper(typ)
	if canon := normal(typ, value); canon != "" {
		value = canon
	}
	named := slices.ContainsFunc(s.records, func(e entry) bool { return e.name == name })
	typed := s.match(name, typ)
	i := slices.IndexFunc(s.records, func(e entry) bool {
		return e.name == name && e.typ == typ && strings.EqualFold(e.value, value)
	})
	switch {
	case !named:
		return failed("no_such_record")
	case len(typed) == 0:
		return failed("no_such_type")
	case i < 0:
		return failed("no_such_value")
	case !s.records[i].editable:
		return failed("not_editable")
	}
	s.records = slices.Delete(s.records, i, i+1)
	s.note(name, typ)
	return reply{Result: "success", Data: "record_removed"}
}
