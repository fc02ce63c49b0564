package netcup

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// listLimit caps an answer: infoDnsRecords returns the whole zone.
const listLimit = 1 << 20

// envelope is the answer to every action, HTTP 200 whatever happened.
type envelope struct {
	Action       string          `json:"action"`
	Status       string          `json:"status"`
	StatusCode   int             `json:"statuscode"`
	ShortMessage string          `json:"shortmessage"`
	LongMessage  string          `json:"longmessage"`
	ResponseData json.RawMessage `json:"responsedata"`
}

// call runs one action; param gets the customer number and API key added.
// A successful answer's responsedata is decoded into out (nil: ignored).
func (c *Client) call(ctx context.Context, action string, param map[string]any, out any) error {
	param["customernumber"] = c.customer
	param["apikey"] = c.key
	body, err := json.Marshal(map[string]any{"action": action, "param": param})
	if err != nil {
		return fmt.Errorf("%w: %v", provider.ErrInternal, err)
	}
	req, err := c.http.NewRequest(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.DoLimit(ctx, req, listLimit)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	var env envelope
	if json.Unmarshal(resp.Body, &env) != nil || env.Status == "" {
		return fmt.Errorf("%s: %w: HTTP %d with a body that is not the API's JSON answer: %s",
			action, provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	if err := verdict(action, env, c.http.Quote); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if out != nil && json.Unmarshal(env.ResponseData, out) != nil {
		return fmt.Errorf("%s: %w: responsedata is not the documented shape: %s",
			action, provider.ErrBadResponse, c.http.Excerpt(resp))
	}
	return nil
}

const rateWords = "More than 180 requests per minute"

// verdict is the error an answer means, nil for success. The status codes
// and words are those netcup's answers carry (documented codes at
// https://ccp.netcup.net/run/webservice/servers/endpoint.php; the words as
// captured by client projects: nbuchwitz/nc_dnsapi #5 and #9,
// acmesh-official/acme.sh #7188); what each means beyond its words is
// inferred. quote makes the service's words safe (HTTP.Quote).
func verdict(action string, e envelope, quote func(string) string) error {
	if e.Status == "success" {
		return nil
	}
	text := quote(fmt.Sprintf("%s %d %s", e.Status, e.StatusCode, strings.TrimSpace(e.ShortMessage+" "+e.LongMessage)))
	lower := strings.ToLower(e.LongMessage)
	switch {
	case e.Status != "error":
		return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
	case strings.Contains(e.LongMessage, rateWords):
		msg := text
		if action == "login" {
			// Observed: a wrong API key or customer number gets this answer too.
			msg += " (netcup also answers this to a wrong customer number or API key: check DDNS_USERNAME and DDNS_API_SECRET)"
		}
		return &provider.RateLimitError{Msg: msg}
	case action == "login" && e.StatusCode == 4013:
		return fmt.Errorf("%w: %s (check DDNS_USERNAME, DDNS_API_SECRET and DDNS_API_PASSWORD)", provider.ErrAuth, text)
	case e.StatusCode == 5028 || e.StatusCode == 5029 || strings.Contains(lower, "could not be found") ||
		strings.Contains(lower, "requirements of type: domainname"):
		return fmt.Errorf("%w: %s (the domain is not a zone of this netcup account)", provider.ErrNotFound, text)
	case action == "updateDnsRecords" && e.StatusCode == 4013:
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	}
	// 4001 (a session the server lost) and anything unknown: next run.
	return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}
