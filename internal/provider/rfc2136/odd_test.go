package rfc2136

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/rfc2136/bindtest"
)

// fakeDNS answers over UDP and TCP on one loopback port with answer, which
// gets the request and the network it came over ("udp", "tcp"). Signing the
// reply is answer's choice (m.SetTsig); the server knows secret.
func fakeDNS(t *testing.T, key bindtest.Key, answer func(req *dns.Msg, network string) *dns.Msg) string {
	t.Helper()
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		if m := answer(req, w.RemoteAddr().Network()); m != nil {
			_ = w.WriteMsg(m)
		}
	})
	secrets := map[string]string{dns.Fqdn(key.Name): key.Secret}
	pc, l := listenPair(t)
	// miekg's server answers NOTIMP to updates unless told to accept all.
	accept := func(dns.Header) dns.MsgAcceptAction { return dns.MsgAccept }
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
		pc.Close() // the TCP side of this port is taken: try another
	}
	t.Fatal("no loopback port free for both UDP and TCP")
	return nil, nil
}

func reply(req *dns.Msg, rcode int, signWith string) *dns.Msg {
	m := new(dns.Msg)
	m.SetRcode(req, rcode)
	if t := req.IsTsig(); t != nil && signWith != "" {
		m.SetTsig(t.Hdr.Name, t.Algorithm, 300, time.Now().Unix())
	}
	return m
}

// TestOddAnswers covers answers BIND does not give but a middlebox, another
// server or an attacker could.
func TestOddAnswers(t *testing.T) {
	t.Parallel()
	key := bindtest.NewKey("ddns-key", "hmac-sha256")
	forged := bindtest.NewKey("ddns-key", "hmac-sha256") // same name, other secret
	tests := []struct {
		name     string
		server   bindtest.Key
		answer   func(req *dns.Msg, network string) *dns.Msg
		want     error
		text     string
		requests int
	}{
		{name: "unsigned success", server: key, requests: 1,
			answer: func(req *dns.Msg, _ string) *dns.Msg { return reply(req, dns.RcodeSuccess, "") },
			want:   provider.ErrBadResponse, text: "not signed"},
		{name: "success signed with another secret", server: forged, requests: 1,
			answer: func(req *dns.Msg, _ string) *dns.Msg { return reply(req, dns.RcodeSuccess, "sign") },
			want:   provider.ErrBadResponse, text: "signature does not verify"},
		{name: "servfail", server: key, requests: 1,
			answer: func(req *dns.Msg, _ string) *dns.Msg { return reply(req, dns.RcodeServerFailure, "sign") },
			want:   provider.ErrUnavailable, text: "(SERVFAIL)"},
		{name: "not implemented", server: key, requests: 1,
			answer: func(req *dns.Msg, _ string) *dns.Msg { return reply(req, dns.RcodeNotImplemented, "") },
			want:   provider.ErrRefused, text: "does not implement dynamic update"},
		{name: "truncated over udp, whole over tcp", server: key, requests: 2,
			answer: func(req *dns.Msg, network string) *dns.Msg {
				m := reply(req, dns.RcodeSuccess, "sign")
				m.Truncated = network == "udp"
				return m
			}},
		{name: "no answer honours the deadline", server: key, requests: 1,
			answer: func(*dns.Msg, string) *dns.Msg { return nil },
			want:   provider.ErrUnavailable, text: "no answer from 127.0.0.1:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := fakeDNS(t, tc.server, tc.answer)
			var o provider.Observer
			ctx, cancel := context.WithTimeout(provider.WithObserver(context.Background(), &o), 500*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := newClient(t, addr, key, nil).Update(ctx, rec("home"), v4a)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.want != nil && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
			if o.Requests() != tc.requests {
				t.Errorf("requests = %d, want %d", o.Requests(), tc.requests)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("took %v, beyond the context's deadline", time.Since(start))
			}
			noSecret(t, err, key.Secret, forged.Secret)
		})
	}
}

// TestLargeMessageUsesTCP: a message over 512 bytes never goes over UDP.
func TestLargeMessageUsesTCP(t *testing.T) {
	t.Parallel()
	key := bindtest.NewKey(strings.Repeat("k", 60)+"."+strings.Repeat("e", 60), "hmac-sha512")
	var mu sync.Mutex
	var seen []string
	addr := fakeDNS(t, key, func(req *dns.Msg, network string) *dns.Msg {
		mu.Lock()
		seen = append(seen, network)
		mu.Unlock()
		return reply(req, dns.RcodeSuccess, "sign")
	})
	long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63)
	c := newClient(t, addr, key, nil)
	if err := c.Update(context.Background(), provider.Record{Domain: "example.test", Host: long}, v4a); err != nil {
		t.Fatal(err)
	}
	if err := c.Update(context.Background(), rec("home"), v4a); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, ",") != "tcp,udp" {
		t.Errorf("networks = %v, want tcp for the long name, udp for the short", seen)
	}
}

// TestServerDown: nothing listens, a temporary error comes back at once.
func TestServerDown(t *testing.T) {
	t.Parallel()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	key := bindtest.NewKey("ddns-key", "hmac-sha256")
	for _, call := range []func(c *Client) error{
		func(c *Client) error { return c.Update(context.Background(), rec("home"), v4a) },
		func(c *Client) error { return c.CheckZone(context.Background(), zone) },
	} {
		err := call(newClient(t, addr, key, nil))
		if !errors.Is(err, provider.ErrUnavailable) || provider.Permanent(err) {
			t.Errorf("err = %v, want temporary ErrUnavailable", err)
		}
		if err != nil && !strings.Contains(err.Error(), "no answer from "+addr) {
			t.Errorf("error %q does not name the server", err)
		}
		noSecret(t, err, key.Secret)
	}
}
