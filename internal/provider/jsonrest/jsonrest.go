// Package jsonrest is the request helper the JSON REST providers share
// (DigitalOcean, Gandi, Hetzner, Linode, Porkbun): one call is a method, a
// path under the base URL, a JSON body in and a JSON answer out, with the
// credentials added by the provider and the verdict on a non-2xx answer
// decided by the provider. Everything else (no redirects, 429, 5xx,
// redaction, the body cap) is provider.HTTP's.
package jsonrest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// API is one REST API reached with one set of credentials. Safe for
// concurrent use once built.
type API struct {
	HTTP *provider.HTTP
	// Base is the API's base URL without a trailing slash.
	Base string
	// Auth adds the credentials to each request (a header); nil adds none.
	Auth func(h http.Header)
	// Fail judges an answer whose status is not 2xx (429 and 5xx never get
	// here). Nil: Status.
	Fail func(r *provider.Response) error
	// Limit caps an answer's body; zero is provider.MaxBody.
	Limit int64
}

// Do sends method path (a path under Base, already escaped) with in as a
// JSON body (nil: none) and decodes a 2xx answer into out (nil: the body
// is not read). A 2xx body that does not decode is ErrBadResponse quoting
// the body.
func (a *API) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%w: cannot encode the request: %v", provider.ErrInternal, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := a.HTTP.NewRequest(ctx, method, a.Base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.Auth != nil {
		a.Auth(req.Header)
	}
	limit := a.Limit
	if limit == 0 {
		limit = provider.MaxBody
	}
	resp, err := a.HTTP.DoLimit(ctx, req, limit)
	if err != nil {
		return err
	}
	if resp.Status < 200 || resp.Status > 299 {
		if a.Fail != nil {
			return a.Fail(resp)
		}
		return a.Status(resp, "")
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return a.Unexpected(resp)
	}
	return nil
}

// Unexpected is the error for an answer that is not what the API
// documents: temporary, quoting the body.
func (a *API) Unexpected(r *provider.Response) error {
	return fmt.Errorf("%w: HTTP %d, body %q", provider.ErrBadResponse, r.Status, a.HTTP.Excerpt(r))
}

// Status is the common REST verdict on a non-2xx answer: 401 and 403 are
// refused credentials or a missing permission, 404 an unknown name, 422 a
// refused value; anything else is temporary. words is the service's own
// message when the provider found one in the body ("" quotes the body).
func (a *API) Status(r *provider.Response, words string) error {
	var sentinel error
	switch r.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		sentinel = provider.ErrAuth
	case http.StatusNotFound:
		sentinel = provider.ErrNotFound
	case http.StatusUnprocessableEntity:
		sentinel = provider.ErrRefused
	default:
		sentinel = provider.ErrBadResponse
	}
	if words == "" {
		return fmt.Errorf("%w: HTTP %d, body %q", sentinel, r.Status, a.HTTP.Excerpt(r))
	}
	return fmt.Errorf("%w: HTTP %d: %s", sentinel, r.Status, a.HTTP.Quote(words))
}

// Type is the record type for addr: "A" or "AAAA".
func Type(addr netip.Addr) string {
	if addr.Is4() {
		return "A"
	}
	return "AAAA"
}

// Same reports whether the values are exactly one address equal to addr.
func Same(values []string, addr netip.Addr) bool {
	if len(values) != 1 {
		return false
	}
	v, err := netip.ParseAddr(values[0])
	return err == nil && v.Unmap() == addr
}

// Label is rec's name relative to its zone, lower case: "@" for the apex
// (apex is what the API calls it), "*" for the wildcard.
func Label(rec provider.Record, apex string) string {
	if rec.Host == "" || rec.Host == "@" {
		return apex
	}
	return strings.ToLower(rec.Host)
}

// CheckTTL is the DDNS_TTL rule of a provider whose service accepts min to
// max seconds; zero is allowed when zeroOK (the service's default).
func CheckTTL(ttl, min, max int, zeroOK bool) error {
	if (ttl == 0 && zeroOK) || (ttl >= min && ttl <= max) {
		return nil
	}
	hint := ""
	if zeroOK {
		hint = ", or 0 for the service's default"
	}
	return fmt.Errorf("DDNS_TTL=%d is out of range; use %d to %d seconds%s", ttl, min, max, hint)
}

// ErrNoAddress is returned for an invalid address, before any request.
var ErrNoAddress = fmt.Errorf("%w: no address to publish", provider.ErrRefused)

// Check is what every Update checks before a request: a valid address.
func Check(addr netip.Addr) (netip.Addr, error) {
	if !addr.IsValid() {
		return addr, ErrNoAddress
	}
	return addr.Unmap(), nil
}

// IsNotFound reports whether err is the service's "no such thing".
func IsNotFound(err error) bool { return errors.Is(err, provider.ErrNotFound) }
