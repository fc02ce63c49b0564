// Package cloudflare publishes addresses through the Cloudflare API v4
// with an API token (https://developers.cloudflare.com/api/).
//
// One Update finds the zone by name (once per run, shared by every
// record), lists the record by name and type, and then either does
// nothing (it already holds the address), PATCHes only its content (so
// its proxied flag, TTL, comment and tags stay as the user set them), or
// creates it. "Changed" is decided from the API's record, never from a
// DNS lookup: a proxied record resolves to Cloudflare's own addresses.
// The JSON envelope (success, errors[].code) decides the outcome, not the
// HTTP status alone.
package cloudflare

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the API v4 base URL; paths such as /zones are appended.
const DefaultServer = "https://api.cloudflare.com/client/v4"

// Factory registers Cloudflare with the provider registry. The API allows
// 1200 requests per 5 minutes per token
// (https://developers.cloudflare.com/fundamentals/api/reference/limits/);
// an update costs two requests (list, then patch or create) after the one
// zone lookup, so 4 at a time stays far below it.
var Factory = provider.Factory{
	Name:          "cloudflare",
	Title:         "Cloudflare DNS (API token; A and AAAA, created when missing)",
	Docs:          "https://developers.cloudflare.com/api/resources/dns/subresources/records/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  permissions,
	Settings:      func() any { return new(Settings) },
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

// Settings are Cloudflare's own variables. They apply only to records ddns
// creates: an existing record keeps its TTL and proxied flag.
type Settings struct {
	TTL               int  `split_words:"true" default:"1" desc:"TTL of a record ddns creates: 1 (automatic) or 30 to 86400 seconds; an existing record keeps its own"`
	CloudflareProxied bool `split_words:"true" default:"false" desc:"create missing records proxied through Cloudflare (true) or DNS only (false); an existing record keeps its own"`
}

// Validate checks DDNS_TTL against the API's range
// (https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/:
// 1 is automatic; 60 to 86400, 30 on Enterprise zones).
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Cloudflare", Min: 30, Max: 86400, Default: 1, Special: 1, SpecialMeans: "automatic"}

// Client talks to the API with one token. It lives for one run and is
// safe for concurrent use on different records.
type Client struct {
	api     jsonrest.API
	ttl     int
	proxied bool
	zones   zoneCache
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env; env.Settings is a *Settings (nil means the
// defaults).
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	s, _ := env.Settings.(*Settings)
	if s == nil {
		s = &Settings{TTL: 1}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	api := jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/"),
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
	}
	return &Client{api: api, ttl: s.TTL, proxied: s.CloudflareProxied, zones: newZoneCache()}, nil
}

// dnsRecord is the part of a DNS record object ddns reads.
type dnsRecord struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Content string `json:"content"`
}

// newRecord is the body of a create.
type newRecord struct {
	Type    string `json:"type"`
	Name    string `json:"name"`
	Content string `json:"content"`
	TTL     int    `json:"ttl"`
	Proxied bool   `json:"proxied"`
}

// Update makes rec's A (IPv4) or AAAA (IPv6) record hold addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	typ := "A"
	if addr.Is6() {
		typ = "AAAA"
	}
	zone, err := c.zones.id(ctx, rec.Domain, c.findZone)
	if err != nil {
		return err
	}
	// Cloudflare keeps names in lower case (inferred from the API's
	// answers); the name filter is an exact match.
	fqdn := strings.ToLower(rec.FQDN())
	recs, err := c.records(ctx, zone, typ, fqdn)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return c.create(ctx, zone, newRecord{Type: typ, Name: fqdn, Content: addr.String(), TTL: c.ttl, Proxied: c.proxied})
	}
	// Several records of one name and type are round robin, which the
	// user set up on purpose (a second uplink, a fixed server): ddns
	// neither deletes nor refuses them (a refusal would stay remembered
	// after the user tidied up). It manages one record: nothing to do when
	// any of them already holds addr, else the first listed is changed.
	for _, r := range recs {
		if a, err := netip.ParseAddr(r.Content); err == nil && a.Unmap() == addr {
			return nil
		}
	}
	return c.patch(ctx, zone, recs[0].ID, addr)
}

// records lists fqdn's records of typ in zone. Only exact matches are
// kept, whatever the filter returned.
func (c *Client) records(ctx context.Context, zone, typ, fqdn string) ([]dnsRecord, error) {
	q := "?per_page=100&type=" + typ + "&name=" + url.QueryEscape(fqdn)
	var all []dnsRecord
	if err := c.call(ctx, http.MethodGet, "/zones/"+url.PathEscape(zone)+"/dns_records"+q, nil, &all); err != nil {
		return nil, err
	}
	var out []dnsRecord
	for _, r := range all {
		if strings.EqualFold(r.Type, typ) && strings.EqualFold(r.Name, fqdn) {
			out = append(out, r)
		}
	}
	return out, nil
}

// patch changes only the record's content: PATCH keeps every field the
// body leaves out.
func (c *Client) patch(ctx context.Context, zone, id string, addr netip.Addr) error {
	var got dnsRecord
	path := "/zones/" + url.PathEscape(zone) + "/dns_records/" + url.PathEscape(id)
	err := c.call(ctx, http.MethodPatch, path, map[string]string{"content": addr.String()}, &got)
	if err == errIdentical {
		return nil
	}
	if err != nil {
		return err
	}
	return c.confirm(got, addr)
}

// create adds the record. 81058 "An identical record already exists"
// means another writer created it between our list and create: the name
// holds addr, which is what was asked.
func (c *Client) create(ctx context.Context, zone string, r newRecord) error {
	var got dnsRecord
	err := c.call(ctx, http.MethodPost, "/zones/"+url.PathEscape(zone)+"/dns_records", r, &got)
	if err == errIdentical {
		return nil
	}
	if err != nil {
		return err
	}
	provider.NoteCreated(ctx)
	return c.confirm(got, netip.MustParseAddr(r.Content))
}

// confirm checks the record the API returned holds addr.
func (c *Client) confirm(got dnsRecord, addr netip.Addr) error {
	if a, err := netip.ParseAddr(got.Content); err != nil || a.Unmap() != addr {
		return fmt.Errorf("%w: the API answered success but the record holds %q, not %s",
			provider.ErrBadResponse, c.api.HTTP.Quote(got.Content), addr)
	}
	return nil
}

// zone is the part of a zone object ddns reads.
type zone struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// findZone looks domain up by name (an exact match). A deleted zone is
// absent; an active one is preferred over one still pending (a pending
// zone's records can be edited before the name servers move).
func (c *Client) findZone(ctx context.Context, domain string) (string, error) {
	var zones []zone
	if err := c.call(ctx, http.MethodGet, "/zones?per_page=50&name="+url.QueryEscape(strings.ToLower(domain)), nil, &zones); err != nil {
		return "", err
	}
	id := ""
	for _, z := range zones {
		if !strings.EqualFold(z.Name, domain) || z.Status == "deleted" || z.ID == "" {
			continue
		}
		if id == "" || z.Status == "active" {
			id = z.ID
		}
	}
	if id == "" {
		return "", fmt.Errorf("%w: no zone %q is visible to this API token: the domain is not on this Cloudflare "+
			"account, or the token's Zone Resources leave it out (DDNS_DOMAIN must be the zone itself, such as example.com)",
			provider.ErrNotFound, c.api.HTTP.Quote(domain))
	}
	return id, nil
}
