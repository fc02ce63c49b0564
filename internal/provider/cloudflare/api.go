package cloudflare

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// envelope is every API v4 answer: success decides, errors say why, result
// holds the object or list. Documented at
// https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/.
type envelope struct {
	Success *bool           `json:"success"`
	Errors  []apiError      `json:"errors"`
	Result  json.RawMessage `json:"result"`
}

// apiError is one entry of errors; error_chain holds the detail of a
// generic code (6003 "Invalid request headers" -> 6111 "Invalid format
// for Authorization header").
type apiError struct {
	Code    int        `json:"code"`
	Message string     `json:"message"`
	Chain   []apiError `json:"error_chain"`
}

// Error codes the client recognises. Only these are refusals; any other
// code is an unexpected (temporary) answer.
var (
	// The token is unknown, malformed or lacks a permission. Codes seen
	// from the zone and record endpoints for the same fault vary (1000
	// "Invalid API Token", 9109 "Invalid access token", 10000
	// "Authentication error", 6003/6111 for a header that is not a
	// token68), as does the status (400, 401, 403).
	authCodes = []int{1000, 6003, 6111, 9103, 9106, 9109, 10000, 10001}
	// The value or a field of the record was refused: 9021 TTL out of
	// range (observed); inferred from client projects: 9005 content
	// invalid, 9041 proxied on a record that cannot be, 9100 invalid name,
	// 81053/81054/81057 a CNAME (or other record) already holds the name.
	refusedCodes = []int{9005, 9021, 9041, 9100, 81053, 81054, 81057}
	// The zone or record id does not route: the zone was deleted or moved
	// since this run looked it up. The next run looks it up again.
	routeCodes = []int{7000, 7003, 1003}
)

// codeIdentical is "An identical record already exists." on create.
const codeIdentical = 81058

// rateLimitWait is how long Cloudflare blocks a token that went over its
// limit when the 429 carries no Retry-After: "all calls blocked for the
// next five minutes"
// (https://developers.cloudflare.com/fundamentals/api/reference/limits/).
const rateLimitWait = 5 * time.Minute

// permissions is what a token needs, as the dashboard names it.
const permissions = "an API token with Zone:Zone:Read and Zone:DNS:Edit for the zone"

// call sends one request with the token and decodes the envelope; out,
// when not nil, receives result. A failed envelope is classified
// (classify); anything that is not an envelope is ErrBadResponse.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	resp, err := c.api.Send(ctx, method, path, body)
	if rl := (*provider.RateLimitError)(nil); errors.As(err, &rl) && rl.RetryAfter == 0 {
		rl.RetryAfter = rateLimitWait
	}
	if err != nil {
		return err
	}
	env, err := decode(resp.Body)
	if err != nil {
		return fmt.Errorf("%w: HTTP %d, not an API answer: %s", provider.ErrBadResponse, resp.Status, c.api.HTTP.Excerpt(resp))
	}
	if !*env.Success {
		return classify(resp.Status, env.Errors, c.api.HTTP.Quote)
	}
	if resp.Status/100 != 2 {
		return fmt.Errorf("%w: HTTP %d with success true: %s", provider.ErrBadResponse, resp.Status, c.api.HTTP.Excerpt(resp))
	}
	if out != nil {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return fmt.Errorf("%w: result: %s", provider.ErrBadResponse, c.api.HTTP.Quote(err.Error()))
		}
	}
	return nil
}

// decode reads an envelope; a body without "success" is not one.
func decode(body []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return env, err
	}
	if env.Success == nil {
		return env, errors.New("no success field")
	}
	return env, nil
}

// errIdentical is 81058 "An identical record already exists.": the name
// already holds the content asked for (another writer got there between
// our list and our write), which is success for the caller.
var errIdentical = fmt.Errorf("%w: 81058 an identical record already exists", provider.ErrBadResponse)

// classify turns a failed envelope into the sentinel its codes mean;
// quote makes the service's words safe for a message (HTTP.Quote).
func classify(status int, errs []apiError, quote func(string) string) error {
	var codes []int
	var parts []string
	for _, e := range errs {
		for _, x := range append([]apiError{e}, e.Chain...) {
			codes = append(codes, x.Code)
			parts = append(parts, strconv.Itoa(x.Code)+" "+x.Message)
		}
	}
	text := quote(strings.Join(parts, "; "))
	if len(parts) == 0 {
		text = "success false without errors"
	}
	has := func(set []int) bool {
		for _, c := range codes {
			if slices.Contains(set, c) {
				return true
			}
		}
		return false
	}
	switch {
	case slices.Contains(codes, codeIdentical):
		return errIdentical
	case has(authCodes) || (status == http.StatusUnauthorized && len(codes) > 0):
		return fmt.Errorf("%w: %s; ddns needs %s (DDNS_API_PASSWORD)", provider.ErrAuth, text, permissions)
	case has(refusedCodes):
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	case has(routeCodes):
		return fmt.Errorf("%w: %s (the zone or record changed during this run; the next run looks it up again)",
			provider.ErrBadResponse, text)
	}
	return fmt.Errorf("%w: HTTP %d: %s", provider.ErrBadResponse, status, text)
}
