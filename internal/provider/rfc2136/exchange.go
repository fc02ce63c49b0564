package rfc2136

import (
	"context"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/provider"
)

// udpLimit is the largest message plain DNS carries over UDP (RFC 1035
// 4.2.1); the update messages carry no EDNS0, so a larger one goes over TCP.
const udpLimit = 512

// tsigFudge is the clock skew the server may accept, in seconds (RFC 8945
// recommends 300, BIND uses it).
const tsigFudge = 300

// exchange sends the message build makes, signed, and reads the answer:
// over UDP when it fits, over TCP when it does not or when the UDP answer
// comes back truncated. build is called once per message sent, because
// signing consumes the message. The answer comes back even with an error
// when the server sent one (a refusal of the key is unsigned, so its
// verification fails: the caller looks at the answer first).
func (c *Client) exchange(ctx context.Context, build func() *dns.Msg) (*dns.Msg, error) {
	m := c.sign(build())
	network := "udp"
	if m.Len()+64 > udpLimit { // the MAC is added when the message is packed
		network = "tcp"
	}
	r, err := c.send(ctx, network, m)
	if network == "udp" && r != nil && r.Truncated && ctx.Err() == nil {
		r, err = c.send(ctx, "tcp", c.sign(build()))
	}
	return r, err
}

// sign adds the TSIG record, stamped with the client's clock.
func (c *Client) sign(m *dns.Msg) *dns.Msg {
	m.SetTsig(c.keyName, c.alg, tsigFudge, c.now().Unix())
	return m
}

// send makes one exchange over network, bounded by ctx and c.timeout.
func (c *Client) send(ctx context.Context, network string, m *dns.Msg) (*dns.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	dc := &dns.Client{Net: network, TsigSecret: map[string]string{c.keyName: c.secret}, Timeout: c.timeout}
	provider.CountRequest(ctx)
	conn, err := dc.DialContext(ctx, c.server)
	if err != nil {
		return nil, err
	}
	// A deadline already bounds the exchange; closing on cancellation
	// covers a context cancelled without one.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	defer conn.Close()
	r, _, err := dc.ExchangeWithConnContext(ctx, m, conn)
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return r, err
}

// signedAt is the time the server's answer was signed, zero when unsigned.
func signedAt(r *dns.Msg) time.Time {
	if t := r.IsTsig(); t != nil {
		return time.Unix(int64(t.TimeSigned), 0)
	}
	return time.Time{}
}
