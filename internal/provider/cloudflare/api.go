package cloudflare

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%w: %v", provider.ErrInternal, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := c.http.NewRequest(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(ctx, req)
	if rl := (*provider.RateLimitError)(nil); errors.As(err, &rl) && rl.RetryAfter == 0 {
		rl.RetryAfter = rateLimitWait
	}
	if err != nil {
		return err
	}
	env, err := decode(resp.Body)
	if err != nil {
		return fmt.Errorf("%w: HTTP %d, not an API answer: %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	if !*env.Success {
		return classify(resp.Status, env.Errors, c.http.Quote)
	}
	if resp.Status/100 != 2 {
		return fmt.Errorf("%w: HTTP %d with success true: %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	if out != nil {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return fmt.Errorf("%w: result: %s", provider.ErrBadResponse, c.http.Quote(err.Error()))
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

// classify turns a failed envelope into the sentinel its codes mean;
// quote makes the service's words safe for a message (HTTP.Quote).
func classify(status int, errs []apiError, quote func(string) string) error {
	codes, text := flatten(errs)
	text = quote(text)
	has := func(set []int) bool {
		return slices.ContainsFunc(codes, func(c int) bool { return slices.Contains(set, c) })
	}
	var err error
	switch {
	case has(authCodes) || (status == http.StatusUnauthorized && len(codes) > 0):
		err = fmt.Errorf("%w: %s; ddns needs %s (DDNS_API_PASSWORD)", provider.ErrAuth, text, permissions)
	case has(refusedCodes):
		err = fmt.Errorf("%w: %s", provider.ErrRefused, text)
	case has(routeCodes):
		err = fmt.Errorf("%w: %s (the zone or record changed during this run; the next run looks it up again)",
			provider.ErrBadResponse, text)
	default:
		err = fmt.Errorf("%w: HTTP %d: %s", provider.ErrBadResponse, status, text)
	}
	return &apiFailure{err: err, codes: codes}
}

// apiFailure is a classified failed envelope that keeps its codes, for
// the call sites that accept one failure (81058 on create).
type apiFailure struct {
	err   error
	codes []int
}

func (e *apiFailure) Error() string { return e.err.Error() }
func (e *apiFailure) Unwrap() error { return e.err }

// flatten lists every code (chains included) and joins the messages as
// "code message; code message".
func flatten(errs []apiError) (codes []int, text string) {
	var parts []string
	var walk func([]apiError)
	walk = func(es []apiError) {
		for _, e := range es {
			codes = append(codes, e.Code)
			parts = append(parts, strconv.Itoa(e.Code)+" "+e.Message)
			walk(e.Chain)
		}
	}
	walk(errs)
	if len(parts) == 0 {
		return nil, "success false without errors"
	}
	return codes, strings.Join(parts, "; ")
}

// hasCode reports whether err is a failed envelope holding code.
func hasCode(err error, code int) bool {
	var f *apiFailure
	return errors.As(err, &f) && slices.Contains(f.codes, code)
}
