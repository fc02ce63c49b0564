// Package linode publishes addresses through the Linode (Akamai) API v4
// DNS Manager (https://techdocs.akamai.com/linode-api/reference/get-domain-records)
// with a personal access token: find the domain's id by name (once per
// run), list its records of the name and type, PUT the target of the
// first when it differs, POST a new record when there is none, and delete
// any extra record of that name and type afterwards.
package linode

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the API base; ddns appends /domains/....
const DefaultServer = "https://api.linode.com/v4"

// Settings are the provider's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"0" desc:"TTL in seconds of a record ddns creates (0: the domain's default; Linode rounds to its allowed values); an existing record keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Linode", Min: 1, Max: 2419200, Default: 0, Special: 0, SpecialMeans: "the domain's default"}

// Factory registers Linode. The API allows 800 requests a minute per
// token for most endpoints (documented); four at a time is far below.
var Factory = provider.Factory{
	Name:          "linode",
	Title:         "Linode / Akamai Cloud DNS Manager (A and AAAA)",
	Docs:          "https://techdocs.akamai.com/linode-api/reference/get-domain-records",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "a personal access token with Domains Read/Write access",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

type client struct {
	api jsonrest.API
	ttl int

	mu  sync.Mutex
	ids map[string]int64 // domain name -> id, for this run
}

// New builds the provider from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("linode: %w", err)
	}
	c := &client{ids: map[string]int64{}}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl = s.TTL
	}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/domains",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
		Limit:  1 << 20,
	}
	return c, nil
}

type record struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Target string `json:"target"`
}

// Update makes rec's A or AAAA records exactly addr.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	id, err := c.domainID(ctx, strings.ToLower(rec.Domain))
	if err != nil {
		return err
	}
	name, typ := jsonrest.Label(rec, ""), jsonrest.Type(addr)
	path := "/" + strconv.FormatInt(id, 10) + "/records"
	var all []record
	if err := c.list(ctx, path, map[string]string{"name": name, "type": typ}, &all); err != nil {
		return err
	}
	var recs []record
	for _, r := range all { // the filter is trusted no further than this
		if strings.EqualFold(r.Name, name) && r.Type == typ {
			recs = append(recs, r)
		}
	}
	values := make([]string, len(recs))
	for i, r := range recs {
		values[i] = r.Target
	}
	one := func(i int) string { return path + "/" + strconv.FormatInt(recs[i].ID, 10) }
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			in := map[string]any{"type": typ, "name": name, "target": addr.String(), "ttl_sec": c.ttl}
			return c.api.Do(ctx, http.MethodPost, path, in, nil)
		},
		func(i int) error {
			return c.api.Do(ctx, http.MethodPut, one(i), map[string]string{"target": addr.String()}, nil)
		},
		func(i int) error { return c.api.Do(ctx, http.MethodDelete, one(i), nil, nil) })
}

// domainID finds the domain by name (X-Filter) once per run.
func (c *client) domainID(ctx context.Context, domain string) (int64, error) {
	c.mu.Lock()
	id, ok := c.ids[domain]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	var ds []struct {
		ID     int64  `json:"id"`
		Domain string `json:"domain"`
	}
	if err := c.list(ctx, "", map[string]string{"domain": domain}, &ds); err != nil {
		return 0, err
	}
	for _, d := range ds {
		if strings.EqualFold(d.Domain, domain) {
			c.mu.Lock()
			c.ids[domain] = d.ID
			c.mu.Unlock()
			return d.ID, nil
		}
	}
	return 0, fmt.Errorf("%w: the token's account has no domain %q in DNS Manager", provider.ErrNotFound, domain)
}

// list GETs one page (500 items, the most) of a paginated collection
// filtered by X-Filter into data.
func (c *client) list(ctx context.Context, path string, filter map[string]string, data any) error {
	f, _ := json.Marshal(filter)
	api := c.api
	api.Header = api.Header.Clone()
	api.Header.Set("X-Filter", string(f))
	page := struct {
		Data json.RawMessage `json:"data"`
	}{}
	if err := api.Do(ctx, http.MethodGet, path+"?page_size=500", nil, &page); err != nil {
		return err
	}
	if len(page.Data) == 0 || json.Unmarshal(page.Data, data) != nil {
		return fmt.Errorf("%w: the answer has no data list", provider.ErrBadResponse)
	}
	return nil
}

// rules is Linode's reading of error statuses.
var rules = jsonrest.With(jsonrest.Rule{Status: http.StatusForbidden, Err: provider.ErrAuth,
	Hint: "the token needs Domains Read/Write access"})

// fail reads Linode's error body {"errors":[{"field","reason"}]}.
func (c *client) fail(method string, r *provider.Response) error {
	var e struct {
		Errors []struct {
			Field  string `json:"field"`
			Reason string `json:"reason"`
		} `json:"errors"`
	}
	words := ""
	if json.Unmarshal(r.Body, &e) == nil && len(e.Errors) > 0 {
		words = strings.TrimPrefix(e.Errors[0].Field+": "+e.Errors[0].Reason, ": ")
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, r, words)
}
