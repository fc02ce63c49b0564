package scaleway

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// call sends one request to path under /domain/v2beta1 with in as the JSON body
// (nil: none) and decodes a 2xx answer into out (nil: ignored).
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%w: %v", provider.ErrInternal, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := c.http.NewRequest(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", c.key)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.DoLimit(ctx, req, 1<<20)
	if err != nil {
		return err
	}
	if resp.Status/100 == 2 {
		if out != nil && json.Unmarshal(resp.Body, out) != nil {
			return fmt.Errorf("%w: HTTP %d with a body that is not the documented JSON: %s",
				provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
		}
		return nil
	}
	return verdict(c.http, method, resp)
}

// verdict is the error a Scaleway error answer means. The body is
// {"message", "type", "resource", ...} as documented at
// https://www.scaleway.com/en/developers/api/#errors-codes (401
// denied_authentication, 403 permissions_denied, 404 not_found, 400
// invalid_arguments); h quotes the service's words safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	status, text := resp.Status, errorText(h, resp)
	switch {
	case status == http.StatusUnauthorized:
		return fmt.Errorf("%w: HTTP 401 %s (check DDNS_API_PASSWORD: the API key's secret key)", provider.ErrAuth, text)
	case status == http.StatusForbidden:
		return fmt.Errorf("%w: HTTP 403 %s (the key needs DomainsDNSFullAccess in the zone's project)", provider.ErrAuth, text)
	case status == http.StatusNotFound:
		return fmt.Errorf("%w: HTTP 404 %s", provider.ErrNotFound, text)
	case status == http.StatusBadRequest && method != http.MethodGet:
		return fmt.Errorf("%w: HTTP 400 %s", provider.ErrRefused, text)
	}
	return fmt.Errorf("%w: HTTP %d %s", provider.ErrBadResponse, status, text)
}

// errorText is the service's own words in an error body: its type,
// message and the resource it names, or an excerpt of anything else.
func errorText(h *provider.HTTP, resp *provider.Response) string {
	var e struct {
		Type       string `json:"type"`
		Message    string `json:"message"`
		Resource   string `json:"resource"`
		ResourceID string `json:"resource_id"`
	}
	if json.Unmarshal(resp.Body, &e) != nil || e.Type+e.Message == "" {
		return h.Excerpt(resp)
	}
	text := strings.TrimSpace(e.Type + ": " + e.Message)
	if e.Resource != "" {
		text += " (" + strings.TrimSpace(e.Resource+" "+e.ResourceID) + ")"
	}
	return h.Quote(text)
}
