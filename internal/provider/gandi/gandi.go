// Package gandi publishes addresses through Gandi's LiveDNS API
// (https://api.gandi.net/docs/livedns/) with a personal access token:
// GET the name's rrset of one type, and when it is missing or differs, PUT
// the rrset with the one address, sending the rrset's own TTL back so it
// stays (DDNS_TTL for a new rrset). PUT replaces the values atomically,
// so the name is never without an address.
package gandi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the API base; ddns appends /v5/livedns/domains/....
const DefaultServer = "https://api.gandi.net"

// Settings are the provider's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"300" desc:"TTL in seconds of an rrset ddns creates (300 to 2592000); an existing rrset keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Gandi", Min: 300, Max: 2592000, Default: 300}

// Factory registers Gandi LiveDNS.
var Factory = provider.Factory{
	Name:          "gandi",
	Title:         "Gandi LiveDNS (A and AAAA; personal access token)",
	Docs:          "https://api.gandi.net/docs/livedns/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "a personal access token with the \"Manage domain name technical configurations\" permission (not the deprecated API key)",
	Settings:      func() any { return &Settings{TTL: 300} },
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

type client struct {
	api jsonrest.API
	ttl int
}

// New builds the provider from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("gandi: %w", err)
	}
	c := &client{ttl: 300}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl = s.TTL
	}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/v5/livedns/domains/",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
	}
	return c, nil
}

type rrset struct {
	TTL    int      `json:"rrset_ttl,omitempty"`
	Values []string `json:"rrset_values"`
}

// Update makes rec's A or AAAA rrset exactly addr.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	path := url.PathEscape(strings.ToLower(rec.Domain)) + "/records/" +
		url.PathEscape(jsonrest.Label(rec, "@")) + "/" + jsonrest.Type(addr)
	var cur rrset
	err = c.api.Do(ctx, http.MethodGet, path, nil, &cur)
	created := jsonrest.IsNotFound(err) // no such rrset, or no such domain: the PUT tells
	switch {
	case created:
		cur.TTL = c.ttl
	case err != nil:
		return err
	case cur.Values == nil:
		return fmt.Errorf("%w: the answer has no rrset_values", provider.ErrBadResponse)
	case jsonrest.Same(cur.Values, addr):
		return nil
	}
	if err := c.api.Do(ctx, http.MethodPut, path, rrset{TTL: cur.TTL, Values: []string{addr.String()}}, nil); err != nil {
		return err
	}
	if created {
		provider.NoteCreated(ctx)
	}
	return nil
}

// rules is Gandi's reading of error statuses.
var rules = jsonrest.With(jsonrest.Rule{Status: http.StatusForbidden, Err: provider.ErrAuth,
	Hint: "the token needs the \"Manage domain name technical configurations\" permission on this domain"})

// fail reads Gandi's error body {"code","message","object","cause"}.
func (c *client) fail(method string, r *provider.Response) error {
	var e struct {
		Message string `json:"message"`
		Cause   string `json:"cause"`
	}
	words := ""
	if json.Unmarshal(r.Body, &e) == nil {
		words = strings.TrimPrefix(strings.TrimSuffix(e.Cause+": "+e.Message, ": "), ": ")
	}
	return jsonrest.Verdict(c.api.HTTP, rules, method, r, words)
}
