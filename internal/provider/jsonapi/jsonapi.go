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
	"slices"

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

// Converge makes one name's records of one type hold exactly want, for
// APIs that keep one record per value and have no "replace the set":
// values are what the records hold now, in order. With none it creates
// one (and notes it for the updater); otherwise it changes the first
// unless one already holds want, and only then removes the others, so the
// name never goes without an address. The callbacks get the index into
// values.
func Converge(ctx context.Context, h *provider.HTTP, values []string, want string,
	create func() error, change, remove func(i int) error) error {
	if len(values) == 0 {
		if err := create(); err != nil {
			return err
		}
		provider.NoteCreated(ctx)
		return nil
	}
	keep := slices.Index(values, want)
	if keep < 0 {
		keep = 0
		if err := change(0); err != nil {
			return err
		}
	}
	for i, v := range values {
		if i == keep {
			continue
		}
		if err := remove(i); err != nil {
			return fmt.Errorf("%s is published but the old value %s could not be removed: %w", want, h.Quote(v), err)
		}
	}
	return nil
}

// Canonical is s in netip's form when it is an address, else s as it is,
// so that values compare with an address's String.
func Canonical(s string) string {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().String()
	}
	return s
}
