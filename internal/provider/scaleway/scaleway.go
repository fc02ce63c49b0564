// Package scaleway publishes addresses through the Scaleway Domains and
// DNS API (https://www.scaleway.com/en/developers/api/domains-and-dns/):
// list the name's records of one type, then one PATCH of the zone's
// records: "set" by record id (an atomic replace that keeps the TTL,
// priority and comment ddns sends back) or "add" when the name has none.
package scaleway

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the Scaleway API; the client appends /domain/v2beta1.
const DefaultServer = "https://api.scaleway.com"

// Settings are Scaleway's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"3600" desc:"TTL in seconds of a record ddns creates at Scaleway (60 to 2592000); an existing record keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Scaleway", Min: 60, Max: 2592000, Default: 3600}

// Factory registers Scaleway. Every change is a PATCH of the whole zone,
// which Scaleway applies one at a time per zone (inferred), so records
// go out one by one.
var Factory = provider.Factory{
	Name:          "scaleway",
	Title:         "Scaleway Domains and DNS (A and AAAA)",
	Docs:          "https://www.scaleway.com/en/developers/api/domains-and-dns/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the secret key of an API key with DomainsDNSFullAccess (sent as X-Auth-Token)",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	New:           New,
}

// Client talks to the Scaleway DNS API with one secret key. It holds no
// mutable state and is safe for concurrent use.
type Client struct {
	api jsonrest.API // .../domain/v2beta1
	ttl int
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
		Base:   strings.TrimSuffix(base.String(), "/") + "/domain/v2beta1",
		Header: http.Header{"X-Auth-Token": {env.Password}},
		Fail:   func(method string, r *provider.Response) error { return verdict(env.HTTP, method, r) },
		Limit:  1 << 20,
	}
	return &Client{api: api, ttl: ttl}, nil
}

// record is what the client reads and writes of a Scaleway record.
type record struct {
	ID       string  `json:"id,omitempty"`
	Data     string  `json:"data"`
	Name     string  `json:"name"`
	Priority int     `json:"priority"`
	TTL      int     `json:"ttl"`
	Type     string  `json:"type"`
	Comment  *string `json:"comment,omitempty"`
}

// change is one entry of a PATCH: add records, or set the records of one
// id (an atomic replace).
type change struct {
	Add *add `json:"add,omitempty"`
	Set *set `json:"set,omitempty"`
}

type add struct {
	Records []record `json:"records"`
}

type set struct {
	ID      string   `json:"id"`
	Records []record `json:"records"`
}

// patch is the body of PATCH .../records. disallow_new_zone_creation
// keeps a typo in DDNS_DOMAIN from creating a zone.
type patch struct {
	Changes     []change `json:"changes"`
	DisallowNew bool     `json:"disallow_new_zone_creation"`
	ReturnAll   bool     `json:"return_all_records"`
}

// Update makes rec's A (IPv4) or AAAA (IPv6) record hold addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	typ := jsonrest.Type(addr)
	name := jsonrest.Label(rec, "") // the apex is the empty name
	path := "/dns-zones/" + url.PathEscape(strings.ToLower(rec.Domain)) + "/records"
	q := url.Values{"name": {name}, "type": {typ}, "page_size": {"1000"}}
	var list struct {
		Records []record `json:"records"`
	}
	if err := c.api.Do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &list); err != nil {
		return err
	}
	var same []record
	var values []string
	for _, r := range list.Records {
		if r.Name == name && r.Type == typ { // an empty name filter matches every name
			same = append(same, r)
			values = append(values, r.Data)
		}
	}
	send := func(ch change) error {
		return c.api.Do(ctx, http.MethodPatch, path, patch{Changes: []change{ch}, DisallowNew: true}, nil)
	}
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			return send(change{Add: &add{[]record{{Data: addr.String(), Name: name, TTL: c.ttl, Type: typ}}}})
		},
		func(i int) error {
			r := same[i]
			r.ID, r.Data = "", addr.String()
			return send(change{Set: &set{same[i].ID, []record{r}}})
		},
		nil) // the other records of the name are left as they are
}
