// Package route53test is a fake of the three Amazon Route 53 API actions
// ddns uses, as documented in the API reference
// (https://docs.aws.amazon.com/Route53/latest/APIReference/):
// ListHostedZonesByName (zones in order of their reversed labels, from
// dnsname on), ListResourceRecordSets (sets in order from name and type
// on, "*" written as \052), and ChangeResourceRecordSets (CREATE, DELETE
// and UPSERT applied all or nothing; InvalidChangeBatch or InvalidInput on
// a bad batch). Every request must carry a valid Signature Version 4
// signature (Verify); errors are the documented <ErrorResponse> with the
// codes of CommonErrors.html (MissingAuthenticationToken,
// InvalidClientTokenId, SignatureDoesNotMatch, Throttling as HTTP 400)
// and NoSuchHostedZone (404). Inferred: the exact message words and the
// change ids.
package route53test

import (
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const ns = "https://route53.amazonaws.com/doc/2013-04-01/"

// Set is one resource record set.
type Set struct {
	TTL    int
	Values []string
	Alias  bool   // an alias record (AliasTarget)
	SetID  string // a routing policy's SetIdentifier
}

type zone struct {
	name    string // lower case, final dot
	private bool
	sets    map[[2]string]Set // {name, type}
}

// Server is one AWS account with one access key. Safe for concurrent use.
type Server struct {
	providertest.Faults

	id, secret string
	handler    http.Handler

	mu       sync.Mutex
	zones    map[string]*zone
	throttle bool
	changes  int
}

// New returns an account reachable with access key id and secret.
func New(id, secret string) *Server {
	s := &Server{id: id, secret: secret, zones: map[string]*zone{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2013-04-01/hostedzonesbyname", s.listZones)
	mux.HandleFunc("GET /2013-04-01/hostedzone/{id}/rrset", s.listSets)
	mux.HandleFunc("POST /2013-04-01/hostedzone/{id}/rrset/", s.change)
	s.handler = s.Faults.Wrap(s.signed(mux))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// canon is a name as stored: lower case, final dot, \052 read as "*".
func canon(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.ReplaceAll(name, `\052`, "*"), ".")) + "."
}

// AddZone adds a hosted zone.
func (s *Server) AddZone(id, name string, private bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zones[id] = &zone{name: canon(name), private: private, sets: map[[2]string]Set{}}
}

// Put stores a set for test setup.
func (s *Server) Put(zoneID, name, typ string, set Set) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zones[zoneID].sets[[2]string{canon(name), typ}] = set
}

// Get returns a set.
func (s *Server) Get(zoneID, name, typ string) (Set, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, ok := s.zones[zoneID].sets[[2]string{canon(name), typ}]
	return set, ok
}

// Addrs returns the A and AAAA values of name in any zone.
func (s *Server) Addrs(name string) []netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []netip.Addr
	for _, z := range s.zones {
		for _, typ := range []string{"A", "AAAA"} {
			for _, v := range z.sets[[2]string{canon(name), typ}].Values {
				out = append(out, netip.MustParseAddr(v))
			}
		}
	}
	return out
}

// Except describes every set of the zone but name's A and AAAA.
func (s *Server) Except(zoneID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k, v := range s.zones[zoneID].sets {
		if k[0] != canon(name) || (k[1] != "A" && k[1] != "AAAA") {
			out = append(out, fmt.Sprint(k, v))
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Changes counts accepted change batches.
func (s *Server) Changes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes
}

// SetThrottle makes every request answer Throttling.
func (s *Server) SetThrottle(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle = on
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0"?>`+"\n"+`<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>c1b6f4a0-8e0b-4f1e-9a52-3d1f0b7c2e11</RequestId></ErrorResponse>`,
		ns, code, escape(msg))
}

// escape escapes markup but, like a careless server, passes control
// characters through (XML cannot carry them; the answer is then not XML).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// signed checks the signature (and the throttle) before next.
func (s *Server) signed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		secretOf := func(id string) (string, bool) { return s.secret, id == s.id }
		if text, echo := s.Echo(s.secret); echo {
			fail(w, http.StatusForbidden, "InvalidClientTokenId", text)
			return
		}
		if code, msg := Verify(r, body, "us-east-1", "route53", secretOf, time.Now()); code != "" {
			status := http.StatusForbidden
			if code == "MissingAuthenticationToken" || code == "IncompleteSignature" {
				status = http.StatusBadRequest
			}
			fail(w, status, code, msg)
			return
		}
		s.mu.Lock()
		throttle := s.throttle
		s.mu.Unlock()
		if throttle {
			fail(w, http.StatusBadRequest, "Throttling", "Rate exceeded")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// order is the sort key AWS documents: the labels reversed.
func order(name string) string {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	slices.Reverse(labels)
	return strings.Join(labels, ".")
}

func out(name string) string { return strings.ReplaceAll(name, "*", `\052`) }

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) {
	from := order(canon(r.URL.Query().Get("dnsname")))
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.zones))
	for id, z := range s.zones {
		if order(z.name) >= from {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return order(s.zones[ids[i]].name) < order(s.zones[ids[j]].name) })
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?>`+"\n"+`<ListHostedZonesByNameResponse xmlns="%s"><HostedZones>`, ns)
	for _, id := range ids {
		z := s.zones[id]
		fmt.Fprintf(&b, `<HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name><CallerReference>ref-%s</CallerReference>`+
			`<Config><PrivateZone>%t</PrivateZone></Config><ResourceRecordSetCount>%d</ResourceRecordSetCount></HostedZone>`,
			id, out(z.name), id, z.private, len(z.sets)+2)
	}
	fmt.Fprintf(&b, `</HostedZones><DNSName>%s</DNSName><IsTruncated>false</IsTruncated><MaxItems>%s</MaxItems></ListHostedZonesByNameResponse>`,
		escape(r.URL.Query().Get("dnsname")), escape(r.URL.Query().Get("maxitems")))
	w.Header().Set("Content-Type", "text/xml")
	io.WriteString(w, b.String())
}

func writeSet(b *strings.Builder, name, typ string, set Set) {
	fmt.Fprintf(b, `<ResourceRecordSet><Name>%s</Name><Type>%s</Type>`, out(name), typ)
	if set.SetID != "" {
		fmt.Fprintf(b, `<SetIdentifier>%s</SetIdentifier><Weight>10</Weight>`, set.SetID)
	}
	if set.Alias {
		b.WriteString(`<AliasTarget><HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId><DNSName>d111111abcdef8.cloudfront.net.</DNSName>` +
			`<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>`)
		return
	}
	fmt.Fprintf(b, `<TTL>%d</TTL><ResourceRecords>`, set.TTL)
	for _, v := range set.Values {
		fmt.Fprintf(b, `<ResourceRecord><Value>%s</Value></ResourceRecord>`, escape(v))
	}
	b.WriteString(`</ResourceRecords></ResourceRecordSet>`)
}
