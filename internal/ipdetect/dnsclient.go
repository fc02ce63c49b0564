package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// maxDNSAnswer bounds a UDP answer read (EDNS0 is not offered, so a
// well-behaved server sends at most 512 bytes).
const maxDNSAnswer = 1232

// exchange sends one question to server over UDP of family f and returns
// the answer section of the matching reply. Datagrams that do not answer
// this question (another ID or question: late or forged) are skipped until
// ctx ends. The stub resolver of package net cannot ask in class CH, hence
// this small client; x/net's dnsmessage is the parser the standard library
// itself uses.
func exchange(ctx context.Context, f Family, server string, q dnsmessage.Question) ([]dnsmessage.Resource, error) {
	id := uint16(rand.Uint32())
	query := dnsmessage.Message{Header: dnsmessage.Header{ID: id, RecursionDesired: false}, Questions: []dnsmessage.Question{q}}
	packed, err := query.Pack()
	if err != nil {
		return nil, fmt.Errorf("build query: %w", err)
	}
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, f.Network("udp"), server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := conn.Write(packed); err != nil {
		return nil, ctxOr(ctx, err)
	}
	buf := make([]byte, maxDNSAnswer)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return nil, ctxOr(ctx, err)
		}
		var reply dnsmessage.Message
		if reply.Unpack(buf[:n]) != nil || !answers(reply, id, q) {
			continue
		}
		return replyAnswers(reply)
	}
}

// answers reports whether reply is the response to question q with id.
func answers(reply dnsmessage.Message, id uint16, q dnsmessage.Question) bool {
	if !reply.Response || reply.ID != id || len(reply.Questions) != 1 {
		return false
	}
	got := reply.Questions[0]
	return got.Type == q.Type && got.Class == q.Class && strings.EqualFold(got.Name.String(), q.Name.String())
}

func replyAnswers(reply dnsmessage.Message) ([]dnsmessage.Resource, error) {
	switch {
	case reply.RCode == dnsmessage.RCodeNameError:
		return nil, errors.New("no such name (only the service's own server knows this name)")
	case reply.RCode != dnsmessage.RCodeSuccess:
		return nil, fmt.Errorf("server answered %s", strings.TrimPrefix(reply.RCode.String(), "RCode"))
	case reply.Truncated:
		return nil, errors.New("answer truncated (too long for an echo answer)")
	}
	return reply.Answers, nil
}

// ctxOr prefers the context's error: a deadline set by AfterFunc shows up
// as an i/o timeout that says less.
func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
