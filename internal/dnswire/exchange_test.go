package dnswire

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
)

// miekgServer answers over UDP and TCP on one loopback port with answer.
// It knows key's secret: miekg checks every signed request against it
// (status goes to answer) and signs replies that carry a TSIG stub.
func miekgServer(t *testing.T, key Key, answer func(req *dns.Msg, network string, status error) *dns.Msg) string {
	t.Helper()
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		if m := answer(req, w.RemoteAddr().Network(), w.TsigStatus()); m != nil {
			_ = w.WriteMsg(m)
		}
	})
	secrets := map[string]string{strings.ToLower(fqdn(key.Name)): b64(key.Secret)}
	pc, l := listenPair(t)
	accept := func(dns.Header) dns.MsgAcceptAction { return dns.MsgAccept } // updates too
	for _, s := range []*dns.Server{
		{PacketConn: pc, Handler: handler, TsigSecret: secrets, MsgAcceptFunc: accept},
		{Listener: l, Handler: handler, TsigSecret: secrets, MsgAcceptFunc: accept},
	} {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		go func() { _ = s.ActivateAndServe() }()
		<-started
		t.Cleanup(func() { _ = s.Shutdown() })
	}
	return pc.LocalAddr().String()
}

// listenPair listens on one loopback port for both UDP and TCP.
func listenPair(t *testing.T) (net.PacketConn, net.Listener) {
	t.Helper()
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, l
		}
		pc.Close()
	}
	t.Fatal("no loopback port free for both UDP and TCP")
	return nil, nil
}

func signedReply(req *dns.Msg, rcode int) *dns.Msg {
	m := new(dns.Msg).SetRcode(req, rcode)
	if ts := req.IsTsig(); ts != nil {
		m.SetTsig(ts.Hdr.Name, ts.Algorithm, 300, time.Now().Unix())
	}
	return m
}

// recorder is a Client.Sent hook that remembers the networks used.
type recorder struct {
	mu   sync.Mutex
	sent []string
}

func (r *recorder) hook(network string) { r.mu.Lock(); r.sent = append(r.sent, network); r.mu.Unlock() }
func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.sent, ",")
}

// TestExchangeSigned: miekg's server verifies the requests Exchange signs
// and Exchange verifies the replies miekg signs, over UDP, over TCP for a
// large message and over TCP after a truncated UDP answer.
func TestExchangeSigned(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + ".example.test"
	tests := []struct {
		name     string
		host     string
		truncate bool
		want     string
	}{
		{name: "small over udp", host: "home.example.test", want: "udp"},
		{name: "large over tcp", host: long, want: "tcp"},
		{name: "truncated, then tcp", host: "home.example.test", truncate: true, want: "udp,tcp"},
	}
	for _, alg := range allAlgorithms {
		for _, tc := range tests {
			t.Run(alg+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				key := testKey(alg)
				addr := miekgServer(t, key, func(req *dns.Msg, network string, status error) *dns.Msg {
					if status != nil {
						t.Errorf("miekg refuses our signature over %s: %v", network, status)
						return nil
					}
					m := signedReply(req, dns.RcodeSuccess)
					m.Truncated = tc.truncate && network == "udp"
					return m
				})
				m := NewUpdate("example.test")
				m.Authority = []RR{DeleteRRset(tc.host, TypeA), AddrRR(tc.host, netip.MustParseAddr("192.0.2.1"), 60)}
				var rec recorder
				c := &Client{Key: &key, Sent: rec.hook}
				r, err := c.Exchange(context.Background(), addr, m)
				if err != nil {
					t.Fatal(err)
				}
				if r.Rcode != RcodeSuccess || r.TSIG == nil || r.Truncated {
					t.Errorf("answer %+v", r)
				}
				if rec.String() != tc.want {
					t.Errorf("sent over %s, want %s", rec.String(), tc.want)
				}
			})
		}
	}
}

