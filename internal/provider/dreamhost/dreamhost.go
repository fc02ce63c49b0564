// Package dreamhost publishes addresses through the DreamHost API
// (api.dreamhost.com, one endpoint, the command is a parameter).
//
// The API has no "edit": an update adds the new value first and then
// removes the old ones, so the name never has zero records. The API answers
// HTTP 200 whatever happens; the verdict is the JSON result and data.
package dreamhost

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the DreamHost API base URL.
const DefaultServer = "https://api.dreamhost.com"

const (
	cmdList   = "dns-list_records"
	cmdAdd    = "dns-add_record"
	cmdRemove = "dns-remove_record"
)

// Factory registers DreamHost with the provider registry. DreamHost counts
// calls per command group over 10-minute, hourly and daily windows, so
// parallel calls spend no more of that budget than serial ones; 16 at a
// time keeps a change of address for many records short without opening
// more connections than a browser would. Each record still takes two calls
// in sequence (add, then remove), which is what bounds a large update.
var Factory = provider.Factory{
	Name:          "dreamhost",
	Title:         "DreamHost DNS API (A and AAAA)",
	Docs:          "https://help.dreamhost.com/hc/en-us/articles/217555707-DNS-API-commands",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "an API key with the \"All dns functions\" permission",
	IPv6:          true,
	Concurrency:   16,
	New:           New,
}

// Client talks to the DreamHost API with one API key (Env.Password),
// which needs the "All dns functions" permission. A Client lives for one
// run: it lists the records once and trusts that list plus its own changes.
// Safe for concurrent use on different records.
type Client struct {
	endpoint string
	key      string
	http     *provider.HTTP
	list     listing
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("dreamhost: %w", err)
	}
	base.Path = strings.TrimSuffix(base.Path, "/") + "/"
	return &Client{endpoint: base.String(), key: env.Password, http: env.HTTP}, nil
}

// Update makes rec's A (IPv4) or AAAA (IPv6) records hold exactly addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	// The caller adds "dreamhost: update NAME:" to an error.
	return c.update(ctx, rec.FQDN(), addr.Unmap())
}

func (c *Client) update(ctx context.Context, fqdn string, addr netip.Addr) error {
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	typ := "A"
	if addr.Is6() {
		typ = "AAAA"
	}
	recs, err := c.list.matching(ctx, c.fetch, fqdn, typ)
	if err != nil {
		return err
	}
	present := false
	var stale []record
	for _, r := range recs {
		if r.Editable != "1" {
			return fmt.Errorf("%w: %s has a DreamHost-managed %s record (%s, not editable); "+
				"remove it in the panel or use another host name", provider.ErrRefused, fqdn, typ, c.http.Quote(r.Value))
		}
		if v, err := netip.ParseAddr(r.Value); err == nil && v.Unmap() == addr {
			present = true
		} else {
			stale = append(stale, r)
		}
	}
	if !present {
		if err := c.change(ctx, cmdAdd, record{Record: fqdn, Type: typ, Value: addr.String(), Editable: "1"}); err != nil {
			return err
		}
	}
	for _, old := range stale {
		if err := c.change(ctx, cmdRemove, old); err != nil {
			// Temporary on purpose: the name resolves to the new value and
			// the next run sees the old one again and retries the removal.
			return fmt.Errorf("%w: %s is published but the old value %s could not be removed: %s",
				provider.ErrUnavailable, addr, c.http.Quote(old.Value), err)
		}
	}
	return nil
}

func (c *Client) fetch(ctx context.Context) ([]record, error) {
	data, err := c.call(ctx, cmdList, nil)
	if err != nil {
		return nil, err
	}
	return parseRecords(data)
}

// change runs dns-add_record or dns-remove_record for r and keeps the
// cached listing in step.
func (c *Client) change(ctx context.Context, cmd string, r record) error {
	args := url.Values{"record": {r.Record}, "type": {r.Type}, "value": {r.Value}}
	if _, err := c.call(ctx, cmd, args); err != nil {
		return err
	}
	if cmd == cmdAdd {
		c.list.added(r)
	} else {
		c.list.removed(r)
	}
	return nil
}
