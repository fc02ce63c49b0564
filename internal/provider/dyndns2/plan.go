package dyndns2

import (
	"fmt"
	"net/netip"

	"github.com/ddns-pi/ddns/internal/provider"
)

// request is one GET: names in one domain that all get the same
// addresses.
type request struct {
	domain string
	v4, v6 netip.Addr
	hosts  []host
}

// host is one name in a request and the changes its answer settles.
type host struct {
	fqdn    string
	changes []int
}

// slot gathers what one name gets in one request.
type slot struct {
	rec     provider.Record
	v4, v6  netip.Addr
	changes []int
}

// plan groups changes into requests, setting errs for the changes no
// request can carry. A name's two families share a request where the
// service takes both; names that get the same addresses share one up to
// the service's limit.
func (c *Client) plan(changes []provider.Change, errs []error) []*request {
	var slots []*slot
	for i, ch := range changes {
		addr := ch.Addr.Unmap()
		switch {
		case !addr.IsValid():
			errs[i] = fmt.Errorf("%w: no address to publish", provider.ErrRefused)
			continue
		case addr.Is6() && c.p.V6 == V6None:
			errs[i] = fmt.Errorf("%w: %s cannot set AAAA records (IPv6 %s); publish IPv4 only for this provider",
				provider.ErrRefused, c.p.Name, addr)
			continue
		}
		s := c.slotFor(slots, ch.Record, addr)
		if s == nil {
			s = &slot{rec: ch.Record}
			slots = append(slots, s)
		}
		if addr.Is4() {
			s.v4 = addr
		} else {
			s.v6 = addr
		}
		s.changes = append(s.changes, i)
	}
	return c.group(slots)
}

// slotFor finds the slot that can take addr for rec as well, or nil.
func (c *Client) slotFor(slots []*slot, rec provider.Record, addr netip.Addr) *slot {
	if c.p.V6 == V6Separate || c.p.V6 == V6None {
		return nil // one address per request
	}
	for _, s := range slots {
		if s.rec == rec && ((addr.Is4() && !s.v4.IsValid()) || (addr.Is6() && !s.v6.IsValid())) {
			return s
		}
	}
	return nil
}

// group puts slots with the same domain and addresses into requests of
// at most hostsPerRequest names, each name once.
func (c *Client) group(slots []*slot) []*request {
	var reqs []*request
	max := c.p.hostsPerRequest()
	for _, s := range slots {
		fqdn := s.rec.FQDN()
		var r *request
		for _, open := range reqs {
			if open.domain == s.rec.Domain && open.v4 == s.v4 && open.v6 == s.v6 &&
				len(open.hosts) < max && !open.has(fqdn) {
				r = open
				break
			}
		}
		if r == nil {
			r = &request{domain: s.rec.Domain, v4: s.v4, v6: s.v6}
			reqs = append(reqs, r)
		}
		r.hosts = append(r.hosts, host{fqdn: fqdn, changes: s.changes})
	}
	return reqs
}

func (r *request) has(fqdn string) bool {
	for _, h := range r.hosts {
		if h.fqdn == fqdn {
			return true
		}
	}
	return false
}

// sent reports whether a is an address r carries.
func (r *request) sent(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsValid() && (a == r.v4 || a == r.v6)
}