// TestExchangeUnverified: the answer comes back with the reason it does
// not verify, so the caller can still read it.
func TestExchangeUnverified(t *testing.T) {
	t.Parallel()
	key := testKey("hmac-sha256")
	forged := Key{Name: key.Name, Algorithm: key.Algorithm, Secret: []byte("not the secret of the client....")}
	tests := []struct {
		name   string
		server Key
		answer func(req *dns.Msg) *dns.Msg
		want   error
	}{
		{name: "unsigned", server: key, want: ErrUnsigned,
			answer: func(req *dns.Msg) *dns.Msg { return new(dns.Msg).SetRcode(req, dns.RcodeRefused) }},
		{name: "signed with another secret", server: forged, want: ErrBadSignature,
			answer: func(req *dns.Msg) *dns.Msg { return signedReply(req, dns.RcodeSuccess) }},
		{name: "server says BADKEY", server: key, want: &TSIGError{},
			answer: func(req *dns.Msg) *dns.Msg {
				m := new(dns.Msg).SetRcode(req, dns.RcodeNotAuth)
				ts := req.IsTsig()
				m.Extra = []dns.RR{&dns.TSIG{Hdr: dns.RR_Header{Name: ts.Hdr.Name, Rrtype: dns.TypeTSIG, Class: dns.ClassANY},
					Algorithm: ts.Algorithm, TimeSigned: ts.TimeSigned, Fudge: 300, OrigId: req.Id, Error: dns.RcodeBadKey}}
				return m
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := miekgServer(t, tc.server, func(req *dns.Msg, _ string, _ error) *dns.Msg { return tc.answer(req) })
			r, err := (&Client{Key: &key}).Exchange(context.Background(), addr, NewUpdate("example.test"))
			var te *TSIGError
			if _, want := tc.want.(*TSIGError); want {
				if !errors.As(err, &te) || te.Code != RcodeBadKey {
					t.Fatalf("err = %v, want BADKEY", err)
				}
			} else if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if r == nil {
				t.Fatal("no answer returned with the error")
			}
		})
	}
}

func TestQuery(t *testing.T) {
	t.Parallel()
	addr := miekgServer(t, testKey("hmac-sha256"), func(req *dns.Msg, _ string, _ error) *dns.Msg {
		q := req.Question[0]
		m := new(dns.Msg).SetReply(req)
		switch {
		case q.Name == "whoami.cloudflare." && q.Qclass == dns.ClassCHAOS && q.Qtype == dns.TypeTXT && req.RecursionDesired:
			m.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeTXT, Class: dns.ClassCHAOS}, Txt: []string{"203.0.113.7"}}}
		case q.Name == "myip.opendns.com." && q.Qtype == dns.TypeA:
			m.Compress = true
			m.Answer = []dns.RR{
				mustRR(t, "myip.opendns.com. 0 IN CNAME other.opendns.com."), // not followed
				mustRR(t, "MYIP.opendns.com. 0 IN A 203.0.113.8"),
				mustRR(t, "other.opendns.com. 0 IN A 192.0.2.99"),
			}
		case q.Name == "empty.test.":
		default:
			m.Rcode = dns.RcodeNameError
		}
		return m
	})
	ctx := context.Background()
	rrs, err := Query(ctx, addr, "whoami.cloudflare", TypeTXT, ClassCH)
	if err != nil || len(rrs) != 1 {
		t.Fatalf("CH TXT: %v, %v", rrs, err)
	}
	if txt, err := rrs[0].TXT(); err != nil || len(txt) != 1 || txt[0] != "203.0.113.7" {
		t.Errorf("TXT = %q, %v", txt, err)
	}
	rrs, err = Query(ctx, addr, "myip.opendns.com.", TypeA, ClassIN)
	if err != nil || len(rrs) != 1 {
		t.Fatalf("A: %v, %v", rrs, err)
	}
	if a, ok := rrs[0].Addr(); !ok || a != netip.MustParseAddr("203.0.113.8") {
		t.Errorf("A = %v", a)
	}
	if rrs, err := Query(ctx, addr, "empty.test", TypeAAAA, ClassIN); err != nil || len(rrs) != 0 {
		t.Errorf("no records: %v, %v", rrs, err)
	}
	_, err = Query(ctx, addr, "nosuch.test", TypeA, ClassIN)
	var re *RcodeError
	if !errors.As(err, &re) || re.Rcode != RcodeNXDomain || !strings.Contains(err.Error(), "NXDOMAIN") {
		t.Errorf("NXDOMAIN: %v", err)
	}
	if _, err := Query(ctx, addr, "a..b", TypeA, ClassIN); err == nil {
		t.Error("Query of a bad name worked")
	}
}

