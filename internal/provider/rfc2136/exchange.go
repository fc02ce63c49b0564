package rfc2136

import (
	"context"
	"encoding/base64"

	"github.com/ddns-pi/ddns/internal/dnswire"
	"github.com/ddns-pi/ddns/internal/provider"
)

// exchange sends m, signed, and reads the answer: over UDP when it fits,
// over TCP when it does not or when the UDP answer comes back truncated;
// each message sent counts as one request. The answer comes back even with
// an error when the server sent one (a refusal of the key is unsigned, so
// its verification fails: the caller looks at the answer first).
func (c *Client) exchange(ctx context.Context, m *dnswire.Msg) (*dnswire.Msg, error) {
	secret, _ := base64.StdEncoding.DecodeString(c.secret) // checked by NewClient
	dc := dnswire.Client{
		Key:     &dnswire.Key{Name: c.keyName, Algorithm: c.alg, Secret: secret},
		Now:     c.now,
		Timeout: c.timeout,
		Sent:    func(string) { provider.CountRequest(ctx) },
	}
	return dc.Exchange(ctx, c.server, m)
}
