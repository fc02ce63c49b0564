package provider

import (
	"context"
	"io"
	"net/http"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// HTTP sends one provider's requests with that provider's secrets bound:
// every error it returns and every excerpt or quote it makes is redacted
// (in every encoding Redact knows), one line, with control characters
// escaped and URLs cut to scheme, host and path, so a provider never passes
// its password by hand. It never follows a redirect (see DoLimit). It
// counts each request for the run's report (see Observer). It is safe for
// concurrent use.
type HTTP struct {
	client    *http.Client
	userAgent string
	red       *redactor
}

// NewHTTP binds c, the User-Agent sent with every request, and every
// secret the provider holds. c's redirect policy is ignored: provider
// requests are never redirected.
func NewHTTP(c *http.Client, userAgent string, secrets ...string) *HTTP {
	return &HTTP{client: c, userAgent: userAgent, red: newRedactor(secrets)}
}

// NewRequest builds a request with the User-Agent set. A request that
// cannot be built is a local bug: the error wraps ErrInternal, never a
// refusal by the service.
func (h *HTTP) NewRequest(ctx context.Context, method, rawURL string, body io.Reader) (*http.Request, error) {
	return newRequest(ctx, method, rawURL, body, h.userAgent, h.red)
}

// Do sends req and reads at most MaxBody bytes of the answer; see DoLimit.
func (h *HTTP) Do(ctx context.Context, req *http.Request) (*Response, error) {
	return h.DoLimit(ctx, req, MaxBody)
}

// DoLimit sends req and reads at most limit bytes, with the contract of
// the package-level DoLimit.
func (h *HTTP) DoLimit(ctx context.Context, req *http.Request, limit int64) (*Response, error) {
	CountRequest(ctx)
	return doLimit(ctx, h.client, req, limit, h.red)
}

// Redact hides every bound secret in s (a service's own words, a URL); see
// the package-level Redact. It keeps s's lines and characters otherwise:
// use Quote for text going into a message.
func (h *HTTP) Redact(s string) string { return h.red.redact(s) }

// Excerpt is r's body as an error message may quote it: redacted, one
// line, escaped, capped.
func (h *HTTP) Excerpt(r *Response) string { return h.red.excerpt(r.Body) }

// Quote is a service's own text (an error field, a status line, a value it
// echoed) made safe for a message: redacted, one line, control characters
// escaped, capped. Every provider-supplied text must pass through it (or
// Excerpt) before it goes into an error.
func (h *HTTP) Quote(s string) string { return OneLine(h.Redact(s)) }

// maxQuote is the most a message quotes of a service's text.
const maxQuote = 200

// OneLine makes a service's own text fit for an error message: one line,
// control and other non-printable characters escaped (ESC is \x1b), at most
// 200 bytes cut on a character boundary, so a stray HTML page or a terminal
// escape sequence cannot flood or rewrite the journal or a terminal. It
// does not redact: use HTTP.Quote for text that may echo a secret.
func OneLine(s string) string { return textsafe.OneLine(s, maxQuote) }