// rawUDP answers each datagram with the messages reply makes, as they are.
func rawUDP(t *testing.T, reply func(req []byte) [][]byte) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 0xffff)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			for _, out := range reply(append([]byte(nil), buf[:n]...)) {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

// TestExchangeIgnoresStrangers: over UDP, garbage and answers to other
// messages are skipped; the real answer still lands.
func TestExchangeIgnoresStrangers(t *testing.T) {
	t.Parallel()
	addr := rawUDP(t, func(req []byte) [][]byte {
		var q dns.Msg
		if q.Unpack(req) != nil {
			return nil
		}
		pack := func(edit func(*dns.Msg)) []byte {
			m := new(dns.Msg).SetReply(&q)
			m.Answer = []dns.RR{mustRR(t, q.Question[0].Name+" 60 IN A 192.0.2.1")}
			edit(m)
			b, _ := m.Pack()
			return b
		}
		return [][]byte{
			{1, 2, 3},
			pack(func(m *dns.Msg) { m.Id++ }),
			pack(func(m *dns.Msg) { m.Question[0].Name = "forged.test." }),
			pack(func(m *dns.Msg) { m.Question[0].Qtype = dns.TypeAAAA }),
			pack(func(m *dns.Msg) { m.Response = false }),
			pack(func(m *dns.Msg) { m.Answer[0].(*dns.A).A = net.IPv4(192, 0, 2, 2) }),
		}
	})
	rrs, err := Query(context.Background(), addr, "Home.Example.Test", TypeA, ClassIN)
	if err != nil || len(rrs) != 1 {
		t.Fatalf("Query = %v, %v", rrs, err)
	}
	if a, _ := rrs[0].Addr(); a != netip.MustParseAddr("192.0.2.2") {
		t.Errorf("address %v, want the real answer's", a)
	}
}

// TestExchangeMalformed: an answer with our ID that does not parse comes
// back with its header and ErrMalformed.
func TestExchangeMalformed(t *testing.T) {
	t.Parallel()
	addr := rawUDP(t, func(req []byte) [][]byte {
		out := append([]byte(nil), req...)
		out[2] |= 0x80 // QR
		out[7] = 1     // one answer, which is missing
		return [][]byte{out}
	})
	r, err := new(Client).Exchange(context.Background(), addr, NewQuery("x.test", TypeA, ClassIN))
	if !errors.Is(err, ErrMalformed) || r == nil || r.Rcode != RcodeSuccess {
		t.Fatalf("Exchange = %+v, %v", r, err)
	}
}

func TestExchangeDeadline(t *testing.T) {
	t.Parallel()
	addr := rawUDP(t, func([]byte) [][]byte { return nil })
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		timeout time.Duration
		want    error
	}{
		{name: "context deadline", want: context.DeadlineExceeded,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 200*time.Millisecond)
			}},
		{name: "client timeout", timeout: 200 * time.Millisecond, want: context.DeadlineExceeded,
			ctx: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		{name: "cancelled without deadline", want: context.Canceled,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(200*time.Millisecond, cancel)
				return ctx, cancel
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := (&Client{Timeout: tc.timeout}).Exchange(ctx, addr, NewQuery("x.test", TypeA, ClassIN))
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestExchangeTCPWrongID(t *testing.T) {
	t.Parallel()
	addr := miekgServer(t, testKey("hmac-sha256"), func(req *dns.Msg, _ string, _ error) *dns.Msg {
		m := new(dns.Msg).SetReply(req)
		m.Id++
		return m
	})
	long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63)
	m := NewUpdate("example.test")
	for range 3 {
		m.Authority = append(m.Authority, DeleteRRset(long, TypeA))
	}
	if _, err := new(Client).Exchange(context.Background(), addr, m); err == nil || !strings.Contains(err.Error(), "not for this message") {
		t.Errorf("err = %v", err)
	}
}
