package rfc2136

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
	"github.com/ddns-pi/ddns/internal/provider/rfc2136/bindtest"
)

// TestConformance runs the shared suite against a real BIND. The suite's
// faults are HTTP-shaped, so a small proxy in front of BIND asks
// providertest.Faults about every DNS message, as an HTTP fake would about
// every request: a forced status becomes an unsigned SERVFAIL, a hang
// drops the message, a delay delays it.
func TestConformance(t *testing.T) {
	t.Parallel()
	key := bindtest.NewKey("ddns-key", "hmac-sha256")
	wrong := bindtest.NewKey("ddns-key", "hmac-sha256")
	providertest.Run(t, providertest.Harness{
		Factory: Factory,
		Start: func(t *testing.T, _ string) providertest.Fake {
			srv := bindtest.Start(t, bindtest.Config{Zone: zone, Keys: []bindtest.Key{key},
				Records: []string{"www IN A 192.0.2.80"}})
			faults := new(providertest.Faults)
			return providertest.Fake{
				URL:       faultProxy(t, srv.Addr, faults),
				Published: func(r provider.Record) []netip.Addr { return srv.Addrs(t, r.FQDN()) },
				Faults:    faults,
			}
		},
		Password:      key.Secret,
		WrongPassword: wrong.Secret,
		Settings: func() any {
			return &Settings{TSIGKeyName: key.Name, TSIGAlgorithm: key.Algorithm, TTL: 300}
		},
		Records: []provider.Record{rec("@"), rec("*"), rec("home"), rec("www")},
		Missing: provider.Record{Domain: "example.org", Host: "home"},
		DNS:     true,
	})
}

// faultProxy relays DNS over UDP and TCP from a new loopback port to
// target, applying f to each message. It stops at t.Cleanup, which also
// ends any message f holds.
func faultProxy(t *testing.T, target string, f *providertest.Faults) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pc, l := listenPair(t)
	t.Cleanup(func() { cancel(); pc.Close(); l.Close() })
	go func() {
		buf := make([]byte, dns.MaxMsgSize)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			msg := append([]byte(nil), buf[:n]...)
			go func() {
				if out := relay(ctx, f, "udp", target, msg); out != nil {
					_, _ = pc.WriteTo(out, from)
				}
			}()
		}
	}()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				stop := context.AfterFunc(ctx, func() { conn.Close() })
				defer stop()
				if msg, err := readTCP(conn); err == nil {
					if out := relay(ctx, f, "tcp", target, msg); out != nil {
						_ = writeTCP(conn, out)
					}
				}
			}()
		}
	}()
	return pc.LocalAddr().String()
}

// relay applies the faults to msg and then forwards it, returning the
// answer to send back or nil for none.
func relay(ctx context.Context, f *providertest.Faults, network, target string, msg []byte) []byte {
	w := httptest.NewRecorder()
	if f.Intercept(w, httptest.NewRequest(http.MethodPost, "/", nil).WithContext(ctx)) {
		if w.Code == http.StatusOK || ctx.Err() != nil {
			return nil // hang: the client gives up, the proxy says nothing
		}
		req := new(dns.Msg)
		if err := req.Unpack(msg); err != nil {
			return nil
		}
		out, _ := new(dns.Msg).SetRcode(req, dns.RcodeServerFailure).Pack()
		return out
	}
	conn, err := net.DialTimeout(network, target, 5*time.Second)
	if err != nil {
		return nil
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if network == "udp" {
		if _, err := conn.Write(msg); err != nil {
			return nil
		}
		buf := make([]byte, dns.MaxMsgSize)
		n, err := conn.Read(buf)
		if err != nil {
			return nil
		}
		return buf[:n]
	}
	if writeTCP(conn, msg) != nil {
		return nil
	}
	out, _ := readTCP(conn)
	return out
}

func readTCP(r io.Reader) ([]byte, error) {
	var n uint16
	if err := binary.Read(r, binary.BigEndian, &n); err != nil {
		return nil, err
	}
	msg := make([]byte, n)
	_, err := io.ReadFull(r, msg)
	return msg, err
}

func writeTCP(w io.Writer, msg []byte) error {
	if len(msg) > dns.MaxMsgSize {
		return errors.New("message too large")
	}
	_, err := w.Write(binary.BigEndian.AppendUint16(nil, uint16(len(msg))))
	if err == nil {
		_, err = w.Write(msg)
	}
	return err
}
