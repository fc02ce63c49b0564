package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
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
// one line, capped (an HTML error page must not flood the journal).
func (r *Response) Excerpt(secrets ...string) string {
	return OneLine(Redact(string(r.Body), secrets...))
}

// secretParam matches the value of query or form parameters that carry
// credentials, so they are hidden even when the caller forgot to name the
// secret.
var secretParam = regexp.MustCompile(`(?i)((?:^|[?&;\s"'])(?:password|key|token|apikey|api_key)=)[^&\s"']*`)

// Redact replaces every occurrence of each secret (raw, query-escaped and
// path-escaped) and every password/key/token parameter value in s with
// REDACTED.
func Redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec)} {
			s = strings.ReplaceAll(s, form, "REDACTED")
		}
	}
	return secretParam.ReplaceAllString(s, "${1}REDACTED")
}

// Do sends req with ctx on c and reads at most MaxBody bytes of the answer.
// See DoLimit.
func Do(ctx context.Context, c *http.Client, req *http.Request, secrets ...string) (*Response, error) {
	return DoLimit(ctx, c, req, MaxBody, secrets...)
}

// DoLimit sends req with ctx on c and reads at most limit bytes of the body.
//
// Errors never contain a secret: transport errors (whose text includes the
// full URL) are redacted before wrapping. Transport failures and ctx expiry
// wrap ErrUnavailable and still match context.DeadlineExceeded or
// context.Canceled; 5xx wraps ErrUnavailable; 429 is a *RateLimitError; a
// body over the limit wraps ErrBadResponse. Any other status is returned
// with a nil error for the caller to judge, because legacy DDNS services put
// their verdict in the body.
func DoLimit(ctx context.Context, c *http.Client, req *http.Request, limit int64, secrets ...string) (*Response, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no http client configured", ErrUnavailable)
	}
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		return nil, transportError(ctx, err, secrets)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, transportError(ctx, err, secrets)
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
	}
	return r, nil
}

// ParseRetryAfter reads a Retry-After value (delay seconds or HTTP-date,
// RFC 9110 section 10.2.3) relative to now; zero when absent or unreadable.
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

func transportError(ctx context.Context, err error, secrets []string) error {
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	causes := []error{cause}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(cause, ctxErr) {
		causes = append(causes, ctxErr)
	}
	msg := OneLine(Redact(err.Error(), secrets...))
	return fmt.Errorf("%w: %w", ErrUnavailable, &redactedError{msg: msg, causes: causes})
}

// ParseServer reads a provider's base URL (def when server is empty). The
// config layer has validated it already; this guards direct callers.
func ParseServer(server, def string) (*url.URL, error) {
	if server == "" {
		server = def
	}
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("server %q is not an http(s) base URL", server)
	}
	return u, nil
}

// CheckHTTPServer is the shared rule for an HTTP provider's DDNS_SERVER:
// an http(s) base URL, https unless the host is a loopback address.
func CheckHTTPServer(server string) error {
	u, err := ParseServer(server, "")
	if err != nil {
		return err
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("server %q uses http to a remote host; use https", u.Redacted())
	}
	return nil
}

// isLoopbackHost reports whether host is localhost, 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// Base checks what every HTTP provider needs from env (a password, the
// request helper, a server URL or the default def) and returns the parsed
// server URL.
func (env Env) Base(def string) (*url.URL, error) {
	base, err := ParseServer(env.Server, def)
	if err != nil {
		return nil, err
	}
	if env.Password == "" {
		return nil, errors.New("the password is empty")
	}
	if env.HTTP == nil {
		return nil, errors.New("no http client")
	}
	return base, nil
}

// NewRequest builds a request with the User-Agent set; its error is
// redacted because it quotes the URL.
func NewRequest(ctx context.Context, method, rawURL string, body io.Reader, userAgent string, secrets ...string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot build request: %s", ErrRefused, OneLine(Redact(err.Error(), secrets...)))
	}
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	return req, nil
}
