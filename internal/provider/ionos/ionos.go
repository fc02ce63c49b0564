// Package ionos publishes addresses through the IONOS DNS API
// (https://developer.hosting.ionos.com/docs/dns): find the zone by name,
// read the name's records of one type, change the content of the one that
// holds another address (PUT, keeping its TTL, priority and state) or
// create it when the name has none (POST).
package ionos

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the IONOS hosting API; the client appends /dns/v1.
const DefaultServer = "https://api.hosting.ionos.com"

// Settings are IONOS's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"3600" desc:"TTL in seconds of a record ddns creates at IONOS (60 to 86400); an existing record keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "IONOS", Min: 60, Max: 86400, Default: 3600}

// Factory registers IONOS. The API documents no request budget a DDNS
// run could reach; two requests at a time keep a large update short.
var Factory = provider.Factory{
	Name:          "ionos",
	Title:         "IONOS DNS API (A and AAAA)",
	Docs:          "https://developer.hosting.ionos.com/docs/dns",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the API key as prefix.secret (X-API-Key), made in the IONOS developer portal",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   2,
	New:           New,
}

// Client talks to the IONOS DNS API with one API key. It lists the zones
// once per run. Safe for concurrent use.
type Client struct {
	api jsonrest.API // .../dns/v1
	ttl int

	mu    sync.Mutex
	zones map[string]string // lower-case zone name -> id; nil until listed
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	ttl := 3600
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		ttl = s.TTL
	}
	api := jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/dns/v1",
		Header: http.Header{"X-API-Key": {env.Password}},
		Fail:   func(method string, r *provider.Response) error { return verdict(env.HTTP, method, r) },
		Limit:  1 << 20,
	}
	return &Client{api: api, ttl: ttl}, nil
}

// record is what the client reads and writes of an IONOS record.
type record struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Type     string `json:"type,omitempty"`
	Content  string `json:"content"`
	TTL      int    `json:"ttl"`
	Prio     int    `json:"prio"`
	Disabled bool   `json:"disabled"`
}

// Update makes rec's A (IPv4) or AAAA (IPv6) record hold addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	typ := jsonrest.Type(addr)
	zone, err := c.zoneID(ctx, rec.Domain)
	if err != nil {
		return err
	}
	path := "/zones/" + url.PathEscape(zone)
	name := strings.ToLower(rec.FQDN())
	q := url.Values{"suffix": {name}, "recordName": {name}, "recordType": {typ}}
	var z struct {
		Records []record `json:"records"`
	}
	if err := c.api.Do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &z); err != nil {
		return err
	}
	var same []record
	var values []string
	for _, r := range z.Records {
		if strings.EqualFold(r.Name, name) && r.Type == typ { // the filters are the service's; check them anyway
			same = append(same, r)
			values = append(values, r.Content)
		}
	}
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			body := []record{{Name: name, Type: typ, Content: addr.String(), TTL: c.ttl}}
			return c.api.Do(ctx, http.MethodPost, path+"/records", body, nil)
		},
		func(i int) error {
			// The PUT body is the whole record's settable part: send back
			// what it holds so only the content changes.
			r := same[i]
			body := record{Content: addr.String(), TTL: r.TTL, Prio: r.Prio, Disabled: r.Disabled}
			return c.api.Do(ctx, http.MethodPut, path+"/records/"+url.PathEscape(r.ID), body, nil)
		},
		nil) // the other records of the name are left as they are
}

// zoneID finds the zone named domain, listing the zones once per client.
func (c *Client) zoneID(ctx context.Context, domain string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.zones == nil {
		var list []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		if err := c.api.Do(ctx, http.MethodGet, "/zones", nil, &list); err != nil {
			return "", err
		}
		c.zones = map[string]string{}
		for _, z := range list {
			c.zones[strings.ToLower(strings.TrimSuffix(z.Name, "."))] = z.ID
		}
	}
	id, ok := c.zones[strings.ToLower(domain)]
	if !ok {
		return "", fmt.Errorf("%w: no zone %q in this IONOS account (DDNS_DOMAIN must be a zone the key can see)",
			provider.ErrNotFound, domain)
	}
	return id, nil
}
