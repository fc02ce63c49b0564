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

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
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
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "GoDaddy", Min: 600, Max: 2147483647, Default: 600}

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
	api jsonrest.API
	ttl int
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
	c := &Client{ttl: s.TTL}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/v1/domains/",
		Header: http.Header{"Authorization": {"sso-key " + env.Password + ":" + s.APISecret.Reveal()}},
		Fail:   c.fail,
	}
	return c, nil
}

// record is one entry of a record set, with only the fields ddns keeps.
type record struct {
	Data string `json:"data"`
	TTL  int    `json:"ttl,omitempty"`
}

// Update makes rec's A or AAAA record set hold exactly addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	path := url.PathEscape(rec.Domain) + "/records/" + jsonrest.Type(addr) + "/" + url.PathEscape(jsonrest.Label(rec, "@"))
	var set []record
	if err := c.do(ctx, http.MethodGet, path, nil, &set); err != nil {
		return err
	}
	values := make([]string, len(set))
	for i, r := range set {
		values[i] = r.Data
	}
	if jsonrest.Same(values, addr) {
		return nil
	}
	ttl := c.ttl
	if len(set) > 0 && set[0].TTL > 0 {
		ttl = set[0].TTL
	}
	if err := c.do(ctx, http.MethodPut, path, []record{{Data: addr.String(), TTL: ttl}}, nil); err != nil {
		return err
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

// do is jsonrest's Do, with a rate-limit error completed by the wait
// GoDaddy puts in its body (retryAfterSec) when no Retry-After header
// gave one.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.api.Send(ctx, method, path, in)
	var rl *provider.RateLimitError
	if resp != nil && errors.As(err, &rl) && rl.RetryAfter == 0 {
		var e apiError
		if json.Unmarshal(resp.Body, &e) == nil && e.RetryAfter > 0 {
			rl.RetryAfter = time.Duration(e.RetryAfter) * time.Second
		}
	}
	if err != nil {
		return err
	}
	return c.api.Answer(method, resp, out)
}

// rules classify an error answer by its status, as the endpoint's
// response table documents them.
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound,
		Hint: "the domain is not in this GoDaddy account, or has no zone at GoDaddy"},
	{Status: http.StatusUnprocessableEntity, Err: provider.ErrRefused},
}

const (
	authHint   = "check the production API key in DDNS_API_PASSWORD and its secret in DDNS_API_SECRET"
	accessHint = "since 2024 GoDaddy opens its DNS API only to accounts with 10 or more domains or a Discount Domain " +
		"Club plan; the key is valid but this account is not allowed"
)

// fail classifies a non-2xx answer by its error code and status; a body
// without GoDaddy's error is not GoDaddy's answer, so temporary.
func (c *Client) fail(method string, resp *provider.Response) error {
	var e apiError
	if json.Unmarshal(resp.Body, &e) != nil || (e.Code == "" && e.Message == "") {
		return jsonrest.Verdict(c.api.HTTP, nil, method, resp, "")
	}
	words := e.Code + ": " + e.Message
	if e.Code == "ACCESS_DENIED" {
		denied := []jsonrest.Rule{{Status: resp.Status, Err: provider.ErrAuth, Hint: accessHint}}
		return jsonrest.Verdict(c.api.HTTP, denied, method, resp, words)
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, resp, words)
}
