// Package bunny publishes addresses through the bunny.net DNS API
// (https://docs.bunny.net/reference/dnszonepublic_index): find the zone by
// domain, read its records, update the one of the name and type that holds
// another address (POST .../records/{id}, sending back its TTL, weight,
// priority, comment and state) or add one when the name has none (PUT
// .../records).
package bunny

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the bunny.net API.
const DefaultServer = "https://api.bunny.net"

// Settings are bunny.net's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"300" desc:"TTL in seconds of a record ddns creates at bunny.net (15 to 86400); an existing record keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "bunny.net", Min: 15, Max: 86400, Default: 300}

// Factory registers bunny.net. Each update reads the whole zone, so two
// at a time is plenty.
var Factory = provider.Factory{
	Name:          "bunny",
	Title:         "bunny.net DNS (A and AAAA)",
	Docs:          "https://docs.bunny.net/reference/dnszonepublic_index",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the account's API key (AccessKey) from the bunny.net dashboard",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   2,
	New:           New,
}

// Client talks to the bunny.net API with one API key. It looks each zone
// up once per run. Safe for concurrent use.
type Client struct {
	api jsonrest.API
	ttl int

	mu    sync.Mutex
	zones map[string]int64 // lower-case domain -> zone id
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	ttl := 300
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		ttl = s.TTL
	}
	api := jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/"),
		Header: http.Header{"AccessKey": {env.Password}},
		Fail:   func(method string, r *provider.Response) error { return verdict(env.HTTP, method, r) },
		Limit:  1 << 20,
	}
	return &Client{api: api, ttl: ttl, zones: map[string]int64{}}, nil
}

// The record types of the API's numeric enum.
const (
	typeA    = 0
	typeAAAA = 1
)

// record is what the client reads and writes of a bunny.net record.
type record struct {
	ID       int64  `json:"Id,omitempty"`
	Type     int    `json:"Type"`
	Name     string `json:"Name"`
	Value    string `json:"Value"`
	TTL      int    `json:"Ttl"`
	Weight   int    `json:"Weight"`
	Priority int    `json:"Priority"`
	Disabled bool   `json:"Disabled"`
	Comment  string `json:"Comment,omitempty"`
}

// Update makes rec's A (IPv4) or AAAA (IPv6) record hold addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	typ := typeA
	if addr.Is6() {
		typ = typeAAAA
	}
	name := jsonrest.Label(rec, "") // the apex is the empty name
	id, err := c.zoneID(ctx, rec.Domain)
	if err != nil {
		return err
	}
	zone := "/dnszone/" + strconv.FormatInt(id, 10)
	var z struct {
		Records []record `json:"Records"`
	}
	if err := c.api.Do(ctx, http.MethodGet, zone, nil, &z); err != nil {
		return err
	}
	var same []record
	var values []string
	for _, r := range z.Records {
		if strings.EqualFold(r.Name, name) && r.Type == typ {
			same = append(same, r)
			values = append(values, r.Value)
		}
	}
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			return c.api.Do(ctx, http.MethodPut, zone+"/records", record{Type: typ, Name: name, Value: addr.String(), TTL: c.ttl}, nil)
		},
		func(i int) error {
			body := same[i]
			body.Value = addr.String()
			return c.api.Do(ctx, http.MethodPost, zone+"/records/"+strconv.FormatInt(body.ID, 10), body, nil)
		},
		nil) // the other records of the name are left as they are
}

// zoneID finds the zone of domain with the list's search filter, once
// per domain and client.
func (c *Client) zoneID(ctx context.Context, domain string) (int64, error) {
	domain = strings.ToLower(domain)
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.zones[domain]; ok {
		return id, nil
	}
	q := url.Values{"page": {"1"}, "perPage": {"1000"}, "search": {domain}}
	var list struct {
		Items []struct {
			ID     int64  `json:"Id"`
			Domain string `json:"Domain"`
		} `json:"Items"`
	}
	if err := c.api.Do(ctx, http.MethodGet, "/dnszone?"+q.Encode(), nil, &list); err != nil {
		return 0, err
	}
	for _, z := range list.Items {
		if strings.EqualFold(strings.TrimSuffix(z.Domain, "."), domain) {
			c.zones[domain] = z.ID
			return z.ID, nil
		}
	}
	return 0, fmt.Errorf("%w: no DNS zone %q in this bunny.net account (DDNS_DOMAIN must be a zone the key can see)",
		provider.ErrNotFound, domain)
}
