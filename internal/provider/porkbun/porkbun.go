// Package porkbun publishes addresses through the Porkbun API v3
// (https://porkbun.com/api/json/v3/documentation): every call is a POST
// whose JSON body carries the API key and the secret API key. An update
// retrieves the name's records of one type (retrieveByNameType), edits
// them when they differ (editByNameType, sending the record's TTL and notes
// back so they stay), removes any extra record of that name and type, and
// creates the record when there is none.
//
// A new domain carries parked records (ALIAS at the apex and CNAME at *
// pointing to pixie.porkbun.com) that conflict with a new A or AAAA. ddns
// never deletes a record it did not create: it refuses with a message
// telling the user to delete the parked record in Porkbun's DNS editor.
package porkbun

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the API base; ddns appends /dns/....
const DefaultServer = "https://api.porkbun.com/api/json/v3"

// Settings are the provider's own variables.
type Settings struct {
	APISecret provider.Secret `split_words:"true" required:"true" desc:"the secret API key (sk1_...) that goes with the API key in DDNS_API_PASSWORD"`
	TTL       int             `split_words:"true" default:"600" desc:"TTL in seconds of a record ddns creates (600 or more); an existing record keeps its own"`
}

// Validate checks DDNS_TTL (Porkbun's documented minimum is 600).
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Porkbun", Min: 600, Max: 2147483647, Default: 600}

// Factory registers Porkbun. Porkbun rejects bursts of calls (its proxy
// answers 503 or 429) and publishes no figure; one update every 2 seconds,
// after a burst of 2, is inferred to stay clear of it.
var Factory = provider.Factory{
	Name:          "porkbun",
	Title:         "Porkbun API v3 (A and AAAA; API key and secret key)",
	Docs:          "https://porkbun.com/api/json/v3/documentation",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the API key (pk1_...); switch on API ACCESS for the domain in Domain Management",
	Settings:      func() any { return &Settings{TTL: 600} },
	IPv6:          true,
	Concurrency:   1,
	Spacing:       2 * time.Second,
	Burst:         2,
	New:           New,
}

type client struct {
	api         jsonrest.API
	key, secret string
	ttl         int
}

// New builds the provider from env; env.Settings is a *Settings.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("porkbun: %w", err)
	}
	s, ok := env.Settings.(*Settings)
	if !ok || s == nil || !s.APISecret.IsSet() {
		return nil, fmt.Errorf("porkbun: DDNS_API_SECRET is empty")
	}
	c := &client{key: env.Password, secret: s.APISecret.Reveal(), ttl: s.TTL}
	c.api = jsonrest.API{HTTP: env.HTTP, Base: strings.TrimSuffix(base.String(), "/") + "/dns/", Fail: c.verdict}
	return c, nil
}

// record is one DNS record; Porkbun sends every field as a string and
// name as the full name.
type record struct {
	ID      string `json:"id"`
	Content string `json:"content"`
	TTL     string `json:"ttl"`
	Prio    string `json:"prio"`
	Notes   string `json:"notes"`
}

type answer struct {
	Status  string   `json:"status"`
	Message string   `json:"message"`
	Records []record `json:"records"`
}

// Update makes rec's A or AAAA records exactly addr.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	domain, sub, typ := url.PathEscape(strings.ToLower(rec.Domain)), jsonrest.Label(rec, ""), jsonrest.Type(addr)
	recs, err := c.retrieve(ctx, domain, typ, sub)
	if err != nil {
		return err
	}
	values := make([]string, len(recs))
	for i, r := range recs {
		values[i] = r.Content
	}
	// editByNameType changes every record of the name and type; the
	// others are deleted by id right after.
	return jsonrest.Converge(ctx, c.api.HTTP, values, addr,
		func() error { return c.create(ctx, rec, domain, sub, typ, addr) },
		func(i int) error {
			in := map[string]any{"content": addr.String(), "ttl": recs[i].TTL, "notes": recs[i].Notes}
			if recs[i].Prio != "" && recs[i].Prio != "0" {
				in["prio"] = recs[i].Prio
			}
			_, err := c.call(ctx, "editByNameType/"+domain+"/"+typ+"/"+url.PathEscape(sub), in)
			return err
		},
		func(i int) error {
			_, err := c.call(ctx, "delete/"+domain+"/"+url.PathEscape(recs[i].ID), nil)
			return err
		})
}

