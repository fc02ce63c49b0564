package dnswire

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// TestPackMiekgReads packs the messages ddns sends and reads them back with
// miekg/dns, an independent implementation.
func TestPackMiekgReads(t *testing.T) {
	t.Parallel()
	update := func(zone, name string, addr netip.Addr) *Msg {
		add := AddrRR(name, addr, 300)
		m := NewUpdate(zone)
		m.Answer = []RR{RRsetAbsent(name, TypeCNAME)}
		m.Authority = []RR{DeleteRRset(name, add.Type), add}
		return m
	}
	tests := []struct {
		name string
		msg  *Msg
		want string // miekg's text of the sections (it prints class ANY as CLASS255)
	}{
		{name: "update A", msg: update("example.test", "home.example.test.", netip.MustParseAddr("203.0.113.7")),
			want: ";example.test.\tIN\t SOA\n" +
				"home.example.test.\t0\tNONE\tCNAME\t\n" +
				"home.example.test.\t0\tCLASS255\tA\t\n" +
				"home.example.test.\t300\tIN\tA\t203.0.113.7\n"},
		{name: "update AAAA of a mapped address", msg: update("Example.Test.", "*.Example.Test", netip.MustParseAddr("2001:db8::7")),
			want: ";Example.Test.\tIN\t SOA\n" +
				"*.Example.Test.\t0\tNONE\tCNAME\t\n" +
				"*.Example.Test.\t0\tCLASS255\tAAAA\t\n" +
				"*.Example.Test.\t300\tIN\tAAAA\t2001:db8::7\n"},
		{name: "query class CH", msg: NewQuery("whoami.cloudflare", TypeTXT, ClassCH),
			want: ";whoami.cloudflare.\tCH\t TXT\n"},
		{name: "query the root", msg: NewQuery(".", TypeNS, ClassIN), want: ";.\tIN\t NS\n"},
		{name: "query with empty name is the root", msg: NewQuery("", TypeSOA, ClassIN), want: ";.\tIN\t SOA\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.msg.ID = 0xbeef
			tc.msg.RecursionDesired = tc.msg.Opcode == OpQuery
			wire, err := tc.msg.Pack()
			if err != nil {
				t.Fatal(err)
			}
			var m dns.Msg
			if err := m.Unpack(wire); err != nil {
				t.Fatalf("miekg cannot unpack: %v", err)
			}
			if m.Id != 0xbeef || m.Opcode != tc.msg.Opcode || m.Response || m.RecursionDesired != tc.msg.RecursionDesired {
				t.Errorf("header = %+v", m.MsgHdr)
			}
			var got strings.Builder
			for _, q := range m.Question {
				got.WriteString(q.String() + "\n")
			}
			for _, rr := range append(append(m.Answer, m.Ns...), m.Extra...) {
				got.WriteString(rr.String() + "\n")
			}
			if got.String() != tc.want {
				t.Errorf("miekg reads\n%s\nwant\n%s", got.String(), tc.want)
			}
			// Our parser reads it back the same.
			back, err := Parse(wire)
			if err != nil || back.ID != 0xbeef || len(back.Authority) != len(tc.msg.Authority) {
				t.Errorf("Parse = %+v, %v", back, err)
			}
		})
	}
}

func TestPackRefusesBadNames(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 63)
	for _, name := range []string{
		"a..b", ".a", strings.Repeat("x", 64) + ".test", `a\.b`,
		strings.Join([]string{long, long, long, long}, "."), // 257 bytes in wire form
	} {
		if _, err := NewQuery(name, TypeA, ClassIN).Pack(); err == nil {
			t.Errorf("Pack accepted %q", name)
		}
		if CheckName(name) == nil {
			t.Errorf("CheckName accepted %q", name)
		}
	}
	ok := strings.Join([]string{long, long, long, strings.Repeat("d", 61)}, ".") // 255 bytes
	if err := CheckName(ok); err != nil {
		t.Errorf("CheckName refuses a 255-byte name: %v", err)
	}
}

// TestParseMiekgPacked reads answers miekg packs, compressed as servers
// send them.
func TestParseMiekgPacked(t *testing.T) {
	t.Parallel()
	req := new(dns.Msg).SetQuestion("www.example.test.", dns.TypeA)
	m := new(dns.Msg).SetReply(req)
	m.Compress = true
	m.Authoritative = true
	for _, s := range []string{
		"www.example.test. 60 IN CNAME web.example.test.",
		"web.example.test. 60 IN A 192.0.2.1",
		"web.example.test. 60 IN AAAA 2001:db8::1",
		`web.example.test. 60 IN TXT "203.0.113.7" "two words" ""`,
	} {
		m.Answer = append(m.Answer, mustRR(t, s))
	}
	m.Ns = []dns.RR{mustRR(t, "example.test. 300 IN SOA ns.example.test. hostmaster.example.test. 1 2 3 4 5")}
	m.Extra = []dns.RR{mustRR(t, "ns.example.test. 300 IN A 127.0.0.1")}
	wire, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(wire)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != m.Id || !r.Response || !r.Authoritative || r.Rcode != RcodeSuccess || r.TSIG != nil {
		t.Errorf("header = %+v", r)
	}
	if len(r.Question) != 1 || r.Question[0] != (Question{"www.example.test.", TypeA, ClassIN}) {
		t.Errorf("question = %+v", r.Question)
	}
	if len(r.Answer) != 4 || len(r.Authority) != 1 || len(r.Additional) != 1 {
		t.Fatalf("sections %d %d %d", len(r.Answer), len(r.Authority), len(r.Additional))
	}
	if a, ok := r.Answer[1].Addr(); !ok || a != netip.MustParseAddr("192.0.2.1") || r.Answer[1].Name != "web.example.test." {
		t.Errorf("A = %v %v %q", a, ok, r.Answer[1].Name)
	}
	if a, ok := r.Answer[2].Addr(); !ok || a != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("AAAA = %v %v", a, ok)
	}
	if txt, err := r.Answer[3].TXT(); err != nil || strings.Join(txt, "|") != "203.0.113.7|two words|" {
		t.Errorf("TXT = %q, %v", txt, err)
	}
	if soa := r.Authority[0]; soa.Type != TypeSOA || soa.Name != "example.test." || soa.TTL != 300 {
		t.Errorf("SOA = %+v", soa)
	}
	if _, ok := r.Answer[0].Addr(); ok {
		t.Error("a CNAME has an address")
	}
	if _, err := r.Answer[1].TXT(); err == nil {
		t.Error("an A record has TXT strings")
	}
}

