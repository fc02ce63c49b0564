// Package freedns publishes addresses through FreeDNS (afraid.org) dynamic
// DNS version 2 (https://freedns.afraid.org/dynamic/v2/): one GET of
// https://sync.afraid.org/u/<token>/?ip=<address> per record, where the
// randomized token names the record (an A or an AAAA record each have
// their own). The answer is one line of text, HTTP 200: "Updated ...",
// "No IP change detected ..." or an error.
//
// Tokens: DDNS_API_PASSWORD is the token used for every host that
// DDNS_FREEDNS_TOKENS does not name; DDNS_FREEDNS_TOKENS lists per-record
// tokens as host=token, and host/v6=token for the host's AAAA record. The
// answer names the record it changed, and an answer for another name than
// the one asked is a refusal (the token belongs to another record), so a
// wrong pairing is reported, not taken for success.
package freedns

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is FreeDNS's v2 sync host. It takes the address from
// ?ip=, so IPv6 goes to the same host (v6.sync.afraid.org is only needed
// to let the service see the caller's IPv6 address).
const DefaultServer = "https://sync.afraid.org"

// Settings are FreeDNS's own variables.
type Settings struct {
	FreednsTokens provider.Secret `split_words:"true" desc:"per-record v2 update tokens: host=token for a host's A record, host/v6=token for its AAAA, separated by commas or spaces; hosts not listed use DDNS_API_PASSWORD"`
}

// Validate checks the token list's form (never quoting a token).
func (s *Settings) Validate() error {
	_, err := parseTokens(s.FreednsTokens.Reveal())
	return err
}

// parseTokens reads "host=token host/v6=token, ..." into a map keyed by
// host (lower case) or host + "/v6".
func parseTokens(list string) (map[string]string, error) {
	out := map[string]string{}
	for i, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		host, token, ok := strings.Cut(f, "=")
		host = strings.ToLower(host)
		if !ok || host == "" || token == "" || strings.ContainsAny(token, "/?#") {
			return nil, fmt.Errorf("DDNS_FREEDNS_TOKENS: entry %d is not host=token or host/v6=token "+
				"(the token is the part after /u/ in the record's v2 sync URL)", i+1)
		}
		if _, dup := out[host]; dup {
			return nil, fmt.Errorf("DDNS_FREEDNS_TOKENS: %q is listed twice", host)
		}
		out[host] = token
	}
	return out, nil
}

// Factory registers FreeDNS.
var Factory = provider.Factory{
	Name:          "freedns",
	Title:         "FreeDNS afraid.org dynamic DNS v2 (A and AAAA)",
	Docs:          "https://freedns.afraid.org/dynamic/v2/",
	DefaultServer: DefaultServer,
	Password:      provider.Required,
	PasswordHelp:  "the record's v2 update token (the part after /u/ in its sync URL); other records' tokens go in DDNS_FREEDNS_TOKENS",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   2,
	New:           New,
}

// Client sends FreeDNS v2 updates. It holds no mutable state and is safe
// for concurrent use.
type Client struct {
	base   string
	token  string
	tokens map[string]string
	http   *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env. Each listed token is bound for redaction
// on its own: the service may quote one back.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	c := &Client{base: strings.TrimSuffix(base.String(), "/"), token: env.Password, http: env.HTTP}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		if c.tokens, err = parseTokens(s.FreednsTokens.Reveal()); err != nil {
			return nil, err
		}
	}
	var list []string
	for _, t := range c.tokens {
		list = append(list, t)
	}
	c.http = c.http.With(list...)
	return c, nil
}

// tokenFor is the token of rec's record of addr's family.
func (c *Client) tokenFor(rec provider.Record, addr netip.Addr) string {
	key := strings.ToLower(rec.Host)
	if key == "" {
		key = "@"
	}
	if addr.Is6() {
		key += "/v6"
	}
	if t, ok := c.tokens[key]; ok {
		return t
	}
	return c.token
}

// Update sets the record rec's token names to addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	u := c.base + "/u/" + url.PathEscape(c.tokenFor(rec, addr)) + "/?" + url.Values{"ip": {addr.String()}}.Encode()
	req, err := c.http.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.Status != http.StatusOK {
		return fmt.Errorf("%w: HTTP %d %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	return verdict(string(resp.Body), rec.FQDN(), c.http.Quote)
}

// verdict judges the answer for fqdn. The success words are the v2
// page's and those client projects show (qdm12/ddns-updater's freedns
// provider: "Updated ...", "No IP change detected ..."; ytakefuji/dyDNS:
// "ERROR: Address ... has not changed."); the error words for a token
// the service does not know are inferred. quote is HTTP.Quote.
func verdict(body, fqdn string, quote func(string) string) error {
	text := strings.TrimSpace(body)
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "updated ") || strings.HasPrefix(lower, "no ip change detected"):
		if !strings.Contains(lower, strings.ToLower(fqdn)) {
			return fmt.Errorf("%w: \"%s\": the token updates another record than %s; give %s its own token in "+
				"DDNS_FREEDNS_TOKENS", provider.ErrNotFound, quote(text), fqdn, fqdn)
		}
		return nil
	case strings.HasPrefix(lower, "error") && strings.Contains(lower, "has not changed"):
		return nil
	case strings.Contains(lower, "unable to locate") || strings.Contains(lower, "invalid update url") ||
		strings.Contains(lower, "invalid token"):
		return fmt.Errorf("%w: \"%s\" (check the token in DDNS_API_PASSWORD or DDNS_FREEDNS_TOKENS)", provider.ErrAuth, quote(text))
	}
	return fmt.Errorf("%w: \"%s\"", provider.ErrBadResponse, quote(text))
}
