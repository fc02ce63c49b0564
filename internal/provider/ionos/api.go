package ionos

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

// call sends one request to path under /dns/v1 with in as the JSON body
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
	req.Header.Set("X-API-Key", c.key)
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

// verdict is the error an IONOS error answer means. The service's words
// are the code and message of its error list, documented at
// https://developer.hosting.ionos.com/docs/dns (401 UNAUTHORIZED, 403,
// 404 NOT_FOUND, 400/422 for an invalid record); h quotes them safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	status, text := resp.Status, errorText(h, resp)
	switch {
	case status == http.StatusUnauthorized:
		return fmt.Errorf("%w: HTTP 401 %s (check DDNS_API_PASSWORD: the key is prefix.secret)", provider.ErrAuth, text)
	case status == http.StatusForbidden:
		return fmt.Errorf("%w: HTTP 403 %s (the key may not change DNS records)", provider.ErrAuth, text)
	case status == http.StatusNotFound:
		return fmt.Errorf("%w: HTTP 404 %s", provider.ErrNotFound, text)
	case (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) && method != http.MethodGet:
		return fmt.Errorf("%w: HTTP %d %s", provider.ErrRefused, status, text)
	}
	return fmt.Errorf("%w: HTTP %d %s", provider.ErrBadResponse, status, text)
}

// errorText is the service's own words in an error body: the code and
// message of each entry of its error list, or an excerpt of anything else.
func errorText(h *provider.HTTP, resp *provider.Response) string {
	body := resp.Body
	var list []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &list) != nil || len(list) == 0 {
		var one struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(body, &one) != nil || one.Code+one.Message == "" {
			return h.Excerpt(resp)
		}
		list = append(list, one)
	}
	var parts []string
	for _, e := range list {
		parts = append(parts, strings.TrimSpace(e.Code+": "+e.Message))
	}
	return h.Quote(strings.Join(parts, "; "))
}