func mustRR(t *testing.T, s string) dns.RR {
	t.Helper()
	rr, err := dns.NewRR(s)
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// header is a response header with the given counts.
func header(qd, an, ns, ar byte) []byte {
	return []byte{0x12, 0x34, 0x81, 0x80, 0, qd, 0, an, 0, ns, 0, ar}
}

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	q := []byte{0, 0, 1, 0, 1} // root A IN
	tests := []struct {
		name string
		msg  []byte
	}{
		{"short header", []byte{1, 2, 3}},
		{"question missing", header(1, 0, 0, 0)},
		{"pointer to itself", append(header(1, 0, 0, 0), 0xc0, 12, 0, 1, 0, 1)},
		{"pointer forward", append(header(1, 0, 0, 0), 0xc0, 14, 0, 0, 1, 0, 1)},
		{"pointer past the end", append(header(1, 0, 0, 0), 0xc0, 0xff, 0, 1, 0, 1)},
		{"pointer loop through a label", append(header(2, 0, 0, 0), 0, 0, 1, 0, 1, 1, 'a', 0xc0, 17, 0, 1, 0, 1)},
		{"truncated pointer", append(header(1, 0, 0, 0), 0xc0)},
		{"label past the end", append(header(1, 0, 0, 0), 5, 'a', 'b')},
		{"reserved label type", append(header(1, 0, 0, 0), 0x40, 0, 0, 1, 0, 1)},
		{"record header short", append(append(header(1, 1, 0, 0), q...), 0, 0, 1)},
		{"rdata past the end", append(append(header(1, 1, 0, 0), q...), 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 1, 2)},
		{"trailing bytes", append(append(header(1, 0, 0, 0), q...), 0)},
		{"TSIG not last", append(header(0, 1, 0, 0), 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0)},
		{"TSIG too short", append(header(0, 0, 0, 1), 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 1, 0)},
		{"name over 255 bytes", func() []byte {
			b := header(1, 0, 0, 0)
			for range 5 {
				b = append(b, 63)
				b = append(b, strings.Repeat("x", 63)...)
			}
			return append(b, 0, 0, 1, 0, 1)
		}()},
	}
	for _, tc := range tests {
		m, err := Parse(tc.msg)
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", tc.name, err)
		}
		if len(tc.msg) >= headerLen && (m == nil || m.ID != 0x1234 || m.Rcode != RcodeSuccess || !m.Response) {
			t.Errorf("%s: header not returned: %+v", tc.name, m)
		}
	}
}

func TestParseEscapesOddBytes(t *testing.T) {
	t.Parallel()
	msg := append(header(1, 0, 0, 0), 4, 'a', '.', ' ', 0xff, 0, 0, 1, 0, 1)
	m, err := Parse(msg)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Question[0].Name; got != `a\046\032\255.` {
		t.Errorf("name = %q", got)
	}
	// miekg writes the same name the same way.
	var mm dns.Msg
	if err := mm.Unpack(msg); err != nil || mm.Question[0].Name != `a\.\ \255.` && mm.Question[0].Name != m.Question[0].Name {
		t.Logf("miekg: %q %v (escapes differ in form only)", mm.Question[0].Name, err)
	}
}

func TestRcodeName(t *testing.T) {
	t.Parallel()
	for rc, want := range map[int]string{0: "NOERROR", 9: "NOTAUTH", 17: "BADKEY", 18: "BADTIME", 15: "RCODE 15"} {
		if got := RcodeName(rc); got != want {
			t.Errorf("RcodeName(%d) = %q, want %q", rc, got, want)
		}
		if s, ok := dns.RcodeToString[rc]; ok && s != RcodeName(rc) {
			t.Errorf("RcodeName(%d) = %q, miekg says %q", rc, RcodeName(rc), s)
		}
	}
}

func TestTXTOverrun(t *testing.T) {
	t.Parallel()
	if _, err := (RR{Type: TypeTXT, Data: []byte{5, 'a'}}).TXT(); err == nil {
		t.Error("TXT read past its record")
	}
	if _, ok := (RR{Type: TypeA, Data: net.IPv6loopback}).Addr(); ok {
		t.Error("an A record of 16 bytes has an address")
	}
}