// create adds the record after checking that no parked or other CNAME
// (or, at the apex, ALIAS) record holds the name.
func (c *client) create(ctx context.Context, rec provider.Record, domain, sub, typ string, addr netip.Addr) error {
	conflict := "CNAME"
	if sub == "" {
		conflict = "ALIAS"
	}
	others, err := c.retrieve(ctx, domain, conflict, sub)
	if err != nil {
		return err
	}
	if len(others) > 0 {
		return fmt.Errorf("%w: %s has a %s record (%s, Porkbun's parked page when it is pixie.porkbun.com) that "+
			"forbids a new %s record; delete it in Porkbun's DNS records editor and run ddns again "+
			"(ddns never deletes records it did not create)", provider.ErrRefused, rec.FQDN(), conflict,
			c.api.HTTP.Quote(others[0].Content), typ)
	}
	in := map[string]any{"name": sub, "type": typ, "content": addr.String(), "ttl": strconv.Itoa(c.ttl)}
	_, err = c.call(ctx, "create/"+domain, in)
	return err
}

func (c *client) retrieve(ctx context.Context, domain, typ, sub string) ([]record, error) {
	path := "retrieveByNameType/" + domain + "/" + typ
	if sub != "" {
		path += "/" + url.PathEscape(sub)
	}
	a, err := c.call(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	if a.Records == nil {
		return nil, fmt.Errorf("%w: the answer has no records", provider.ErrBadResponse)
	}
	return a.Records, nil
}

// call POSTs to path with the keys added to in; only status SUCCESS is
// success, whatever the HTTP status.
func (c *client) call(ctx context.Context, path string, in map[string]any) (answer, error) {
	if in == nil {
		in = map[string]any{}
	}
	in["apikey"], in["secretapikey"] = c.key, c.secret
	var a answer
	if err := c.api.Do(ctx, http.MethodPost, path, in, &a); err != nil {
		return a, err
	}
	if a.Status != "SUCCESS" {
		return a, c.words(http.StatusOK, a)
	}
	return a, nil
}

// verdict reads a non-2xx answer {"status":"ERROR","message":"…"}.
func (c *client) verdict(method string, r *provider.Response) error {
	var a answer
	if json.Unmarshal(r.Body, &a) != nil || a.Status == "" {
		return jsonrest.Verdict(c.api.HTTP, jsonrest.REST, method, r, "")
	}
	return c.words(r.Status, a)
}

// words classifies Porkbun's message; texts it does not know are
// temporary.
func (c *client) words(status int, a answer) error {
	msg, lower := c.api.HTTP.Quote(a.Message), strings.ToLower(a.Message)
	var sentinel error
	hint := ""
	switch {
	case a.Status != "ERROR":
		return fmt.Errorf("%w: HTTP %d, status %q: %s", provider.ErrBadResponse, status, c.api.HTTP.Quote(a.Status), msg)
	case strings.Contains(lower, "invalid api key"):
		sentinel = provider.ErrAuth
	case strings.Contains(lower, "api access"):
		sentinel, hint = provider.ErrAuth, " (switch on API ACCESS for the domain in Porkbun's Domain Management)"
	case strings.Contains(lower, "invalid domain"):
		sentinel = provider.ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		sentinel = provider.ErrAuth
	default:
		sentinel = provider.ErrBadResponse
	}
	return fmt.Errorf("%w: HTTP %d: %s%s", sentinel, status, msg, hint)
}
