// Package namesilo publishes addresses through the NameSilo API
// (https://www.namesilo.com/api-reference): dnsListRecords, then
// dnsUpdateRecord for an existing record (with its own TTL, so only the
// value changes) or dnsAddRecord for a missing one, with version=1 and
// type=json. The key is a query parameter, as the API requires: no
// message ever quotes a URL's query (provider.HTTP cuts URLs to scheme,
// host and path and redacts the key in every encoding).
//
// Requests go to /apibatch, not /api: NameSilo requires software that
// calls the API automatically and repeatedly to use the batch endpoint
// (https://www.namesilo.com/support/v2/articles/account-options/api-automated-batch).
// The answer is always HTTP 200; the reply code decides (300 is success).
package namesilo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is NameSilo's API host.
const DefaultServer = "https://www.namesilo.com"

// Settings are NameSilo's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"7207" desc:"TTL in seconds of a record ddns creates (3600 to 2592001); an existing record keeps its own"`
}

// Validate checks the TTL against NameSilo's range.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "NameSilo", Min: 3600, Max: 2592001, Default: 7207}

// Factory registers NameSilo. NameSilo throttles automated use and
// suspends keys that flood it (the batch-use page above) without
// publishing a figure; one call a second (an update is two requests) is
// inferred to be safe.
var Factory = provider.Factory{
	Name:          "namesilo",
	Title:         "NameSilo DNS API (A and AAAA)",
	Docs:          "https://www.namesilo.com/api-reference",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the API key from NameSilo's API Manager (not for a sub-account)",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	Spacing:       time.Second,
	Burst:         1,
	New:           New,
}

// Client talks to the API with one key. It keeps no state and is safe for
// concurrent use.
type Client struct {
	api jsonrest.API
	key string
	ttl int
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("namesilo: %w", err)
	}
	ttl := 7207
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		ttl = s.TTL
	}
	api := jsonrest.API{HTTP: env.HTTP, Base: strings.TrimSuffix(base.String(), "/") + "/apibatch/"}
	return &Client{api: api, key: env.Password, ttl: ttl}, nil
}

// record is one resource_record of dnsListRecords; host is the full name.
type record struct {
	ID    string      `json:"record_id"`
	Type  string      `json:"type"`
	Host  string      `json:"host"`
	Value string      `json:"value"`
	TTL   json.Number `json:"ttl"`
}

// Update makes rec's A or AAAA records hold exactly addr (see
// jsonrest.Converge).
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	typ, host := jsonrest.Type(addr), jsonrest.Label(rec, "")
	var list struct {
		Records json.RawMessage `json:"resource_record"`
	}
	if err := c.call(ctx, "dnsListRecords", url.Values{"domain": {rec.Domain}}, &list); err != nil {
		return err
	}
	all, err := records(list.Records)
	if err != nil {
		return fmt.Errorf("%w: resource_record: %s", provider.ErrBadResponse, c.api.HTTP.Quote(err.Error()))
	}
	var same []record
	var values []string
	for _, r := range all {
		if r.Type == typ && strings.EqualFold(strings.TrimSuffix(r.Host, "."), rec.FQDN()) {
			same = append(same, r)
			values = append(values, r.Value)
		}
	}
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error {
			args := url.Values{"domain": {rec.Domain}, "rrtype": {typ}, "rrhost": {host}, "rrvalue": {addr.String()}, "rrttl": {fmt.Sprint(c.ttl)}}
			return c.call(ctx, "dnsAddRecord", args, nil)
		},
		func(i int) error {
			args := url.Values{"domain": {rec.Domain}, "rrid": {same[i].ID}, "rrhost": {host}, "rrvalue": {addr.String()},
				"rrttl": {same[i].TTL.String()}}
			return c.call(ctx, "dnsUpdateRecord", args, nil)
		},
		func(i int) error {
			return c.call(ctx, "dnsDeleteRecord", url.Values{"domain": {rec.Domain}, "rrid": {same[i].ID}}, nil)
		})
}

// records reads resource_record: a list, one object when the domain has a
// single record (the JSON is converted from the XML answer; observed in
// client code, inferred), or absent.
func records(raw json.RawMessage) ([]record, error) {
	raw = json.RawMessage(strings.TrimSpace(string(raw)))
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '{' {
		raw = append(append(json.RawMessage("["), raw...), ']')
	}
	var out []record
	err := json.Unmarshal(raw, &out)
	return out, err
}
