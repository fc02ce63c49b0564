// Package hetzner publishes addresses through the Hetzner Cloud DNS API
// (zones and RRsets, https://docs.hetzner.cloud/reference/cloud#zone-rrsets)
// with a Cloud project token: GET the name's RRset of one type; create it
// when missing (POST /zones/{zone}/rrsets), or replace its records with the
// one address when it differs (POST …/actions/set_records, one atomic
// change), then poll the action until it succeeds or fails, bounded by the
// context. The RRset's TTL, labels and the record's comment are kept.
//
// Tokens of the retired DNS Console (dns.hetzner.com, header Auth-API-Token)
// do not work here: zones moved to the Hetzner Console and its Cloud API.
package hetzner

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

// DefaultServer is the Cloud API base; ddns appends /zones/....
const DefaultServer = "https://api.hetzner.cloud/v1"

// Settings are the provider's own variables.
type Settings struct {
	TTL int `split_words:"true" default:"0" desc:"TTL in seconds of an RRset ddns creates (60 or more; 0: the zone's default); an existing RRset keeps its own"`
}

// Validate checks DDNS_TTL.
func (s *Settings) Validate() error { return ttlRange.Check(s.TTL) }

// ttlRange is what the service accepts as DDNS_TTL.
var ttlRange = provider.TTLRange{Service: "Hetzner", Min: 60, Max: 2147483647, Default: 0, Special: 0, SpecialMeans: "the zone's default"}

// Factory registers Hetzner. The Cloud API counts requests per project
// (3600 an hour by default, told in RateLimit-* headers); a change takes
// two requests and a few polls, so four at a time is plenty.
var Factory = provider.Factory{
	Name:          "hetzner",
	Title:         "Hetzner Cloud DNS API (zones in the Hetzner Console; old DNS Console tokens no longer work)",
	Docs:          "https://docs.hetzner.cloud/reference/cloud#zone-rrsets",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "a Hetzner Console project API token with Read & Write permission (tokens of the retired dns.hetzner.com DNS Console no longer work)",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   4,
	New:           New,
}

type client struct {
	api  jsonrest.API
	ttl  int
	poll time.Duration // first wait between action polls; doubles to 2 s
}

// New builds the provider from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("hetzner: %w", err)
	}
	c := &client{poll: 250 * time.Millisecond}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl = s.TTL
	}
	c.api = jsonrest.API{
		HTTP:   env.HTTP,
		Base:   strings.TrimSuffix(base.String(), "/") + "/zones/",
		Header: http.Header{"Authorization": {"Bearer " + env.Password}},
		Fail:   c.fail,
	}
	return c, nil
}

type value struct {
	Value   string `json:"value"`
	Comment string `json:"comment,omitempty"`
}

type action struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Error  *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type actionAnswer struct {
	Action *action `json:"action"`
}

// Update makes rec's A or AAAA RRset exactly addr.
func (c *client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	zone, name, typ := url.PathEscape(strings.ToLower(rec.Domain)), jsonrest.Label(rec, "@"), jsonrest.Type(addr)
	rrsetPath := zone + "/rrsets/" + url.PathEscape(name) + "/" + typ
	var cur struct {
		RRset *struct {
			Records []value `json:"records"`
		} `json:"rrset"`
	}
	var ans actionAnswer
	err = c.api.Do(ctx, http.MethodGet, rrsetPath, nil, &cur)
	switch {
	case jsonrest.IsNotFound(err): // no such RRset (or zone: the POST tells)
		in := map[string]any{"name": name, "type": typ, "records": []value{{Value: addr.String()}}}
		if c.ttl > 0 {
			in["ttl"] = c.ttl
		}
		if err := c.api.Do(ctx, http.MethodPost, zone+"/rrsets", in, &ans); err != nil {
			return err
		}
		if err := c.wait(ctx, ans.Action); err != nil {
			return err
		}
		provider.NoteCreated(ctx)
		return nil
	case err != nil:
		return err
	case cur.RRset == nil:
		return fmt.Errorf("%w: the answer has no rrset", provider.ErrBadResponse)
	}
	values := make([]string, len(cur.RRset.Records))
	for i, r := range cur.RRset.Records {
		values[i] = r.Value
	}
	if jsonrest.Same(values, addr) {
		return nil
	}
	next := value{Value: addr.String()}
	if len(cur.RRset.Records) > 0 {
		next.Comment = cur.RRset.Records[0].Comment
	}
	in := map[string]any{"records": []value{next}}
	if err := c.api.Do(ctx, http.MethodPost, rrsetPath+"/actions/set_records", in, &ans); err != nil {
		return err
	}
	return c.wait(ctx, ans.Action)
}

// wait polls the action until it succeeds (nil) or fails, or ctx ends.
func (c *client) wait(ctx context.Context, a *action) error {
	if a == nil {
		return fmt.Errorf("%w: the answer has no action", provider.ErrBadResponse)
	}
	delay := c.poll
	for {
		switch a.Status {
		case "success":
			return nil
		case "error":
			if a.Error == nil {
				return fmt.Errorf("%w: action %d failed", provider.ErrBadResponse, a.ID)
			}
			return c.verdict(0, a.Error.Code, a.Error.Message)
		case "running":
		default:
			return fmt.Errorf("%w: action %d has status %q", provider.ErrBadResponse, a.ID, c.api.HTTP.Quote(a.Status))
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w: the change was sent but action %d had not finished: %w", provider.ErrUnavailable, a.ID, ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 2*time.Second)
		var ans actionAnswer
		if err := c.api.Do(ctx, http.MethodGet, "actions/"+strconv.FormatInt(a.ID, 10), nil, &ans); err != nil {
			return err
		}
		if ans.Action == nil {
			return fmt.Errorf("%w: the answer has no action", provider.ErrBadResponse)
		}
		a = ans.Action
	}
}

// fail reads the Cloud API's error body {"error":{"code","message"}}.
func (c *client) fail(method string, r *provider.Response) error {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(r.Body, &e) != nil || e.Error.Code == "" {
		return jsonrest.Verdict(c.api.HTTP, jsonrest.REST, method, r, "")
	}
	return c.verdict(r.Status, e.Error.Code, e.Error.Message)
}

// verdict maps the documented error codes; any other is temporary.
func (c *client) verdict(status int, code, msg string) error {
	words := c.api.HTTP.Quote(code + ": " + msg)
	var sentinel error
	switch code {
	case "unauthorized":
		sentinel = provider.ErrAuth
	case "forbidden":
		return fmt.Errorf("%w: HTTP %d: %s (the token needs Read & Write permission)", provider.ErrAuth, status, words)
	case "not_found":
		sentinel = provider.ErrNotFound
	case "invalid_input", "protected", "incorrect_zone_mode":
		sentinel = provider.ErrRefused
	case "rate_limit_exceeded":
		return &provider.RateLimitError{Msg: words}
	default:
		sentinel = provider.ErrBadResponse
	}
	if status == 0 {
		return fmt.Errorf("%w: action failed: %s", sentinel, words)
	}
	return fmt.Errorf("%w: HTTP %d: %s", sentinel, status, words)
}
