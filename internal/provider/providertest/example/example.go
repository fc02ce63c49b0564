// Package example is a throwaway provider that exists only for tests: it
// shows that a new provider is one folder plus one registry line, and that
// help, `ddns providers`, the unknown-setting check and the docs check all
// follow from its Factory. It is never registered in the real registry.
package example

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Settings are the provider's own variables.
type Settings struct {
	ExampleZoneID    string          `split_words:"true" required:"true" desc:"the zone's id at Example DNS"`
	ExampleSecondKey provider.Secret `split_words:"true" desc:"the second half of the API key pair"`
}

// Validate is called after the settings are read.
func (s *Settings) Validate() error {
	if s.ExampleZoneID == "bad" {
		return errors.New("DDNS_EXAMPLE_ZONE_ID: \"bad\" is not a zone id")
	}
	return nil
}

// DefaultServer is the (made-up) service's address.
const DefaultServer = "https://dns.example.net"

// Factory registers the throwaway provider (in tests only).
var Factory = provider.Factory{
	Name:          "example",
	Title:         "Example DNS (a test-only provider)",
	Docs:          "https://dns.example.net/docs",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the first half of the API key pair",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	New:           New,
}

type client struct {
	base *url.URL
	zone string
	http *provider.HTTP
}

// New builds the provider.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	return &client{base: base, zone: env.Settings.(*Settings).ExampleZoneID, http: env.HTTP}, nil
}

// Update sends one GET; any 2xx is success.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	u := *c.base
	u.Path += "/zones/" + url.PathEscape(c.zone) + "/update"
	u.RawQuery = url.Values{"name": {rec.FQDN()}, "ip": {addr.String()}}.Encode()
	req, err := c.http.NewRequest(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.Status/100 != 2 {
		return fmt.Errorf("%w: HTTP %d %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	return nil
}
