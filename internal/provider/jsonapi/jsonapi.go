// Package jsonapi holds the few steps every JSON REST provider repeats:
// the record type of an address, a request with a JSON body and the
// service's authorization header, and decoding an answer so that anything
// that is not the expected JSON is a temporary ErrBadResponse quoting what
// came instead. How a service words its errors stays in its own package.
package jsonapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Type is the DNS record type that publishes addr: "A" or "AAAA".
func Type(addr netip.Addr) string {
	if addr.Unmap().Is4() {
		return "A"
	}
	return "AAAA"
}

// Send sends one request through h with in (when not nil) as the JSON
// body and, when auth is not empty, that Authorization header. Its errors
// are h.Do's (rate limits, outages, redirects); any other status is the
// caller's to judge.
func Send(ctx context.Context, h *provider.HTTP, method, url, auth string, in any) (*provider.Response, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot encode the request: %v", provider.ErrInternal, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := h.NewRequest(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return h.Do(ctx, req)
}

// Decode reads r's JSON body into out. A body that is not JSON of that
// shape (an HTML page from a proxy, garbage) is ErrBadResponse, temporary,
// with the status and an excerpt of what came.
func Decode(h *provider.HTTP, r *provider.Response, out any) error {
	if err := json.Unmarshal(r.Body, out); err != nil {
		return fmt.Errorf("%w: HTTP %d, not the JSON answer expected: %q", provider.ErrBadResponse, r.Status, h.Excerpt(r))
	}
	return nil
}
