package namesilo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ddns-pi/ddns/internal/provider"
)

// call runs one operation and decodes a successful reply into out (when
// not nil). The key rides in the query, so no error here quotes the URL.
func (c *Client) call(ctx context.Context, op string, args url.Values, out any) error {
	args.Set("version", "1")
	args.Set("type", "json")
	args.Set("key", c.key)
	resp, err := c.api.Send(ctx, http.MethodGet, op+"?"+args.Encode(), nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var env struct {
		Reply json.RawMessage `json:"reply"`
	}
	var reply struct {
		Code   json.Number `json:"code"`
		Detail string      `json:"detail"`
	}
	if resp.Status != http.StatusOK || json.Unmarshal(resp.Body, &env) != nil || json.Unmarshal(env.Reply, &reply) != nil || reply.Code == "" {
		return fmt.Errorf("%s: %w: HTTP %d, not a NameSilo reply: %q", op, provider.ErrBadResponse, resp.Status, c.api.HTTP.Excerpt(resp))
	}
	if err := verdict(reply.Code.String(), c.api.HTTP.Quote(reply.Detail)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if out != nil && json.Unmarshal(env.Reply, out) != nil {
		return fmt.Errorf("%s: %w: %q", op, provider.ErrBadResponse, c.api.HTTP.Excerpt(resp))
	}
	return nil
}

// verdict maps a reply code to a sentinel, as the Response Codes table of
// https://www.namesilo.com/api-reference lists them; detail is the
// service's text, already quoted. Codes not listed here are temporary.
func verdict(code, detail string) error {
	text := "code " + code + ": " + detail
	switch code {
	case "300":
		return nil
	case "109", "110", "111", "112", "113":
		// no key, invalid key, invalid user, sub-account, not allowed from this IP
		return fmt.Errorf("%w: %s (check the key in NameSilo's API Manager, and its allowed IP addresses)", provider.ErrAuth, text)
	case "200":
		return fmt.Errorf("%w: %s (the domain is not active or not in this NameSilo account)", provider.ErrNotFound, text)
	case "115", "201":
		return fmt.Errorf("%w: %s", provider.ErrUnavailable, text)
	case "280":
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	}
	return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}
