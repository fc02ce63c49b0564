package dnswire

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// FuzzParse: Parse and Verify return errors, never panic, on any input; a
// message that parses packs back to one that parses the same (unless a
// name holds bytes Parse escapes, which Pack does not read back).
func FuzzParse(f *testing.F) {
	key := testKey("hmac-sha256")
	for _, seed := range fuzzSeeds(f, key) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if m != nil {
			_ = m.Verify(key, []byte{1, 2, 3}, time.Unix(1e9, 0))
			for _, rr := range append(append(m.Answer, m.Authority...), m.Additional...) {
				_, _ = rr.Addr()
				_, _ = rr.TXT()
			}
		}
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		if escaped(m) {
			return
		}
		wire, err := m.Pack()
		if err != nil {
			t.Fatalf("a parsed message does not pack: %v", err)
		}
		again, err := Parse(wire)
		if err != nil {
			t.Fatalf("a repacked message does not parse: %v", err)
		}
		if len(again.Question) != len(m.Question) || len(again.Answer) != len(m.Answer) ||
			len(again.Authority) != len(m.Authority) || len(again.Additional) != len(m.Additional) ||
			again.flags() != m.flags() || again.ID != m.ID {
			t.Fatalf("repacked message differs: %+v vs %+v", again, m)
		}
		for i, q := range m.Question {
			if again.Question[i] != q {
				t.Fatalf("question %+v came back as %+v", q, again.Question[i])
			}
		}
	})
}

func escaped(m *Msg) bool {
	for _, q := range m.Question {
		if strings.Contains(q.Name, `\`) {
			return true
		}
	}
	for _, rr := range append(append(m.Answer, m.Authority...), m.Additional...) {
		if strings.Contains(rr.Name, `\`) {
			return true
		}
	}
	return false
}

// fuzzSeeds are real messages: ours, signed, and miekg's with compression.
func fuzzSeeds(f *testing.F, key Key) [][]byte {
	up := NewUpdate("example.test")
	up.ID = 9
	up.Answer = []RR{RRsetAbsent("home.example.test", TypeCNAME)}
	up.Authority = []RR{DeleteRRset("home.example.test", TypeA), AddrRR("home.example.test", netip.MustParseAddr("192.0.2.1"), 60)}
	plain, err := up.Pack()
	if err != nil {
		f.Fatal(err)
	}
	signed, _, err := Sign(plain, key, time.Unix(1e9, 0))
	if err != nil {
		f.Fatal(err)
	}
	m := new(dns.Msg).SetQuestion("whoami.cloudflare.", dns.TypeTXT)
	m.Response, m.Compress = true, true
	m.Question[0].Qclass = dns.ClassCHAOS
	m.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: "whoami.cloudflare.", Rrtype: dns.TypeTXT, Class: dns.ClassCHAOS}, Txt: []string{"203.0.113.7"}}}
	m.Ns = []dns.RR{&dns.SOA{Hdr: dns.RR_Header{Name: "cloudflare.", Rrtype: dns.TypeSOA, Class: dns.ClassCHAOS},
		Ns: "ns.whoami.cloudflare.", Mbox: "hostmaster.cloudflare."}}
	compressed, err := m.Pack()
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{plain, signed, compressed, {}, make([]byte, 12)}
}
