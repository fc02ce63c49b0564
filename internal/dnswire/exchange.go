package dnswire

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// udpLimit is the largest message plain DNS carries over UDP (RFC 1035
// 4.2.1); this package sends no EDNS0, so a larger one goes over TCP.
const udpLimit = 512

// DefaultTimeout bounds one message's exchange when Client.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Client exchanges messages with DNS servers. The zero value sends
// unsigned messages with DefaultTimeout. It is safe for concurrent use
// when its fields are not changed.
type Client struct {
	// Key, when set, signs every message and verifies every answer.
	Key *Key
	// Now is the clock that signs and checks signatures; nil is time.Now.
	Now func() time.Time
	// Timeout bounds each message sent (UDP, then TCP after a truncated
	// answer); the context's deadline applies when sooner.
	Timeout time.Duration
	// Sent, when set, is called before each message goes out, with
	// "udp" or "tcp": a hook for request counters and tests.
	Sent func(network string)
}

// Exchange sends m to server ("host:port") and returns the answer. It sets
// m.ID to a random value for each message, signs with c.Key, and goes over
// UDP unless the message exceeds 512 bytes or the UDP answer is truncated,
// then over TCP. Over UDP, datagrams that are not the answer (another ID,
// another question, not a response) are ignored; over TCP they are an
// error.
//
// With a Key, the answer comes back even when its verification fails, with
// Verify's error (ErrUnsigned, ErrBadSignature, ErrBadTime or a
// *TSIGError), so the caller can read what the server said. An answer that
// does not parse comes back with its header and an error wrapping
// ErrMalformed. A context that ends first gives its own error.
func (c *Client) Exchange(ctx context.Context, server string, m *Msg) (*Msg, error) {
	r, err := c.send(ctx, server, m, false)
	if r != nil && r.Truncated && ctx.Err() == nil {
		r, err = c.send(ctx, server, m, true)
	}
	if err != nil || c.Key == nil {
		return r, err
	}
	return r, r.Verify(*c.Key, r.requestMAC, c.now())
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// send makes one exchange, over TCP when tcp is set or the message needs
// it. The answer keeps the request's MAC in requestMAC for Verify.
func (c *Client) send(ctx context.Context, server string, m *Msg, tcp bool) (*Msg, error) {
	var id [2]byte
	_, _ = rand.Read(id[:]) // crypto/rand does not fail (Go 1.24)
	m.ID = binary.BigEndian.Uint16(id[:])
	wire, err := m.Pack()
	if err != nil {
		return nil, err
	}
	var mac []byte
	if c.Key != nil {
		if wire, mac, err = Sign(wire, *c.Key, c.now()); err != nil {
			return nil, err
		}
	}
	network := "udp"
	if tcp || len(wire) > udpLimit {
		network = "tcp"
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if c.Sent != nil {
		c.Sent(network)
	}
	r, err := roundTrip(ctx, network, server, wire, m)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded): // the conn's deadline is ctx's, a hair sooner
		return nil, context.DeadlineExceeded
	}
	if r != nil {
		r.requestMAC = mac
	}
	return r, err
}

// roundTrip dials server, writes wire and reads the answer to m.
func roundTrip(ctx context.Context, network, server string, wire []byte, m *Msg) (*Msg, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// The deadline bounds reads and writes; closing on cancellation
	// covers a context cancelled before it.
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	if network == "tcp" {
		return exchangeTCP(conn, wire, m)
	}
	return exchangeUDP(conn, wire, m)
}

func exchangeUDP(conn net.Conn, wire []byte, m *Msg) (*Msg, error) {
	if _, err := conn.Write(wire); err != nil {
		return nil, err
	}
	buf := make([]byte, 0xffff)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return nil, err
		}
		r, err := Parse(append([]byte(nil), buf[:n]...))
		if r == nil || r.ID != m.ID || (err == nil && !answers(r, m)) {
			continue // not ours: a late answer to another query, or forged
		}
		return r, err
	}
}

func exchangeTCP(conn net.Conn, wire []byte, m *Msg) (*Msg, error) {
	out := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(wire)), uint16(len(wire)))
	if _, err := conn.Write(append(out, wire...)); err != nil {
		return nil, err
	}
	var size [2]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		return nil, err
	}
	buf := make([]byte, binary.BigEndian.Uint16(size[:]))
	if _, err := io.ReadFull(conn, buf); err != nil {
		return nil, err
	}
	r, err := Parse(buf)
	if err != nil {
		return r, err
	}
	if r.ID != m.ID || !answers(r, m) {
		return nil, errors.New("dnswire: the TCP answer is not for this message (ID or question differ)")
	}
	return r, nil
}

// answers reports whether r is a response to m: same opcode and question.
// A refusal may carry no question (RFC 1035 does not require it for
// FORMERR or NOTIMP).
func answers(r, m *Msg) bool {
	if !r.Response || r.Opcode != m.Opcode {
		return false
	}
	if len(r.Question) == 0 {
		return r.Rcode != RcodeSuccess
	}
	if len(r.Question) != len(m.Question) {
		return false
	}
	for i, q := range m.Question {
		p := r.Question[i]
		if p.Type != q.Type || p.Class != q.Class || !sameName(p.Name, q.Name) {
			return false
		}
	}
	return true
}

// RcodeError is an answer whose RCODE is not NOERROR.
type RcodeError struct {
	Rcode int
}

func (e *RcodeError) Error() string { return "dnswire: the server answered " + RcodeName(e.Rcode) }

// Query asks server ("host:port") for name's records of type typ and class
// class, unsigned, with recursion desired, and returns those of the answer
// section with that name, type and class (no CNAME is followed). An
// answer other than NOERROR is a *RcodeError; NOERROR without such
// records is an empty slice and no error. DefaultTimeout bounds it when
// ctx has no sooner deadline.
func Query(ctx context.Context, server, name string, typ, class uint16) ([]RR, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	m := NewQuery(name, typ, class)
	m.RecursionDesired = true
	r, err := new(Client).Exchange(ctx, server, m)
	if err != nil {
		return nil, fmt.Errorf("dnswire: query %s at %s: %w", fqdn(name), server, err)
	}
	if r.Rcode != RcodeSuccess {
		return nil, &RcodeError{Rcode: r.Rcode}
	}
	var out []RR
	for _, rr := range r.Answer {
		if rr.Type == typ && rr.Class == class && sameName(rr.Name, name) {
			out = append(out, rr)
		}
	}
	return out, nil
}
