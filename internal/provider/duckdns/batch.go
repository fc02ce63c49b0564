package duckdns

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// UpdateBatch sends every change in one request: every name, the IPv4
// address in ip and the IPv6 one in ipv6. In a run every name gets the
// same address of a family; a batch that asks for two addresses of one
// family (never made by ddns) is sent one change per request instead.
//
// KO says nothing about why: a wrong token, a name not in the account,
// and a bad address all get it. ddns sends only addresses that passed its
// checks, so it is the token or a name. When a request for several names
// gets KO, each name is sent again alone: names that then succeed prove
// the token good, and the names that still get KO are unknown
// (ErrNotFound; the other names go on). When every name (or the only
// one) gets KO, nothing tells the token from a name, and the answer is
// ErrAuth: the run stops, and either is fixed by editing the settings
// (the record's name is part of the settings fingerprint, so correcting a
// name lifts the refusal too).
func (c *Client) UpdateBatch(ctx context.Context, changes []provider.Change) []error {
	errs := make([]error, len(changes))
	var names []string
	var addrs [2]netip.Addr // IPv4, IPv6
	uniform := true
	for i, ch := range changes {
		name, a, err := check(ch)
		if err != nil {
			errs[i] = err
			continue
		}
		f := 0
		if a.Is6() {
			f = 1
		}
		uniform = uniform && (!addrs[f].IsValid() || addrs[f] == a)
		addrs[f] = a
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if !uniform {
		for i, ch := range changes {
			if errs[i] == nil {
				errs[i] = c.Update(ctx, ch.Record, ch.Addr)
			}
		}
		return errs
	}
	verdict := c.names(ctx, names, addrs)
	for i, ch := range changes {
		if errs[i] == nil {
			errs[i] = verdict[slices.Index(names, ch.Record.Host)]
		}
	}
	return errs
}

// names sends one request for names and returns each name's verdict in
// the same order, sending each name alone after a KO for several.
func (c *Client) names(ctx context.Context, names []string, addrs [2]netip.Addr) []error {
	out := make([]error, len(names))
	err := c.send(ctx, names, addrs[0], addrs[1])
	if !errors.Is(err, errKO) || len(names) == 1 {
		for i := range names {
			out[i] = ko(err, false, names)
		}
		return out
	}
	tokenWorks := false
	for i, n := range names {
		out[i] = c.send(ctx, []string{n}, addrs[0], addrs[1])
		tokenWorks = tokenWorks || out[i] == nil
	}
	for i, n := range names {
		out[i] = ko(out[i], tokenWorks, []string{n})
	}
	return out
}

// ko gives errKO its meaning: an unknown name when the token worked for
// other names, else the token or a name.
func ko(err error, tokenWorks bool, names []string) error {
	switch {
	case !errors.Is(err, errKO):
		return err
	case tokenWorks:
		return fmt.Errorf("%w: DuckDNS answered KO for %s while the token worked for other names: "+
			"the account has no such sub-domain (check DDNS_HOSTS)", provider.ErrNotFound, names[0])
	}
	return fmt.Errorf("%w: DuckDNS answered KO for %s: the token (DDNS_API_PASSWORD) is wrong, or the account "+
		"has no such sub-domain (DDNS_HOSTS)", provider.ErrAuth, strings.Join(names, ","))
}

// check returns ch's DuckDNS name and address, or the refusal the settings
// check would have given (for callers that skipped it).
func check(ch provider.Change) (string, netip.Addr, error) {
	rec, a := ch.Record, ch.Addr.Unmap()
	switch {
	case !strings.EqualFold(rec.Domain, Zone):
		return "", a, fmt.Errorf("%w: DuckDNS serves only duckdns.org, not %q (DDNS_DOMAIN)", provider.ErrNotFound, rec.Domain)
	case rec.Host == "" || checkHost(rec.Host) != nil:
		return "", a, fmt.Errorf("%w: %q is not a DuckDNS sub-name (DDNS_HOSTS)", provider.ErrNotFound, rec.Host)
	case !a.IsValid():
		return "", a, fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	return rec.Host, a, nil
}
