// Package dynv6 publishes addresses through dynv6's REST API
// (https://dynv6.github.io/api-spec/, Bearer HTTP token). The zone's own
// name is its ipv4address and ipv6prefix fields (PATCH /zones/{id});
// every other name is a record (GET, PATCH of the data only, POST when
// missing). The simpler update API (https://dynv6.com/docs/apis) sets only
// a zone's own addresses, so the REST API is used for every name.
package dynv6

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is dynv6; the API lives under /api/v2.
const DefaultServer = "https://dynv6.com"

// Factory registers dynv6. dynv6 documents no rate limit.
var Factory = provider.Factory{
	Name:          "dynv6",
	Title:         "dynv6 (REST API; zones and records, A and AAAA)",
	Docs:          "https://dynv6.github.io/api-spec/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "an HTTP token from dynv6's Keys page (it may be limited to the zone)",
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

// Client talks to the API with one token. It keeps no state and is safe
// for concurrent use.
type Client struct {
	api jsonrest.API
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("dynv6: %w", err)
	}
	c := &Client{}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/api/v2/zones/",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
	}
	return c, nil
}

type zone struct {
	ID   int64  `json:"id"`
	IPv4 string `json:"ipv4address"`
	IPv6 string `json:"ipv6prefix"`
}

type record struct {
	ID   int64  `json:"id,omitempty"`
	Type string `json:"type,omitempty"`
	Name string `json:"name"`
	Data string `json:"data"`
}

// Update makes rec resolve to addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	var z zone
	if err := c.api.Do(ctx, http.MethodGet, "by-name/"+url.PathEscape(rec.Domain), nil, &z); err != nil {
		return err
	}
	id := strconv.FormatInt(z.ID, 10)
	if rec.Host == "" || rec.Host == "@" {
		return c.apex(ctx, id, z, addr)
	}
	var all []record
	if err := c.api.Do(ctx, http.MethodGet, id+"/records", nil, &all); err != nil {
		return err
	}
	typ := jsonrest.Type(addr)
	var same []record
	var values []string
	for _, r := range all {
		if r.Type == typ && strings.EqualFold(r.Name, rec.Host) {
			same = append(same, r)
			values = append(values, r.Data)
		}
	}
	path := func(i int) string { return id + "/records/" + strconv.FormatInt(same[i].ID, 10) }
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			return c.api.Do(ctx, http.MethodPost, id+"/records", record{Type: typ, Name: rec.Host, Data: addr.String()}, nil)
		},
		func(i int) error {
			return c.api.Do(ctx, http.MethodPatch, path(i), map[string]string{"data": addr.String()}, nil)
		},
		func(i int) error { return c.api.Do(ctx, http.MethodDelete, path(i), nil, nil) })
}

// apex sets the zone's own address field when it differs.
func (c *Client) apex(ctx context.Context, id string, z zone, addr netip.Addr) error {
	field, old := "ipv4address", z.IPv4
	if addr.Is6() {
		field, old = "ipv6prefix", z.IPv6
	}
	if a, err := netip.ParseAddr(old); err == nil && a == addr {
		return nil
	}
	if err := c.api.Do(ctx, http.MethodPatch, id, map[string]string{field: addr.String()}, nil); err != nil {
		return err
	}
	if old == "" {
		provider.NoteCreated(ctx)
	}
	return nil
}

// rules classify an error answer by the statuses the specification
// documents.
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound, Hint: "the zone or record is not in this dynv6 account"},
	{Status: http.StatusUnprocessableEntity, Err: provider.ErrRefused},
}

const authHint = "check the HTTP token, and that it is not limited to another zone"

// fail classifies an error answer by its status; the body ({"error":
// {"name", "message"}} where documented) is only quoted.
func (c *Client) fail(method string, resp *provider.Response) error {
	var e struct {
		Error struct {
			Name    string `json:"name"`
			Message string `json:"message"`
		} `json:"error"`
	}
	words := ""
	if json.Unmarshal(resp.Body, &e) == nil && e.Error.Message != "" {
		words = e.Error.Name + ": " + e.Error.Message
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, resp, words)
}
