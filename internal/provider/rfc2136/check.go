package rfc2136

import (
	"context"
	"fmt"
	"strings"

	"github.com/ddns-pi/ddns/internal/dnswire"
	"github.com/ddns-pi/ddns/internal/provider"
)

// CheckZone asks the server, signed with the key, for the SOA of zone (as
// DDNS_DOMAIN has it) and returns nil when the server answers it with
// authority: the key, the secret, the clock and the zone are right. It
// changes nothing at the server, so `ddns check --online` may call it.
// Errors are classified like Update's; it cannot tell whether the
// update-policy grants a name.
func (c *Client) CheckZone(ctx context.Context, zone string) error {
	if err := c.checkZone(ctx, zone); err != nil {
		return fmt.Errorf("rfc2136: check zone %s at %s: %w", zone, c.server, err)
	}
	return nil
}

func (c *Client) checkZone(ctx context.Context, zone string) error {
	apex, _, err := names(provider.Record{Domain: zone})
	if err != nil {
		return err
	}
	r, err := c.exchange(ctx, dnswire.NewQuery(apex, dnswire.TypeSOA, dnswire.ClassIN))
	q := query{server: c.server, zone: apex, name: apex, typ: "SOA", key: c.keyName, now: c.now}
	// A query's refusal means "no such zone here", not a policy on names.
	if r != nil && (r.TSIG == nil || r.TSIG.Error == dnswire.RcodeSuccess) {
		switch r.Rcode {
		case dnswire.RcodeRefused:
			return fmt.Errorf("%w: the server refuses to answer for %s to key %s (REFUSED); "+
				"it has no such zone, or its allow-query leaves the key out", provider.ErrNotFound,
				short(apex), short(c.keyName))
		case dnswire.RcodeNXDomain:
			return fmt.Errorf("%w: %s does not exist at the server (NXDOMAIN); check DDNS_DOMAIN: "+
				"it must be the zone itself, not a name inside it", provider.ErrNotFound, short(apex))
		}
	}
	if err := q.verdict(r, err); err != nil {
		return err
	}
	for _, rr := range r.Answer {
		if rr.Type == dnswire.TypeSOA && strings.EqualFold(rr.Name, apex) && r.Authoritative {
			return nil
		}
	}
	return fmt.Errorf("%w: the server has no zone %s (its answer holds no authoritative SOA for it; "+
		"check DDNS_DOMAIN: it must be the zone itself, not a name inside it)", provider.ErrNotFound, short(apex))
}
