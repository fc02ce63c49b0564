// Package digitalocean publishes addresses through the DigitalOcean
// Domains API (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records):
// list the name's records of one type, PATCH the data of the first when it
// differs, POST a new one when there is none, then delete any further
// records of that name and type, so the name ends with exactly one.
package digitalocean

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

// DefaultServer is the API base; ddns appends /v2/domains/....
const DefaultServer = "https://api.digitalocean.com"

// Settings are the provider's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"1800" desc:"TTL in seconds of a record ddns creates (30 or more); an existing record keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "DigitalOcean", Min: 30, Max: 2147483647, Default: 1800}

// Factory registers DigitalOcean. The API allows 250 requests a minute
// and 5000 an hour per token (documented); four at a time stays far below.
var Factory = provider.Factory{
	Name:          "digitalocean",
	Title:         "DigitalOcean Domains API (A and AAAA)",
	Docs:          "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "a personal access token with the domain:read and domain:update scopes (domain:create to create records)",
	Settings:      func() any { return &Settings{TTL: 1800} },
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

type client struct {
	api jsonrest.API
	ttl int
}

// New builds the provider from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("digitalocean: %w", err)
	}
	c := &client{ttl: 1800}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl = s.TTL
	}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/v2/domains/",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
		Limit:  1 << 20,
	}
	return c, nil
}

// record is one domain record; only the fields ddns reads.
type record struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Data string `json:"data"`
}

// Update makes rec's A or AAAA records exactly addr.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	typ, zone := jsonrest.Type(addr), url.PathEscape(strings.ToLower(rec.Domain))+"/records"
	// The name filter takes the full name; answers carry relative names.
	q := url.Values{"type": {typ}, "name": {strings.ToLower(rec.FQDN())}, "per_page": {"200"}}
	var list struct {
		Records *[]record `json:"domain_records"`
	}
	if err := c.api.Do(ctx, http.MethodGet, zone+"?"+q.Encode(), nil, &list); err != nil {
		return err
	}
	if list.Records == nil {
		return fmt.Errorf("%w: the answer has no domain_records", provider.ErrBadResponse)
	}
	recs := *list.Records
	values := make([]string, len(recs))
	for i, r := range recs {
		values[i] = r.Data
	}
	one := func(i int) string { return zone + "/" + strconv.FormatInt(recs[i].ID, 10) }
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			in := map[string]any{"type": typ, "name": jsonrest.Label(rec, "@"), "data": addr.String(), "ttl": c.ttl}
			return c.api.Do(ctx, http.MethodPost, zone, in, nil)
		},
		// PATCH sends only data: the TTL and the other fields stay.
		func(i int) error {
			return c.api.Do(ctx, http.MethodPatch, one(i), map[string]string{"data": addr.String()}, nil)
		},
		func(i int) error { return c.api.Do(ctx, http.MethodDelete, one(i), nil, nil) })
}

// rules is DigitalOcean's reading of error statuses.
var rules = jsonrest.With(jsonrest.Rule{Status: http.StatusForbidden, Err: provider.ErrAuth,
	Hint: "the token needs the domain:read and domain:update scopes"})

// fail reads DigitalOcean's error body {"id":"…","message":"…"}.
func (c *client) fail(method string, r *provider.Response) error {
	var e struct {
		ID      string `json:"id"`
		Message string `json:"message"`
	}
	words := ""
	if json.Unmarshal(r.Body, &e) == nil && e.ID != "" {
		words = e.ID + ": " + e.Message
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, r, words)
}
