package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxBody is the default cap on a response body read by Do. A DDNS answer is
// a few hundred bytes; anything near the cap is an error page or worse.
const MaxBody = 64 << 10

// Response is what Do hands back: the status, headers and at most the
// capped number of body bytes.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Excerpt is the body as an error message may quote it: secrets redacted,
// one line, control characters escaped, capped (an HTML error page must not
// flood the journal).
func (r *Response) Excerpt(secrets ...string) string {
	return newRedactor(secrets).excerpt(r.Body)
}

// Redact returns s with every occurrence of each secret replaced by
// REDACTED, in every encoding a service may quote it in (raw,
// percent-encoded in either case, "+" for space, HTML/XML entities, JSON
// escapes, base64), every password/key/token parameter value hidden, and
// every URL cut to scheme, host and path. It compiles the patterns on each
// call; HTTP keeps them for its secrets.
func Redact(s string, secrets ...string) string {
	return newRedactor(secrets).redact(s)
}

// Do sends req with ctx on c and reads at most MaxBody bytes of the answer.
// See DoLimit.
func Do(ctx context.Context, c *http.Client, req *http.Request, secrets ...string) (*Response, error) {
	return DoLimit(ctx, c, req, MaxBody, secrets...)
}

// DoLimit sends req with ctx on c and reads at most limit bytes of the body.
// Prefer HTTP.DoLimit, which has the provider's secrets bound.
//
// Redirects are never followed, whatever c's CheckRedirect says: a
// redirected request would carry the credentials (in its query or, for a
// 307 or 308, its form) to wherever the Location points, plain http
// included. A provider's API has no reason to redirect.
//
// Errors never contain a secret or a URL's query: transport errors (whose
// text includes the full URL) are rebuilt and redacted before wrapping.
// Transport failures and ctx expiry wrap ErrUnavailable and still match
// context.DeadlineExceeded or context.Canceled; 5xx wraps ErrUnavailable;
// 429 is a *RateLimitError; any 3xx, and a body over the limit, wrap
// ErrBadResponse (temporary). Any other status is returned with a nil error
// for the caller to judge, because legacy DDNS services put their verdict
// in the body.
func DoLimit(ctx context.Context, c *http.Client, req *http.Request, limit int64, secrets ...string) (*Response, error) {
	return doLimit(ctx, c, req, limit, newRedactor(secrets))
}

func doLimit(ctx context.Context, c *http.Client, req *http.Request, limit int64, red *redactor) (*Response, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no http client configured", ErrInternal)
	}
	resp, err := noRedirects(c).Do(req.WithContext(ctx))
	if err != nil {
		return nil, transportError(ctx, err, red)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, transportError(ctx, err, red)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: HTTP %d body larger than %d bytes", ErrBadResponse, resp.StatusCode, limit)
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	switch {
	case r.Status == http.StatusTooManyRequests:
		return r, &RateLimitError{
			RetryAfter: ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
			Msg:        "HTTP 429",
		}
	case r.Status >= 500:
		return r, fmt.Errorf("%w: HTTP %d %s", ErrUnavailable, r.Status, http.StatusText(r.Status))
	case r.Status >= 300 && r.Status < 400:
		return r, redirectError(r, red)
	}
	return r, nil
}

// noRedirects is a shallow copy of c that hands any 3xx back as the answer.
func noRedirects(c *http.Client) *http.Client {
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &nc
}

// redirectError names the status and only the host of the Location: its
// path and query may hold the credentials in any encoding.
func redirectError(r *Response, red *redactor) error {
	where := "no Location"
	if loc := r.Header.Get("Location"); loc != "" {
		u, err := url.Parse(loc)
		switch {
		case err != nil:
			where = "an unreadable Location"
		case u.Host == "":
			where = "a path on the same host"
		default:
			where = fmt.Sprintf("host %q", OneLine(red.redact(u.Host)))
		}
	}
	return fmt.Errorf("%w: HTTP %d %s to %s, not followed (a provider's API does not redirect, "+
		"and following could send the credentials elsewhere)", ErrBadResponse, r.Status, http.StatusText(r.Status), where)
}

// ParseRetryAfter reads a Retry-After value (delay seconds or HTTP-date,
// RFC 9110 section 10.2.3) relative to now; zero when absent or unreadable.
// A delay too long for a Duration is the longest Duration, never a short or
// negative one: callers cap it.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		if secs > math.MaxInt64/int64(time.Second) { // would overflow into a short or negative wait
			return time.Duration(math.MaxInt64)
		}
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// redactedError shows a redacted text but still unwraps to the cause, so
// errors.Is(err, context.DeadlineExceeded) keeps working. The cause is the
// inner error of a *url.Error (which carries the URL), never the url.Error.
type redactedError struct {
	msg    string
	causes []error
}

func (e *redactedError) Error() string   { return e.msg }
func (e *redactedError) Unwrap() []error { return e.causes }

func transportError(ctx context.Context, err error, red *redactor) error {
	msg, cause := safeMessage(err, red)
	causes := []error{cause}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(cause, ctxErr) {
		causes = append(causes, ctxErr)
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, &redactedError{msg: msg, causes: causes})
}

// safeMessage is err's text fit for a message, and the error to unwrap to.
// A *url.Error is rebuilt with its URL cut to scheme, host and path (its
// query holds the credentials of a GET API); the rest is redacted, made one
// line and escaped.
func safeMessage(err error, red *redactor) (string, error) {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return OneLine(red.redact(err.Error())), err
	}
	shown := fmt.Sprintf("%s %q: %s", ue.Op, urlShown(ue.URL), ue.Err)
	return OneLine(red.redact(shown)), ue.Err
}

// NewRequest builds a request with the User-Agent set. A request that
// cannot be built is a local bug: its error wraps ErrInternal (temporary,
// never remembered as a refusal) and is redacted, because it quotes the
// URL. Prefer HTTP.NewRequest, which has the secrets bound.
func NewRequest(ctx context.Context, method, rawURL string, body io.Reader, userAgent string, secrets ...string) (*http.Request, error) {
	return newRequest(ctx, method, rawURL, body, userAgent, newRedactor(secrets))
}

func newRequest(ctx context.Context, method, rawURL string, body io.Reader, userAgent string, red *redactor) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		msg, _ := safeMessage(err, red)
		return nil, fmt.Errorf("%w: cannot build the request: %s", ErrInternal, msg)
	}
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	return req, nil
}
