// Package namecheap publishes IPv4 addresses through Namecheap's dynamic DNS
// endpoint (GET /update?host=&domain=&password=&ip=, one host per request),
// documented at
// https://www.namecheap.com/support/knowledgebase/article.aspx/29/11/how-to-dynamically-update-the-hosts-ip-with-an-http-request/.
//
// The endpoint answers HTTP 200 even on failure; the verdict is the XML
// body's ErrCount and Err1..ErrN. It cannot set AAAA records.
package namecheap

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is Namecheap's DDNS endpoint (plain http also answers).
const DefaultServer = "https://dynamicdns.park-your-domain.com"

// Factory registers Namecheap with the provider registry. The endpoint takes
// one host per request and documents no rate limit, so a change of address
// for many hosts goes out 16 at a time (100 hosts at 50 ms latency: about
// 0.35 s) rather than one by one.
var Factory = provider.Factory{
	Name:          "namecheap",
	Title:         "Namecheap dynamic DNS (IPv4 only)",
	Docs:          "https://www.namecheap.com/support/knowledgebase/article.aspx/29/11/how-to-dynamically-update-the-hosts-ip-with-an-http-request/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the domain's Dynamic DNS password from Advanced DNS (not the account password)",
	IPv6:          false,
	Concurrency:   16,
	New:           New,
}

// Client talks to one Namecheap DDNS server with one per-domain DDNS
// password. It holds no mutable state and is safe for concurrent use.
type Client struct {
	base     *url.URL
	password string
	http     *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env. Env.Password is the domain's "Dynamic
// DNS Password" from Advanced DNS, not the account password.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("namecheap: %w", err)
	}
	return &Client{base: base, password: env.Password, http: env.HTTP}, nil
}

// Update sets the A record rec to addr. rec.Host goes to the service as the
// bare label ("@", "*", "home"): the full name fails with "A record not
// Found" (troglobit/inadyn #108).
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	// The caller adds "namecheap: update NAME:" to an error.
	return c.update(ctx, rec, addr)
}

func (c *Client) update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	if !addr.Is4() {
		return fmt.Errorf("%w: Namecheap's dynamic DNS endpoint cannot set AAAA records (IPv6 %s); "+
			"publish IPv4 only for this provider", provider.ErrRefused, addr)
	}
	host := rec.Host
	if host == "" {
		host = "@"
	}
	u := *c.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/update"
	u.RawQuery = url.Values{
		"host":     {host},
		"domain":   {rec.Domain},
		"password": {c.password},
		"ip":       {addr.String()},
	}.Encode()
	req, err := c.http.NewRequest(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	parsed, err := parseResponse(resp.Body, c.http.Quote)
	if err != nil {
		// A malformed query can get a plain, non-XML 400 (RMerl/asuswrt-merlin #971).
		return fmt.Errorf("%w (HTTP %d, body %q)", err, resp.Status, c.http.Excerpt(resp))
	}
	return verdict(parsed, addr)
}
