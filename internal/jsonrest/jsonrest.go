// Package jsonrest is the one request helper of the JSON REST providers:
// a call is a method, a path under the base URL, a JSON body in and a JSON
// answer out, with the credentials as headers and the verdict on a non-2xx
// answer decided by the provider from its service's table of statuses
// (Rule, Verdict). Everything below that (no redirects, 429, 5xx,
// redaction, the body cap) is provider.HTTP's. It also holds the steps
// every such provider repeats: the record type of an address, the check
// before a request, and Converge, the one "set one value, then remove the
// others" step for APIs that keep one record per value.
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
	// Base is the API's base URL; a path is appended as it is.
	Base string
	// Header is sent with every request (the credentials); nil sends none.
	Header http.Header
	// Fail judges an answer whose status is not 2xx (429, 5xx and 3xx
	// never get here) to a request of method. Nil: Verdict by REST with
	// an excerpt of the body.
	Fail func(method string, r *provider.Response) error
	// Limit caps an answer's body; zero is provider.MaxBody.
	Limit int64
}

// Send sends method path (a path under Base, already escaped) with in as
// a JSON body (nil: none). Its errors are provider.HTTP's (rate limits,
// outages, redirects); any other status comes back with a nil error for
// the caller to judge, for services whose envelope decides (Cloudflare,
// NameSilo). The response is returned with a rate-limit error too, for a
// service that puts the wait in its body.
func (a *API) Send(ctx context.Context, method, path string, in any) (*provider.Response, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot encode the request: %v", provider.ErrInternal, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := a.HTTP.NewRequest(ctx, method, a.Base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range a.Header {
		req.Header[k] = v
	}
	limit := a.Limit
	if limit == 0 {
		limit = provider.MaxBody
	}
	return a.HTTP.DoLimit(ctx, req, limit)
}

// Do sends the request (see Send) and reads the answer (see Answer).
func (a *API) Do(ctx context.Context, method, path string, in, out any) error {
	r, err := a.Send(ctx, method, path, in)
	if err != nil {
		return err
	}
	return a.Answer(method, r, out)
}

// Answer judges r, the answer to a request of method: a status that is not
// 2xx goes to Fail; a 2xx body is decoded into out (nil: not read).
func (a *API) Answer(method string, r *provider.Response, out any) error {
	if r.Status < 200 || r.Status > 299 {
		if a.Fail != nil {
			return a.Fail(method, r)
		}
		return Verdict(a.HTTP, REST, method, r, "")
	}
	if out == nil {
		return nil
	}
	return Decode(a.HTTP, r, out)
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

// Rule is one line of a service's table of error statuses: the sentinel
// an answer of Status means, and the hint its message ends with ("" for
// none). A Writes rule applies only to a request that changes something:
// a refused GET is a request ddns built wrong, so temporary.
type Rule struct {
	Status int
	Err    error
	Hint   string
	Writes bool
}

// REST is the common table: 401 and 403 are refused credentials or a
// missing permission, 404 an unknown name, 422 a refused value.
var REST = []Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth},
	{Status: http.StatusForbidden, Err: provider.ErrAuth},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound},
	{Status: http.StatusUnprocessableEntity, Err: provider.ErrRefused},
}

// With is rules ahead of REST: the first rule of a status decides.
func With(rules ...Rule) []Rule { return append(rules, REST...) }

// Verdict is the error for r, a non-2xx answer to a request of method, by
// the first rule of its status (none: ErrBadResponse, temporary). words
// are the service's own words the provider found in the body, quoted here;
// "" quotes an excerpt of the body instead.
func Verdict(h *provider.HTTP, rules []Rule, method string, r *provider.Response, words string) error {
	sentinel, hint := provider.ErrBadResponse, ""
	for _, x := range rules {
		if x.Status == r.Status && (!x.Writes || method != http.MethodGet) {
			sentinel, hint = x.Err, x.Hint
			break
		}
	}
	if hint != "" {
		hint = " (" + hint + ")"
	}
	if words == "" {
		return fmt.Errorf("%w: HTTP %d, body %q%s", sentinel, r.Status, h.Excerpt(r), hint)
	}
	return fmt.Errorf("%w: HTTP %d: %s%s", sentinel, r.Status, h.Quote(words), hint)
}

// Type is the DNS record type that publishes addr: "A" or "AAAA".
func Type(addr netip.Addr) string {
	if addr.Unmap().Is4() {
		return "A"
	}
	return "AAAA"
}

// Same reports whether the values are exactly one address equal to addr.
func Same(values []string, addr netip.Addr) bool {
	return len(values) == 1 && holds(values[0], addr)
}

// holds reports whether the value v is the address addr.
func holds(v string, addr netip.Addr) bool {
	a, err := netip.ParseAddr(v)
	return err == nil && a.Unmap() == addr
}

// Label is rec's name relative to its zone, lower case: apex for the zone
// itself (what the API calls it: "@" or ""), "*" for the wildcard.
func Label(rec provider.Record, apex string) string {
	if rec.Host == "" || rec.Host == "@" {
		return apex
	}
	return strings.ToLower(rec.Host)
}

// ErrNoAddress is returned for an invalid address, before any request.
var ErrNoAddress = fmt.Errorf("%w: no address to publish", provider.ErrRefused)

// Check is what every Update checks before a request: a valid address. It
// returns addr unmapped (an IPv4-mapped IPv6 address is IPv4).
func Check(addr netip.Addr) (netip.Addr, error) {
	if !addr.IsValid() {
		return addr, ErrNoAddress
	}
	return addr.Unmap(), nil
}

// IsNotFound reports whether err is the service's "no such thing".
func IsNotFound(err error) bool { return errors.Is(err, provider.ErrNotFound) }

// Converge makes one name's records of one type hold addr, for APIs that
// keep one record per value and have no "replace the set": values are what
// the records hold now, in order. With none it creates one (and notes it
// for the updater); otherwise it changes the first unless one already
// holds addr, and only then removes the others, so the name never goes
// without an address. The callbacks get the index into values. A nil
// remove leaves the other records as they are.
//
// A removal that fails is temporary (ErrUnavailable), whatever the
// service said: addr is published, and the next run sees the old value
// again and retries.
func Converge(ctx context.Context, h *provider.HTTP, values []string, addr netip.Addr,
	create func() error, change, remove func(i int) error) error {
	if len(values) == 0 {
		if err := create(); err != nil {
			return err
		}
		provider.NoteCreated(ctx)
		return nil
	}
	keep := -1
	for i, v := range values {
		if holds(v, addr) {
			keep = i
			break
		}
	}
	if keep < 0 {
		keep = 0
		if err := change(0); err != nil {
			return err
		}
	}
	if remove == nil {
		return nil
	}
	for i, v := range values {
		if i == keep {
			continue
		}
		if err := remove(i); err != nil {
			return fmt.Errorf("%w: %s is published but the old value %s could not be removed: %v",
				provider.ErrUnavailable, addr, h.Quote(v), err)
		}
	}
	return nil
}
