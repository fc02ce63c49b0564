package cloudflaretest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// match returns the records of name and typ ("" matches any) in zone (""
// any); s.mu is held.
func (s *Server) match(zone, name, typ string) []Record {
	var out []Record
	for _, r := range s.records {
		if (zone == "" || r.Zone == zone) && (name == "" || strings.EqualFold(r.Name, name)) &&
			(typ == "" || strings.EqualFold(r.Type, typ)) {
			out = append(out, r)
		}
	}
	return out
}

// zoneOf is the live zone holding fqdn; s.mu is held.
func (s *Server) zoneOf(fqdn string) (Zone, bool) {
	fqdn = strings.ToLower(fqdn)
	var best Zone
	for _, z := range s.zones {
		if z.Status != "deleted" && (fqdn == z.Name || strings.HasSuffix(fqdn, "."+z.Name)) && len(z.Name) > len(best.Name) {
			best = z
		}
	}
	return best, best.ID != ""
}

// store adds r with a new id; s.mu is held.
func (s *Server) store(r Record) string {
	s.nextID++
	r.ID = fmt.Sprintf("%032x", 0x372e67954025e0ba+s.nextID)
	s.records = append(s.records, r)
	return r.ID
}

// input is the body of a create or patch; pointers tell absent from zero.
type input struct {
	Type    *string `json:"type"`
	Name    *string `json:"name"`
	Content *string `json:"content"`
	TTL     *int    `json:"ttl"`
	Proxied *bool   `json:"proxied"`
	Comment *string `json:"comment"`
}

func readInput(w http.ResponseWriter, r *http.Request) (input, bool) {
	var in input
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	if err := dec.Decode(&in); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		fail(w, http.StatusBadRequest, 9207, "Request body is invalid.")
		return in, false
	}
	return in, true
}

// check validates a record as it would be after the change: the answer
// it writes, or "" when the record is acceptable.
func check(rec Record, z Zone) (code int, msg string) {
	switch {
	case rec.Name != z.Name && !strings.HasSuffix(rec.Name, "."+z.Name):
		return 9100, "DNS name is invalid." // inferred wording
	case rec.TTL != 1 && (rec.TTL < 60 || rec.TTL > 86400):
		return 9021, "TTL must be between 30 and 86400 seconds, or 1 for Automatic."
	}
	a, err := netip.ParseAddr(rec.Content)
	switch {
	case rec.Type == "A" && (err != nil || !a.Is4()):
		return 9005, "Content for A record must be a valid IPv4 address."
	case rec.Type == "AAAA" && (err != nil || !a.Is6() || a.Is4In6()):
		return 9005, "Content for AAAA record must be a valid IPv6 address."
	}
	return 0, ""
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	s.count("create")
	z, ok := s.zoneByID(w, r)
	if !ok {
		return
	}
	if !s.canEdit(r) {
		fail(w, http.StatusForbidden, 10000, "Authentication error")
		return
	}
	in, ok := readInput(w, r)
	if !ok {
		return
	}
	if in.Type == nil || in.Name == nil || in.Content == nil {
		fail(w, http.StatusBadRequest, 9207, "Request body is invalid.")
		return
	}
	rec := Record{Zone: z.ID, Name: strings.ToLower(*in.Name), Type: strings.ToUpper(*in.Type), Content: *in.Content, TTL: 1}
	if in.TTL != nil {
		rec.TTL = *in.TTL
	}
	if in.Proxied != nil {
		rec.Proxied = *in.Proxied
	}
	if in.Comment != nil {
		rec.Comment = *in.Comment
	}
	if code, msg := check(rec, z); code != 0 {
		fail(w, http.StatusBadRequest, code, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.match(z.ID, rec.Name, "CNAME")) > 0 {
		fail(w, http.StatusBadRequest, 81054, "A CNAME record with that host already exists.")
		return
	}
	if slices.ContainsFunc(s.match(z.ID, rec.Name, rec.Type), func(x Record) bool { return x.Content == rec.Content }) {
		fail(w, http.StatusBadRequest, 81058, "An identical record already exists.")
		return
	}
	rec.ID = s.store(rec)
	reply(w, http.StatusOK, view(rec, z))
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request) {
	s.count("patch")
	z, ok := s.zoneByID(w, r)
	if !ok {
		return
	}
	if !s.canEdit(r) {
		fail(w, http.StatusForbidden, 10000, "Authentication error")
		return
	}
	in, ok := readInput(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.records, func(x Record) bool { return x.ID == r.PathValue("id") && x.Zone == z.ID })
	if i < 0 {
		fail(w, http.StatusNotFound, 81044, "Record does not exist.")
		return
	}
	rec := s.records[i]
	for _, f := range []struct {
		in  *string
		out *string
	}{{in.Type, &rec.Type}, {in.Name, &rec.Name}, {in.Content, &rec.Content}, {in.Comment, &rec.Comment}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if in.TTL != nil {
		rec.TTL = *in.TTL
	}
	if in.Proxied != nil {
		rec.Proxied = *in.Proxied
	}
	rec.Name, rec.Type = strings.ToLower(rec.Name), strings.ToUpper(rec.Type)
	if code, msg := check(rec, z); code != 0 {
		fail(w, http.StatusBadRequest, code, msg)
		return
	}
	s.records[i] = rec
	reply(w, http.StatusOK, view(rec, z))
}
