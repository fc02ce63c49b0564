package dreamhost

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// listLimit caps a response body. dns-list_records returns every record of
// every zone the key sees (about 150 bytes each), so the 64 KiB default
// would break accounts with a few hundred records.
const listLimit = 4 << 20

// apiResponse is the format=json envelope: result "success" or "error",
// data either a word (with optional tab-separated details) or a list.
type apiResponse struct {
	Result string          `json:"result"`
	Data   json.RawMessage `json:"data"`
	Reason string          `json:"reason"`
}

// call runs one API command. The form is POSTed rather than put in the URL
// (the API accepts both) so the key stays out of URLs and server logs. Each
// call carries a fresh unique_id: the API rejects reuse of an id that
// already succeeded, and never sees a retry of ours with the same id.
func (c *Client) call(ctx context.Context, cmd string, args url.Values) (json.RawMessage, error) {
	form := url.Values{"key": {c.key}, "cmd": {cmd}, "unique_id": {newUUID()}, "format": {"json"}}
	for k, v := range args {
		form[k] = v
	}
	req, err := c.http.NewRequest(ctx, http.MethodPost, c.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.DoLimit(ctx, req, listLimit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	r, err := parseResponse(resp.Body, c.http.Quote)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (HTTP %d, body %q)", cmd, err, resp.Status, c.http.Excerpt(resp))
	}
	data, err := outcome(cmd, r, c.http.Quote)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return data, nil
}

// parseResponse decodes the JSON envelope; errors wrap ErrBadResponse.
// quote makes the service's text safe for a message (HTTP.Quote).
func parseResponse(body []byte, quote func(string) string) (apiResponse, error) {
	var r apiResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return apiResponse{}, fmt.Errorf("%w: not a JSON API answer: %s", provider.ErrBadResponse, quote(err.Error()))
	}
	if r.Result != "success" && r.Result != "error" {
		return apiResponse{}, fmt.Errorf("%w: result %q", provider.ErrBadResponse, quote(r.Result))
	}
	return r, nil
}

// outcome returns the data of a successful answer, or the error an answer
// means; quote makes the service's words safe for a message (HTTP.Quote).
// The words are the data values documented at
// https://help.dreamhost.com/hc/en-us/articles/217555707-DNS-API-commands;
// what each means beyond its name is inferred.
func outcome(cmd string, r apiResponse, quote func(string) string) (json.RawMessage, error) {
	if r.Result == "success" {
		return r.Data, nil
	}
	var word string
	if err := json.Unmarshal(r.Data, &word); err != nil {
		return nil, fmt.Errorf("%w: error without a data word", provider.ErrBadResponse)
	}
	code, details, _ := strings.Cut(word, "\t")
	text := code
	if details = strings.Join(strings.Fields(details), " "); details != "" {
		text += ": " + details
	}
	if r.Reason != "" {
		text += " (" + r.Reason + ")"
	}
	// The service's own words go into the message: redacted, in case an
	// answer ever echoes the request, and escaped.
	text = quote(text)
	switch {
	case code == "unique_id_already_used":
		return nil, nil // an earlier call with this id succeeded
	case code == "record_already_exists_remove_first" && cmd == cmdAdd:
		return nil, nil // the exact record is already there
	case strings.HasPrefix(code, "no_such_") && code != "no_such_zone" && cmd == cmdRemove:
		return nil, nil // already gone, which is what the removal wanted
	case code == "invalid_api_key" || code == "no_key":
		return nil, fmt.Errorf("%w: %s", provider.ErrAuth, text)
	case code == "no_such_zone":
		return nil, fmt.Errorf("%w: %s (the domain is not hosted on this DreamHost account)", provider.ErrNotFound, text)
	case code == "slow_down_bucko":
		return nil, &provider.RateLimitError{Msg: text}
	case strings.HasPrefix(code, "internal_error"):
		return nil, fmt.Errorf("%w: %s", provider.ErrUnavailable, text)
	case code == "CNAME_already_on_record", code == "record_already_exists_not_editable",
		code == "record_already_exists_remove_first", code == "invalid_value":
		return nil, fmt.Errorf("%w: %s", provider.ErrRefused, text)
	}
	// An error word not listed above is retried, never remembered.
	return nil, fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}

// newUUID returns a random (version 4) UUID for unique_id. crypto/rand
// cannot fail on supported systems (Go 1.24+ crashes instead).
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
