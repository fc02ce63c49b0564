// Package duckdns publishes addresses at DuckDNS
// (https://www.duckdns.org/spec.jsp): one GET carries every sub-name and
// both families, and the body is OK or KO, always with HTTP 200.
package duckdns

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is DuckDNS's address; the client appends /update.
const DefaultServer = "https://www.duckdns.org"

// Zone is the only DDNS_DOMAIN DuckDNS serves.
const Zone = "duckdns.org"

// Factory registers DuckDNS. It batches, so Concurrency only matters for
// the per-name requests that follow a KO.
var Factory = provider.Factory{
	Name:          "duckdns",
	Title:         "DuckDNS (A and AAAA, every name in one request)",
	Docs:          "https://www.duckdns.org/spec.jsp",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the account token shown on duckdns.org",
	CheckRecords:  CheckRecords,
	IPv6:          true,
	Concurrency:   1,
	New:           New,
}

// CheckRecords refuses at `ddns check` what DuckDNS would answer KO to: it
// only serves duckdns.org, and answers KO to a name with an upper-case
// letter (reported in home-assistant/addons on GitHub, number 2387).
// Empty values are left to the shared checks.
func CheckRecords(domain string, hosts []string) error {
	var errs []error
	if d := strings.TrimSuffix(strings.TrimSpace(domain), "."); d != "" && !strings.EqualFold(d, Zone) {
		errs = append(errs, fmt.Errorf("DDNS_DOMAIN=%q: DuckDNS serves only duckdns.org; set DDNS_DOMAIN=duckdns.org "+
			"and put the sub-names in DDNS_HOSTS", domain))
	}
	for _, h := range hosts {
		if err := checkHost(strings.TrimSpace(h)); err != nil {
			errs = append(errs, fmt.Errorf("DDNS_HOSTS: %w", err))
		}
	}
	return errors.Join(errs...)
}

// checkHost accepts a DuckDNS sub-name: lower-case letters, digits and
// hyphens (the names duckdns.org lets one register).
func checkHost(h string) error {
	switch {
	case h == "":
		return nil
	case h == "@" || h == "*":
		return fmt.Errorf("%q: DuckDNS has no record for the domain itself or a wildcard; use your sub-names", h)
	case strings.ToLower(h) != h:
		return fmt.Errorf("%q: DuckDNS answers KO to upper case; write %q", h, strings.ToLower(h))
	case strings.ContainsFunc(h, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }):
		return fmt.Errorf("%q is not a DuckDNS sub-name (letters, digits and hyphens; myhome for myhome.duckdns.org)", h)
	}
	return nil
}

// Client sends updates with one token. It holds no mutable state and is
// safe for concurrent use.
type Client struct {
	endpoint string
	token    string
	http     *provider.HTTP
}

var (
	_ provider.Provider = (*Client)(nil)
	_ provider.Batcher  = (*Client)(nil)
)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	return &Client{endpoint: strings.TrimSuffix(base.String(), "/") + "/update", token: env.Password, http: env.HTTP}, nil
}

// Update is a batch of one.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	name, a, err := check(provider.Change{Record: rec, Addr: addr})
	if err != nil {
		return err
	}
	var addrs [2]netip.Addr
	if a.Is6() {
		addrs[1] = a
	} else {
		addrs[0] = a
	}
	return c.names(ctx, []string{name}, addrs)[0]
}

// send makes one request for names with v4 and/or v6 (an invalid Addr is
// left out; callers always give one of them) and returns nil on OK.
//
// An absent ip lets DuckDNS take the IPv4 address the request came from;
// a request with ipv6 turns that off (spec.jsp), so a request without ip
// always carries ipv6.
func (c *Client) send(ctx context.Context, names []string, v4, v6 netip.Addr) error {
	q := "?domains=" + url.QueryEscape(strings.Join(names, ",")) + "&token=" + url.QueryEscape(c.token)
	if v4.IsValid() {
		q += "&ip=" + v4.String()
	}
	if v6.IsValid() {
		q += "&ipv6=" + v6.String()
	}
	req, err := c.http.NewRequest(ctx, http.MethodGet, c.endpoint+q, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	switch body := strings.TrimSpace(string(resp.Body)); {
	case resp.Status != http.StatusOK:
		return fmt.Errorf("%w: HTTP %d: %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	case body == "OK":
		return nil
	case body == "KO":
		return errKO
	}
	return fmt.Errorf("%w: neither OK nor KO: %s", provider.ErrBadResponse, c.http.Excerpt(resp))
}

// errKO is DuckDNS's only failure word; batch.go decides what it means.
var errKO = errors.New("KO")
