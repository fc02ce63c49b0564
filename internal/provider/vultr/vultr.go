// Package vultr publishes addresses through the Vultr API v2 DNS endpoints
// (https://www.vultr.com/api/#tag/dns): it lists the domain's records
// (cursor-paginated), changes an existing A or AAAA record with PATCH,
// which sends only the data so the TTL and priority stay, and creates a
// missing one with POST. Names are relative to the domain, "" for the
// apex.
package vultr

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/jsonapi"
)

// DefaultServer is the Vultr API.
const DefaultServer = "https://api.vultr.com"

// Settings are Vultr's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"300" desc:"TTL in seconds of a record ddns creates; an existing record keeps its own"`
}

// Validate checks the TTL.
func (s *Settings) Validate() error {
	if s.TTL < 1 || s.TTL > 2147483647 {
		return fmt.Errorf("DDNS_TTL=%d is out of range; use 1 to 2147483647 seconds (300 is usual)", s.TTL)
	}
	return nil
}

// Factory registers Vultr. Vultr may answer 429 above 30 requests a
// second per address
// (https://docs.vultr.com/support/platform/api/what-rate-limits-apply-to-the-vultr-api);
// an update is two or three requests, so calls are spaced 100 ms apart.
var Factory = provider.Factory{
	Name:          "vultr",
	Title:         "Vultr DNS (API v2; A and AAAA)",
	Docs:          "https://www.vultr.com/api/#tag/dns",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "a Vultr API key; its Access Control must allow this machine's address",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   4,
	Spacing:       100 * time.Millisecond,
	Burst:         3,
	New:           New,
}

// Client talks to the API with one key. It keeps no state and is safe for
// concurrent use.
type Client struct {
	base string
	auth string
	ttl  int
	http *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("vultr: %w", err)
	}
	ttl := 300
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		ttl = s.TTL
	}
	return &Client{base: strings.TrimSuffix(base.String(), "/"), auth: "Bearer " + env.Password, ttl: ttl, http: env.HTTP}, nil
}

type record struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type,omitempty"`
	Name string `json:"name"`
	Data string `json:"data"`
	TTL  int    `json:"ttl,omitempty"`
}

// Update makes rec's A or AAAA records hold exactly addr (see
// jsonapi.Converge).
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	name, typ := rec.Host, jsonapi.Type(addr)
	if name == "@" {
		name = ""
	}
	records := c.base + "/v2/domains/" + url.PathEscape(rec.Domain) + "/records"
	all, err := c.list(ctx, records)
	if err != nil {
		return err
	}
	var same []record
	var values []string
	for _, r := range all {
		if r.Type == typ && strings.EqualFold(r.Name, name) {
			same = append(same, r)
			values = append(values, jsonapi.Canonical(r.Data))
		}
	}
	one := func(method string, i int, in any) error {
		return c.call(ctx, method, records+"/"+url.PathEscape(same[i].ID), in, http.StatusNoContent)
	}
	return jsonapi.Converge(ctx, c.http, values, addr.String(),
		func() error {
			return c.call(ctx, http.MethodPost, records, record{Type: typ, Name: name, Data: addr.String(), TTL: c.ttl}, http.StatusCreated)
		},
		func(i int) error { return one(http.MethodPatch, i, map[string]string{"data": addr.String()}) },
		func(i int) error { return one(http.MethodDelete, i, nil) })
}

// maxPages bounds the listing (500 records a page).
const maxPages = 20

func (c *Client) list(ctx context.Context, records string) ([]record, error) {
	var all []record
	cursor := ""
	for range maxPages {
		q := url.Values{"per_page": {"500"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Records []record `json:"records"`
			Meta    struct {
				Links struct {
					Next string `json:"next"`
				} `json:"links"`
			} `json:"meta"`
		}
		resp, err := jsonapi.Send(ctx, c.http, http.MethodGet, records+"?"+q.Encode(), c.auth, nil)
		if err != nil {
			return nil, err
		}
		if resp.Status != http.StatusOK {
			return nil, c.verdict(resp)
		}
		if err := jsonapi.Decode(c.http, resp, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Records...)
		if cursor = page.Meta.Links.Next; cursor == "" {
			return all, nil
		}
	}
	return nil, fmt.Errorf("%w: the domain has more than %d pages of records", provider.ErrBadResponse, maxPages)
}

// call sends one change and expects the status want.
func (c *Client) call(ctx context.Context, method, u string, in any, want int) error {
	resp, err := jsonapi.Send(ctx, c.http, method, u, c.auth, in)
	if err != nil {
		return err
	}
	if resp.Status != want && resp.Status != http.StatusOK {
		return c.verdict(resp)
	}
	return nil
}

// verdict classifies an error answer: {"error": "...", "status": N}.
func (c *Client) verdict(resp *provider.Response) error {
	var e struct {
		Error string `json:"error"`
	}
	if jsonapi.Decode(c.http, resp, &e) != nil || e.Error == "" {
		return fmt.Errorf("%w: HTTP %d: %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	text := fmt.Sprintf("HTTP %d: %s", resp.Status, c.http.Quote(e.Error))
	switch resp.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%w: %s (check the API key and that its Access Control allows this machine's address)", provider.ErrAuth, text)
	case http.StatusNotFound:
		return fmt.Errorf("%w: %s (the domain is not in this Vultr account)", provider.ErrNotFound, text)
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	}
	return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}
