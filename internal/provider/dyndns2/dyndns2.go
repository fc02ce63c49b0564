// Package dyndns2 publishes addresses through the classic dyndns2 update
// protocol, GET /nic/update?hostname=<fqdn>[,<fqdn>...]&myip=<ip> with
// HTTP Basic auth (https://help.dyn.com/remote-access-api/perform-update/),
// for any server and for the services in Presets, which differ only as
// data: server, path, how IPv6 is sent, how many names one request takes,
// how the user name is formed.
//
// The answer is one line per name, in order, or one line for all (Dyn:
// "Return codes indicating a failure with the account or the system are
// given only once"); the words decide, whatever the HTTP status (deSEC
// answers 401 badauth and 404 nohost). See answer.go.
package dyndns2

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Client sends one preset's updates. It holds no mutable state and is
// safe for concurrent use.
type Client struct {
	p        Preset
	base     *url.URL
	user     string
	password string
	http     *provider.HTTP
}

// batchClient is a Client whose service takes several changes per
// request: the updater hands it every change of a run at once.
type batchClient struct{ *Client }

var (
	_ provider.Provider = (*Client)(nil)
	_ provider.Batcher  = batchClient{}
)

// New builds the client for preset p. A required DDNS_USERNAME is
// checked by the settings layer (Factory.Username).
func New(p Preset, env provider.Env) (provider.Provider, error) {
	base, err := env.Base(p.Server)
	if err != nil {
		return nil, err
	}
	if s, ok := env.Settings.(*Settings); ok && s.Dyndns2MaxHosts > 0 {
		p.MaxHosts = s.Dyndns2MaxHosts
	}
	c := &Client{p: p, base: base, user: env.Username, password: env.Password, http: env.HTTP}
	if p.batches() {
		return batchClient{c}, nil
	}
	return c, nil
}

// Update sets rec's A or AAAA record to addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	return c.updateAll(ctx, []provider.Change{{Record: rec, Addr: addr}})[0]
}

// UpdateBatch sends the changes in as few requests as the service allows
// (often one: every name and both families), one after the other, and
// returns one error per change.
func (b batchClient) UpdateBatch(ctx context.Context, changes []provider.Change) []error {
	return b.updateAll(ctx, changes)
}

func (c *Client) updateAll(ctx context.Context, changes []provider.Change) []error {
	errs := make([]error, len(changes))
	for n, r := range c.plan(changes, errs) {
		var results []error
		if err := c.pace(ctx, n); err != nil {
			results = same(len(r.hosts), fmt.Errorf("%w: not sent: %w", provider.ErrUnavailable, err))
		} else {
			results = c.send(ctx, r)
		}
		for i, err := range results {
			for _, k := range r.hosts[i].changes {
				errs[k] = err
			}
		}
	}
	return errs
}

// pace waits before the n-th request of a batch (from 0) as the
// preset's Spacing and Burst ask.
func (c *Client) pace(ctx context.Context, n int) error {
	if c.p.Spacing <= 0 || n < max(c.p.Burst, 1) {
		return ctx.Err()
	}
	t := time.NewTimer(c.p.Spacing)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// send makes one request and returns one verdict per host in it.
func (c *Client) send(ctx context.Context, r *request) []error {
	u := *c.base
	path := c.p.Path
	if path == "" {
		path = "/nic/update"
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	u.RawQuery = c.query(r)
	req, err := c.http.NewRequest(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return same(len(r.hosts), err)
	}
	req.SetBasicAuth(c.userFor(r), c.password)
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		// A 5xx may still carry the service's words ("911", "dnserr").
		if resp != nil && resp.Status >= 500 {
			if errs, ok := c.words(resp, r); ok {
				return errs
			}
		}
		return same(len(r.hosts), err)
	}
	if c.p.StatusOnly {
		return same(len(r.hosts), c.status(resp))
	}
	if errs, ok := c.words(resp, r); ok {
		return errs
	}
	return same(len(r.hosts), c.unknown(resp))
}

func (c *Client) query(r *request) string {
	names := make([]string, len(r.hosts))
	for i, h := range r.hosts {
		names[i] = h.fqdn
	}
	q := url.Values{or(c.p.HostParam, "hostname"): {strings.Join(names, ",")}}
	ip := or(c.p.IPParam, "myip")
	switch c.p.V6 {
	case V6Preserve:
		q.Set("myipv4", addrOr(r.v4, "preserve"))
		q.Set("myipv6", addrOr(r.v6, "preserve"))
	case V6Param:
		if r.v4.IsValid() {
			q.Set(ip, r.v4.String())
		}
		if r.v6.IsValid() {
			q.Set("myipv6", r.v6.String())
		}
	default: // V6Comma joins both; the others carry one address
		var addrs []string
		for _, a := range []netip.Addr{r.v4, r.v6} {
			if a.IsValid() {
				addrs = append(addrs, a.String())
			}
		}
		q.Set(ip, strings.Join(addrs, ","))
	}
	s := q.Encode()
	if c.p.Query != "" {
		s = c.p.Query + "&" + s
	}
	// Commas and IPv6 colons unescaped, as the services' examples show them.
	return strings.NewReplacer("%2C", ",", "%3A", ":").Replace(s)
}

// userFor is the Basic-auth user name for r.
func (c *Client) userFor(r *request) string {
	switch c.p.User {
	case UserDomain:
		return r.domain
	case UserFQDN:
		return r.hosts[0].fqdn
	case UserGivenOrFQDN:
		return or(c.user, r.hosts[0].fqdn)
	}
	return c.user
}

func same(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func addrOr(a netip.Addr, def string) string {
	if a.IsValid() {
		return a.String()
	}
	return def
}
