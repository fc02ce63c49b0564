// Package godaddy publishes addresses through the GoDaddy Domains API
// (https://developer.godaddy.com/doc/endpoint/domains): GET
// /v1/domains/{domain}/records/{type}/{name} reads the record set, PUT on
// the same path replaces it in one call, so a name is never left without
// an address. The PUT carries the set's existing TTL, so an update changes
// only the address.
//
// Since 2024 GoDaddy answers 403 ACCESS_DENIED to accounts below its
// threshold for the Management and DNS APIs (ten or more domains, or a
// Discount Domain Club plan); the error says so.
package godaddy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/jsonapi"
)

// DefaultServer is the production API (the OTE test API is
// https://api.ote-godaddy.com).
const DefaultServer = "https://api.godaddy.com"

// Settings are GoDaddy's own variables.
type Settings struct {
	APISecret provider.Secret `split_words:"true" required:"true" desc:"the secret of the GoDaddy API key (the key itself goes in DDNS_API_PASSWORD)"`
	TTL       int             `split_words:"true" default:"600" desc:"TTL in seconds of a record ddns creates (600 or more); an existing record keeps its own"`
}

// Validate checks the TTL against GoDaddy's documented minimum.
func (s *Settings) Validate() error {
	if s.TTL < 600 || s.TTL > 2147483647 {
		return fmt.Errorf("DDNS_TTL=%d is out of range for GoDaddy; use 600 seconds (the minimum) or more", s.TTL)
	}
	return nil
}

// Factory registers GoDaddy. GoDaddy allows 60 requests a minute per
// endpoint (https://developer.godaddy.com/getstarted, "Rate limits"); an
// update is two requests, so calls are spaced two seconds apart.
var Factory = provider.Factory{
	Name:          "godaddy",
	Title:         "GoDaddy Domains API (A and AAAA; needs an account GoDaddy grants API access)",
	Docs:          "https://developer.godaddy.com/doc/endpoint/domains",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the production API key from https://developer.godaddy.com/keys (its secret goes in DDNS_API_SECRET)",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	Spacing:       2 * time.Second,
	Burst:         1,
	New:           New,
}

// Client talks to the API with one key and secret. It keeps no state and
// is safe for concurrent use.
type Client struct {
	base string
	auth string
	ttl  int
	http *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("godaddy: %w", err)
	}
	s, _ := env.Settings.(*Settings)
	if s == nil || !s.APISecret.IsSet() {
		return nil, errors.New("godaddy: DDNS_API_SECRET is empty")
	}
	return &Client{
		base: strings.TrimSuffix(base.String(), "/"),
		auth: "sso-key " + env.Password + ":" + s.APISecret.Reveal(),
		ttl:  s.TTL,
		http: env.HTTP,
	}, nil
}

// record is one entry of a record set, with only the fields ddns keeps.
type record struct {
	Data string `json:"data"`
	TTL  int    `json:"ttl,omitempty"`
}

// Update makes rec's A or AAAA record set hold exactly addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	name := rec.Host
	if name == "" {
		name = "@"
	}
	u := c.base + "/v1/domains/" + url.PathEscape(rec.Domain) + "/records/" + jsonapi.Type(addr) + "/" + url.PathEscape(name)
	resp, err := jsonapi.Send(ctx, c.http, http.MethodGet, u, c.auth, nil)
	if err != nil {
		return c.failed(resp, err)
	}
	if resp.Status != http.StatusOK {
		return c.verdict(resp)
	}
	var set []record
	if err := jsonapi.Decode(c.http, resp, &set); err != nil {
		return err
	}
	if len(set) == 1 && set[0].Data == addr.String() {
		return nil
	}
	ttl := c.ttl
	if len(set) > 0 && set[0].TTL > 0 {
		ttl = set[0].TTL
	}
	resp, err = jsonapi.Send(ctx, c.http, http.MethodPut, u, c.auth, []record{{Data: addr.String(), TTL: ttl}})
	if err != nil {
		return c.failed(resp, err)
	}
	if resp.Status != http.StatusOK {
		return c.verdict(resp)
	}
	if len(set) == 0 {
		provider.NoteCreated(ctx)
	}
	return nil
}

// apiError is GoDaddy's error body.
type apiError struct {
	Code       string `json:"code"`
	Message    string `json:"message"`
	RetryAfter int    `json:"retryAfterSec"`
}

// failed completes a rate-limit error with the wait GoDaddy puts in its
// body (retryAfterSec) when no Retry-After header gave one.
func (c *Client) failed(resp *provider.Response, err error) error {
	var rl *provider.RateLimitError
	if resp != nil && errors.As(err, &rl) && rl.RetryAfter == 0 {
		var e apiError
		if json.Unmarshal(resp.Body, &e) == nil && e.RetryAfter > 0 {
			rl.RetryAfter = time.Duration(e.RetryAfter) * time.Second
		}
	}
	return err
}

// verdict classifies a non-200 answer by its status and error code, as
// the endpoint's response table documents them.
func (c *Client) verdict(resp *provider.Response) error {
	var e apiError
	if json.Unmarshal(resp.Body, &e) != nil || (e.Code == "" && e.Message == "") {
		return fmt.Errorf("%w: HTTP %d: %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	text := fmt.Sprintf("HTTP %d %s: %s", resp.Status, c.http.Quote(e.Code), c.http.Quote(e.Message))
	switch {
	case e.Code == "ACCESS_DENIED":
		return fmt.Errorf("%w: %s (since 2024 GoDaddy opens its DNS API only to accounts with 10 or more "+
			"domains or a Discount Domain Club plan; the key is valid but this account is not allowed)", provider.ErrAuth, text)
	case resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden:
		return fmt.Errorf("%w: %s (check the production API key in DDNS_API_PASSWORD and its secret in DDNS_API_SECRET)",
			provider.ErrAuth, text)
	case resp.Status == http.StatusNotFound:
		return fmt.Errorf("%w: %s (the domain is not in this GoDaddy account, or has no zone at GoDaddy)", provider.ErrNotFound, text)
	case resp.Status == http.StatusUnprocessableEntity:
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	}
	return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}
