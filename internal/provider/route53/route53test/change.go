package route53test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

func (s *Server) zone(w http.ResponseWriter, r *http.Request) *zone {
	z := s.zones[r.PathValue("id")]
	if z == nil {
		fail(w, http.StatusNotFound, "NoSuchHostedZone", "No hosted zone found with ID: "+r.PathValue("id"))
	}
	return z
}

func (s *Server) listSets(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zone(w, r)
	if z == nil {
		return
	}
	q := r.URL.Query()
	from := [2]string{order(canon(q.Get("name"))), q.Get("type")}
	if q.Get("name") == "" {
		from = [2]string{}
	}
	max, err := strconv.Atoi(q.Get("maxitems"))
	if err != nil || max < 1 || max > 300 {
		max = 300
	}
	var keys [][2]string
	for k := range z.sets {
		if o := order(k[0]); o > from[0] || o == from[0] && k[1] >= from[1] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := order(keys[i][0]), order(keys[j][0])
		return a < b || a == b && keys[i][1] < keys[j][1]
	})
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?>`+"\n"+`<ListResourceRecordSetsResponse xmlns="%s"><ResourceRecordSets>`, ns)
	for i, k := range keys {
		if i == max {
			break
		}
		writeSet(&b, k[0], k[1], z.sets[k])
	}
	b.WriteString(`</ResourceRecordSets>`)
	if len(keys) > max {
		fmt.Fprintf(&b, `<IsTruncated>true</IsTruncated><NextRecordName>%s</NextRecordName><NextRecordType>%s</NextRecordType>`,
			out(keys[max][0]), keys[max][1])
	} else {
		b.WriteString(`<IsTruncated>false</IsTruncated>`)
	}
	fmt.Fprintf(&b, `<MaxItems>%d</MaxItems></ListResourceRecordSetsResponse>`, max)
	w.Header().Set("Content-Type", "text/xml")
	io.WriteString(w, b.String())
}

type changeBatch struct {
	XMLName xml.Name
	Changes []struct {
		Action string `xml:"Action"`
		Set    struct {
			Name   string    `xml:"Name"`
			Type   string    `xml:"Type"`
			SetID  string    `xml:"SetIdentifier"`
			TTL    *int      `xml:"TTL"`
			Values []string  `xml:"ResourceRecords>ResourceRecord>Value"`
			Alias  *struct{} `xml:"AliasTarget"`
		} `xml:"ResourceRecordSet"`
	} `xml:"ChangeBatch>Changes>Change"`
}

func invalidBatch(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, `<?xml version="1.0"?>`+"\n"+`<InvalidChangeBatch xmlns="%s"><Messages><Message>%s</Message></Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>`,
		ns, escape(msg))
}

func (s *Server) change(w http.ResponseWriter, r *http.Request) {
	var req changeBatch
	if err := xml.NewDecoder(r.Body).Decode(&req); err != nil || req.XMLName.Space != ns ||
		req.XMLName.Local != "ChangeResourceRecordSetsRequest" || len(req.Changes) == 0 {
		fail(w, http.StatusBadRequest, "InvalidInput", "Invalid XML ; the request is not a ChangeResourceRecordSetsRequest")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zone(w, r)
	if z == nil {
		return
	}
	next := make(map[[2]string]Set, len(z.sets))
	for k, v := range z.sets {
		next[k] = v
	}
	for _, c := range req.Changes {
		set := c.Set
		k := [2]string{canon(set.Name), set.Type}
		where := fmt.Sprintf("[name='%s', type='%s']", out(k[0]), k[1])
		if k[0] != z.name && !strings.HasSuffix(k[0], "."+z.name) {
			invalidBatch(w, fmt.Sprintf("RRSet with DNS name %s is not permitted in zone %s", out(k[0]), z.name))
			return
		}
		if set.TTL == nil && set.Alias == nil {
			fail(w, http.StatusBadRequest, "InvalidInput", fmt.Sprintf("Invalid request: Missing field 'TTL' in Change with [Action=%s, Name=%s, Type=%s, SetIdentifier=null]", c.Action, set.Name, set.Type))
			return
		}
		for _, v := range set.Values {
			if a, err := netip.ParseAddr(v); (set.Type == "A" || set.Type == "AAAA") && (err != nil || a.Is4() != (set.Type == "A")) {
				invalidBatch(w, fmt.Sprintf("Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '%s''", v))
				return
			}
		}
		_, exists := next[k]
		switch c.Action {
		case "CREATE", "UPSERT":
			if exists && c.Action == "CREATE" {
				invalidBatch(w, "Tried to create resource record set "+where+" but it already exists")
				return
			}
			ttl := 0
			if set.TTL != nil {
				ttl = *set.TTL
			}
			next[k] = Set{TTL: ttl, Values: set.Values, Alias: set.Alias != nil, SetID: set.SetID}
		case "DELETE":
			if !exists {
				invalidBatch(w, "Tried to delete resource record set "+where+" but it was not found")
				return
			}
			delete(next, k)
		default:
			fail(w, http.StatusBadRequest, "InvalidInput", "Invalid request: unknown Action "+c.Action)
			return
		}
	}
	z.sets = next
	s.changes++
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<?xml version="1.0"?>`+"\n"+`<ChangeResourceRecordSetsResponse xmlns="%s"><ChangeInfo><Id>/change/C2682N5HXP0BZ%d</Id><Status>PENDING</Status><SubmittedAt>2017-03-15T01:36:41.958Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`,
		ns, s.changes)
}
