package duckdns

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// entry is one sub-name with the address of each family it is to get.
type entry struct {
	name     string
	v4, v6   netip.Addr
	changes  []int // indexes into the batch
	problems error // a change DuckDNS cannot take
}

// UpdateBatch sends every change in as few requests as the addresses
// allow: names that get the same pair of addresses share one request (in
// a run, that is all of them).
//
// KO says nothing about why: a wrong token, a name not in the account,
// and a bad address all get it. ddns sends only addresses that passed its
// checks, so it is the token or a name. When a request for several names
// gets KO, each name is sent again alone: names that then succeed prove
// the token good, and the names that still get KO are unknown
// (ErrNotFound, the other names go on). When every name (or the only
// one) gets KO, nothing tells the token from the name apart, and the
// answer is ErrAuth: the run stops, and both are fixed by editing the
// settings (DDNS_HOSTS is part of the settings fingerprint through this
// provider's Settings, so correcting a name lifts the refusal too).
func (c *Client) UpdateBatch(ctx context.Context, changes []provider.Change) []error {
	errs := make([]error, len(changes))
	groups := map[[2]netip.Addr][]*entry{}
	var order [][2]netip.Addr
	for _, e := range entries(changes) {
		if e.problems != nil {
			for _, i := range e.changes {
				errs[i] = e.problems
			}
			continue
		}
		k := [2]netip.Addr{e.v4, e.v6}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	for _, k := range order {
		for e, err := range c.group(ctx, groups[k], k[0], k[1]) {
			for _, i := range e.changes {
				errs[i] = err
			}
		}
	}
	return errs
}

// group sends one request for es, and one per name after a KO.
func (c *Client) group(ctx context.Context, es []*entry, v4, v6 netip.Addr) map[*entry]error {
	out := map[*entry]error{}
	err := c.send(ctx, names(es), v4, v6)
	if !errors.Is(err, errKO) || len(es) == 1 {
		for _, e := range es {
			out[e] = koMeaning(err, provider.ErrAuth, names(es))
		}
		return out
	}
	anyOK := false
	for _, e := range es {
		out[e] = c.send(ctx, []string{e.name}, v4, v6)
		anyOK = anyOK || out[e] == nil
	}
	for _, e := range es {
		if anyOK {
			out[e] = koMeaning(out[e], provider.ErrNotFound, []string{e.name})
		} else {
			out[e] = koMeaning(out[e], provider.ErrAuth, names(es))
		}
	}
	return out
}

// koMeaning turns errKO into sentinel with a message naming what to check.
func koMeaning(err, sentinel error, names []string) error {
	if !errors.Is(err, errKO) {
		return err
	}
	if sentinel == provider.ErrNotFound {
		return fmt.Errorf("%w: DuckDNS answered KO for %s while the token worked for other names: "+
			"the account has no such sub-domain (check DDNS_HOSTS)", provider.ErrNotFound, names[0])
	}
	return fmt.Errorf("%w: DuckDNS answered KO for %s: the token (DDNS_API_PASSWORD) is wrong, or the account "+
		"has no such sub-domain (DDNS_HOSTS)", provider.ErrAuth, strings.Join(names, ","))
}

func names(es []*entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.name
	}
	return out
}

// entries folds the changes into one entry per sub-name (a second change
// of the same name and family gets its own entry).
func entries(changes []provider.Change) []*entry {
	var out []*entry
	for i, ch := range changes {
		name, err := subName(ch.Record)
		addr := ch.Addr.Unmap()
		if err == nil && !addr.IsValid() {
			err = fmt.Errorf("%w: no address to publish", provider.ErrRefused)
		}
		var e *entry
		for _, x := range out {
			if x.name == name && x.problems == nil && err == nil && !x.has(addr) {
				e = x
				break
			}
		}
		if e == nil {
			e = &entry{name: name, problems: err}
			out = append(out, e)
		}
		e.changes = append(e.changes, i)
		if err == nil {
			e.set(addr)
		}
	}
	return out
}

func (e *entry) has(a netip.Addr) bool {
	if a.Is4() {
		return e.v4.IsValid()
	}
	return e.v6.IsValid()
}

func (e *entry) set(a netip.Addr) {
	if a.Is4() {
		e.v4 = a
	} else {
		e.v6 = a
	}
}

// subName is rec's DuckDNS name, or the refusal the settings check would
// have given (for callers that skipped it).
func subName(rec provider.Record) (string, error) {
	if !strings.EqualFold(rec.Domain, Zone) {
		return "", fmt.Errorf("%w: DuckDNS serves only duckdns.org, not %q (DDNS_DOMAIN)", provider.ErrNotFound, rec.Domain)
	}
	if err := checkHost(rec.Host); err != nil || rec.Host == "" {
		return "", fmt.Errorf("%w: %q is not a DuckDNS sub-name (DDNS_HOSTS)", provider.ErrNotFound, rec.Host)
	}
	return rec.Host, nil
}
