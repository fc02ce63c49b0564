package cloudflare

import (
	"context"
	"fmt"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// zoneCache remembers each zone's id for the client's lifetime (one run),
// so a run costs one zone lookup however many records it updates, and
// concurrent updates wait for the lookup in flight instead of sending
// their own. A refusal (no such zone, bad token) is remembered too; a
// temporary failure is not, and the next caller tries again.
type zoneCache struct {
	lock chan struct{} // a mutex that a waiter can give up on (ctx)
	ids  map[string]zoneResult
}

type zoneResult struct {
	id  string
	err error
}

func newZoneCache() zoneCache {
	return zoneCache{lock: make(chan struct{}, 1), ids: map[string]zoneResult{}}
}

// id returns domain's zone id, calling find at most once per domain
// unless it failed temporarily.
func (z *zoneCache) id(ctx context.Context, domain string, find func(context.Context, string) (string, error)) (string, error) {
	select {
	case z.lock <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("%w: waiting for the zone lookup: %w", provider.ErrUnavailable, ctx.Err())
	}
	defer func() { <-z.lock }()
	key := strings.ToLower(domain)
	if r, ok := z.ids[key]; ok {
		return r.id, r.err
	}
	id, err := find(ctx, domain)
	if err == nil || provider.Permanent(err) {
		z.ids[key] = zoneResult{id, err}
	}
	return id, err
}
