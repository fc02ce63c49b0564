package ipdetect

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/dnswire"
)

// fakeOpenDNS is a tiny DNS server that answers myip.opendns.com. like
// OpenDNS's resolvers (with the addresses given) and NXDOMAIN for any other
// name, as a resolver that is not OpenDNS's would. It records the query
// types it was asked.
type fakeOpenDNS struct {
	v4, v6 netip.Addr
	silent bool // never answer: a dropped UDP packet

	mu    sync.Mutex
	asked []uint16
}

func (s *fakeOpenDNS) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	if s.silent {
		return
	}
	q := req.Question[0]
	s.mu.Lock()
	s.asked = append(s.asked, q.Qtype)
	s.mu.Unlock()
	m := new(dns.Msg)
	m.SetReply(req)
	hdr := dns.RR_Header{Name: q.Name, Class: q.Qclass, Ttl: 0, Rrtype: q.Qtype}
	switch {
	case strings.EqualFold(q.Name, "whoami.cloudflare.") && q.Qclass == dns.ClassCHAOS && q.Qtype == dns.TypeTXT:
		// Cloudflare answers over the family it was asked on.
		ip := s.v4
		if strings.HasPrefix(w.LocalAddr().String(), "[") {
			ip = s.v6
		}
		m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: []string{ip.String()}})
	case !strings.EqualFold(q.Name, "myip.opendns.com.") || q.Qclass != dns.ClassINET:
		m.Rcode = dns.RcodeNameError
	case q.Qtype == dns.TypeA && s.v4.IsValid():
		m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: s.v4.AsSlice()})
	case q.Qtype == dns.TypeAAAA && s.v6.IsValid():
		m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: s.v6.AsSlice()})
	}
	_ = w.WriteMsg(m)
}

func (s *fakeOpenDNS) types() []uint16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]uint16(nil), s.asked...)
}

