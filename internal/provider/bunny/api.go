package bunny

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

// call sends one request to path under the API with in as the JSON body
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
	req.Header.Set("AccessKey", c.key)
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

// verdict is the error a bunny.net error answer means. The body is
// {"ErrorKey", "Field", "Message"} as the reference shows
// (https://docs.bunny.net/reference/dnszonepublic_index); 401 for a wrong
// key, 404 for an unknown zone or record, 400 for an invalid record. h
// quotes the service's words safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	status, text := resp.Status, errorText(h, resp)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("%w: HTTP %d %s (check DDNS_API_PASSWORD: the account API key)", provider.ErrAuth, status, text)
	case status == http.StatusNotFound:
		return fmt.Errorf("%w: HTTP 404 %s", provider.ErrNotFound, text)
	case status == http.StatusBadRequest && method != http.MethodGet:
		return fmt.Errorf("%w: HTTP 400 %s", provider.ErrRefused, text)
	}
	return fmt.Errorf("%w: HTTP %d %s", provider.ErrBadResponse, status, text)
}

// errorText is the service's own words in an error body: its error key,
// field and message, or an excerpt of anything else.
func errorText(h *provider.HTTP, resp *provider.Response) string {
	var e struct {
		ErrorKey string `json:"ErrorKey"`
		Field    string `json:"Field"`
		Message  string `json:"Message"`
	}
	if json.Unmarshal(resp.Body, &e) != nil || e.ErrorKey+e.Message == "" {
		return h.Excerpt(resp)
	}
	text := e.Message
	if e.ErrorKey != "" {
		text = strings.TrimSpace(e.ErrorKey + ": " + text)
	}
	if e.Field != "" {
		text += " (field " + e.Field + ")"
	}
	return h.Quote(text)
}
