// Package vultr publishes addresses through the Vultr API v2 DNS endpoints
// (https://www.vultr.com/api/#tag/dns): it lists the domain's records
// (cursor-paginated), changes an existing A or AAAA record with PATCH,
// which sends only the data so the TTL and priority stay, and creates a
// missing one with POST. Names are relative to the domain, "" for the
// apex.
package vultr

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the Vultr API.
const DefaultServer = "https://api.vultr.com"

// Settings are Vultr's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"300" desc:"TTL in seconds of a record ddns creates; an existing record keeps its own"`
}

// Validate checks the TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Vultr", Min: 1, Max: 2147483647, Default: 300}

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
	api jsonrest.API
	ttl int
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("vultr: %w", err)
	}
	c := &Client{ttl: 300}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl = s.TTL
	}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/v2/domains/",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
	}
	return c, nil
}

type record struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type,omitempty"`
	Name string `json:"name"`
	Data string `json:"data"`
	TTL  int    `json:"ttl,omitempty"`
}

// Update makes rec's A or AAAA records hold exactly addr (see
// jsonrest.Converge).
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	name, typ := jsonrest.Label(rec, ""), jsonrest.Type(addr)
	records := url.PathEscape(rec.Domain) + "/records"
	all, err := c.list(ctx, records)
	if err != nil {
		return err
	}
	var same []record
	var values []string
	for _, r := range all {
		if r.Type == typ && strings.EqualFold(r.Name, name) {
			same = append(same, r)
			values = append(values, r.Data)
		}
	}
	one := func(i int) string { return records + "/" + url.PathEscape(same[i].ID) }
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			return c.api.Do(ctx, http.MethodPost, records, record{Type: typ, Name: name, Data: addr.String(), TTL: c.ttl}, nil)
		},
		func(i int) error {
			return c.api.Do(ctx, http.MethodPatch, one(i), map[string]string{"data": addr.String()}, nil)
		},
		func(i int) error { return c.api.Do(ctx, http.MethodDelete, one(i), nil, nil) })
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
		if err := c.api.Do(ctx, http.MethodGet, records+"?"+q.Encode(), nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Records...)
		if cursor = page.Meta.Links.Next; cursor == "" {
			return all, nil
		}
	}
	return nil, fmt.Errorf("%w: the domain has more than %d pages of records", provider.ErrBadResponse, maxPages)
}

// rules classify an error answer by its status.
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound, Hint: "the domain is not in this Vultr account"},
	{Status: http.StatusBadRequest, Err: provider.ErrRefused},
	{Status: http.StatusUnprocessableEntity, Err: provider.ErrRefused},
}

const authHint = "check the API key and that its Access Control allows this machine's address"

// fail classifies an error answer: {"error": "...", "status": N}; a body
// without it is not Vultr's answer, so temporary.
func (c *Client) fail(method string, resp *provider.Response) error {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(resp.Body, &e) != nil || e.Error == "" {
		return jsonrest.Verdict(c.api.HTTP, nil, method, resp, "")
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, resp, e.Error)
}