// start serves h over UDP on a random port of host and returns "host:port".
func startDNS(t *testing.T, network, host string, h dns.Handler) string {
	t.Helper()
	pc, err := net.ListenPacket(network, net.JoinHostPort(host, "0"))
	if err != nil {
		skipOrFail(t, "cannot listen on %s %s: %v", network, host, err)
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: h, NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}

// testDNS is an opendns-style source for qname at a local server.
func testDNS(qname string, servers map[Family]string) *DNS {
	return &DNS{name: "dns:test", svc: dnsService{qname: qname, class: dnswire.ClassIN, servers: servers}}
}

// cloudflareAt is dns:cloudflare asking local servers instead of 1.1.1.1.
func cloudflareAt(t *testing.T, servers map[Family]string) *DNS {
	t.Helper()
	src, err := DNSService("cloudflare")
	if err != nil {
		t.Fatal(err)
	}
	src.svc.servers = servers
	return src
}

func TestDNSCloudflareBothFamilies(t *testing.T) {
	t.Parallel()
	fake := &fakeOpenDNS{v4: netip.MustParseAddr("203.0.113.9"), v6: netip.MustParseAddr("2001:db8::9")}
	servers := map[Family]string{V4: startDNS(t, "udp4", "127.0.0.1", fake), V6: startDNS(t, "udp6", "::1", fake)}
	src := cloudflareAt(t, servers)
	if src.Name() != "dns:cloudflare" {
		t.Errorf("Name = %q", src.Name())
	}
	for f, want := range map[Family]netip.Addr{V4: fake.v4, V6: fake.v6} {
		got, err := src.Detect(t.Context(), f)
		if err != nil || got != want {
			t.Errorf("Detect(%s) = %v, %v; want %v", f, got, err, want)
		}
	}
	for _, qt := range fake.types() {
		if qt != dns.TypeTXT {
			t.Errorf("cloudflare lookup asked %s, want only TXT", dns.TypeToString[qt])
		}
	}
	// In class IN the name is unknown, as at any resolver but Cloudflare's.
	in := testDNS("whoami.cloudflare.", map[Family]string{V4: servers[V4]})
	if _, err := in.Detect(t.Context(), V4); err == nil || !strings.Contains(err.Error(), "no such name") {
		t.Errorf("whoami.cloudflare in class IN = %v, want no such name", err)
	}
}

func TestDNSDetect(t *testing.T) {
	t.Parallel()
	fake := &fakeOpenDNS{v4: netip.MustParseAddr("203.0.113.9"), v6: netip.MustParseAddr("2001:db8::9")}
	addr := startDNS(t, "udp4", "127.0.0.1", fake)
	src := testDNS("myip.opendns.com.", map[Family]string{V4: addr})

	got, err := src.Detect(t.Context(), V4)
	if err != nil || got != fake.v4 {
		t.Fatalf("Detect(V4) = %v, %v; want %v", got, err, fake.v4)
	}
	if !got.Is4() {
		t.Errorf("Detect(V4) = %v is not in IPv4 form", got)
	}
	for _, qt := range fake.types() {
		if qt != dns.TypeA {
			t.Errorf("V4 lookup asked %s, want only A", dns.TypeToString[qt])
		}
	}
	if _, err := src.Detect(t.Context(), V6); err == nil || !strings.Contains(err.Error(), "no IPv6 server") {
		t.Errorf("Detect(V6) without a V6 server = %v, want an error", err)
	}
}

func TestDNSDetectV6(t *testing.T) {
	t.Parallel()
	fake := &fakeOpenDNS{v6: netip.MustParseAddr("2001:db8::9")}
	addr := startDNS(t, "udp6", "::1", fake)
	src := testDNS("myip.opendns.com.", map[Family]string{V6: addr})
	got, err := src.Detect(t.Context(), V6)
	if err != nil || got != fake.v6 {
		t.Fatalf("Detect(V6) = %v, %v; want %v", got, err, fake.v6)
	}
	for _, qt := range fake.types() {
		if qt != dns.TypeAAAA {
			t.Errorf("V6 lookup asked %s, want only AAAA", dns.TypeToString[qt])
		}
	}
}

func TestDNSErrors(t *testing.T) {
	t.Parallel()
	fake := &fakeOpenDNS{v4: netip.MustParseAddr("203.0.113.9"), v6: netip.MustParseAddr("2001:db8::9")}
	addr := startDNS(t, "udp4", "127.0.0.1", fake)

	// A resolver that does not know the echo name answers NXDOMAIN.
	other := testDNS("other.example.", map[Family]string{V4: addr})
	_, err := other.Detect(t.Context(), V4)
	if err == nil || !strings.Contains(err.Error(), "other.example. A at "+addr) ||
		!strings.Contains(err.Error(), "only the service's own server") {
		t.Errorf("Detect(NXDOMAIN) = %v, want a not-found error naming the server", err)
	}

	// The server would answer AAAA, but a V6 lookup is forced over udp6 and
	// so cannot reach an IPv4 server: the family is never silently swapped.
	src := testDNS("myip.opendns.com.", map[Family]string{V6: addr})
	if got, err := src.Detect(t.Context(), V6); err == nil {
		t.Errorf("Detect(V6) against an IPv4 server = %v, want an error", got)
	}
}

func TestDNSSilentServerHonoursDeadline(t *testing.T) {
	t.Parallel()
	addr := startDNS(t, "udp4", "127.0.0.1", &fakeOpenDNS{silent: true})
	src := testDNS("myip.opendns.com.", map[Family]string{V4: addr})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := src.Detect(ctx, V4)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Detect against a silent server = %v, want context.DeadlineExceeded", err)
	}
}

func TestDNSServiceTable(t *testing.T) {
	t.Parallel()
	src, err := DNSService("opendns")
	if err != nil {
		t.Fatal(err)
	}
	if src.svc.qname != "myip.opendns.com." || src.svc.servers[V4] != "208.67.222.222:53" ||
		src.svc.servers[V6] != "[2620:119:35::35]:53" {
		t.Errorf("dns:opendns = %+v, want myip.opendns.com. at resolver1.opendns.com", src)
	}
	for name, svc := range dnsServices {
		for f, server := range svc.servers {
			ap, err := netip.ParseAddrPort(server)
			if err != nil || (f == V4) != ap.Addr().Is4() {
				t.Errorf("dns:%s %s server %q is not an address of that family", name, f, server)
			}
		}
	}
}
