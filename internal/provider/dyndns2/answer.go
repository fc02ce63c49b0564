package dyndns2

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// RetryAfter911 is the least wait after "911": No-IP asks for no retry
// sooner than 30 minutes (https://www.noip.com/integrate/response).
const RetryAfter911 = 30 * time.Minute

// code is what one dyndns2 return code means for ddns.
type code struct {
	err  error // nil: success
	what string
}

// codes are the return codes of https://help.dyn.com/return-codes/ and
// https://www.noip.com/integrate/response, each with the sentinel that
// decides what the updater remembers.
var codes = map[string]code{
	"good":     {nil, "updated"},
	"nochg":    {nil, "unchanged"},
	"badauth":  {provider.ErrAuth, "wrong user name or password"},
	"!donator": {provider.ErrBlocked, "the request needs a paid account"},
	"abuse":    {provider.ErrBlocked, "blocked for abuse; updates stop until the account is cleared"},
	"badagent": {provider.ErrBlocked, "the client (User-Agent) is blocked"},
	"notfqdn":  {provider.ErrNotFound, "not a fully qualified host name"},
	"nohost":   {provider.ErrNotFound, "no such host in this account"},
	"!yours":   {provider.ErrNotFound, "the host belongs to another account"},
	"!active":  {provider.ErrNotFound, "the custom domain is not active"},
	"numhost":  {provider.ErrRefused, "too many hosts in one request, or a round-robin host"},
	"dnserr":   {provider.ErrUnavailable, "DNS error at the service"},
}

// words reads a dyndns2 answer: one line per host in r, or one line for
// all. ok is false when the body is no such answer.
func (c *Client) words(resp *provider.Response, r *request) (errs []error, ok bool) {
	var lines []string
	for line := range strings.Lines(string(resp.Body)) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) != 1 && len(lines) != len(r.hosts) {
		return nil, false
	}
	errs = make([]error, len(r.hosts))
	for i := range errs {
		line := lines[min(i, len(lines)-1)]
		if errs[i], ok = c.verdict(line, r); !ok {
			return nil, false
		}
	}
	return errs, true
}

// verdict is one answer line's meaning; ok is false for a line that is
// no dyndns2 return code.
func (c *Client) verdict(line string, r *request) (error, bool) {
	word, rest, _ := strings.Cut(line, " ")
	if w, mapped := c.p.Words[word]; mapped {
		word = w
	}
	if word == "911" {
		return &provider.RateLimitError{RetryAfter: RetryAfter911,
			Msg: fmt.Sprintf("%q: outage or maintenance at the service; no retry for 30 minutes", c.http.Quote(line))}, true
	}
	k, known := codes[word]
	switch {
	case !known:
		return nil, false
	case k.err != nil:
		return fmt.Errorf("%w: %q (%s)", k.err, c.http.Quote(line), k.what), true
	}
	return c.echoed(line, rest, r), true
}

// echoed checks the addresses a success line names ("good 203.0.113.7",
// No-IP: "good 203.0.113.7,2001:db8::7"; some services name none).
// "good 127.0.0.1" when 127.0.0.1 was not sent is Dyn's way of saying the
// update was ignored because the client is blocked.
func (c *Client) echoed(line, rest string, r *request) error {
	for f := range strings.FieldsFuncSeq(rest, func(r rune) bool { return r == ',' || r == ' ' }) {
		a, err := netip.ParseAddr(f)
		switch {
		case err != nil || r.sent(a):
		case a == netip.AddrFrom4([4]byte{127, 0, 0, 1}):
			return fmt.Errorf("%w: %q: the service ignored the update (its sign of a blocked client)",
				provider.ErrBlocked, c.http.Quote(line))
		default:
			return fmt.Errorf("%w: %q: the service set an address that was not sent", provider.ErrBadResponse, c.http.Quote(line))
		}
	}
	return nil
}

// status reads the answer of a service that speaks in HTTP statuses
// (Domeneshop: 204 success, 404 unknown host).
func (c *Client) status(resp *provider.Response) error {
	switch resp.Status {
	case http.StatusNoContent:
		return nil
	case http.StatusNotFound:
		return fmt.Errorf("%w: HTTP 404 %q", provider.ErrNotFound, c.http.Excerpt(resp))
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%w: HTTP %d %q", provider.ErrAuth, resp.Status, c.http.Excerpt(resp))
	}
	return c.unknown(resp)
}

// unknown is an answer with no return code: temporary, quoting the body.
// A 401 without one is still a refusal of the credentials: the service
// (No-IP's "This service requires basic http authentication") or a proxy
// in front of it judged them before any host was looked at.
func (c *Client) unknown(resp *provider.Response) error {
	if resp.Status == http.StatusUnauthorized {
		return fmt.Errorf("%w: HTTP 401 %q", provider.ErrAuth, c.http.Excerpt(resp))
	}
	return fmt.Errorf("%w: HTTP %d, no dyndns2 return code in %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
}
