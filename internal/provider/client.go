package provider

import (
	"context"
	"io"
	"net/http"
)

// HTTP sends one provider's requests with that provider's secrets bound:
// every error it returns and every excerpt it makes is redacted, so a
// provider never passes its password by hand. It counts each request for
// the run's report (see Observer). It is safe for concurrent use.
type HTTP struct {
	client    *http.Client
	userAgent string
	secrets   []string
}

// NewHTTP binds c, the User-Agent sent with every request, and every
// secret the provider holds.
func NewHTTP(c *http.Client, userAgent string, secrets ...string) *HTTP {
	return &HTTP{client: c, userAgent: userAgent, secrets: append([]string(nil), secrets...)}
}

// NewRequest builds a request with the User-Agent set. A URL that does not
// parse is a local bug, never a refusal by the service.
func (h *HTTP) NewRequest(ctx context.Context, method, rawURL string, body io.Reader) (*http.Request, error) {
	return NewRequest(ctx, method, rawURL, body, h.userAgent, h.secrets...)
}

// Do sends req and reads at most MaxBody bytes of the answer; see DoLimit.
func (h *HTTP) Do(ctx context.Context, req *http.Request) (*Response, error) {
	return h.DoLimit(ctx, req, MaxBody)
}

// DoLimit sends req and reads at most limit bytes, with the contract of
// the package-level DoLimit.
func (h *HTTP) DoLimit(ctx context.Context, req *http.Request, limit int64) (*Response, error) {
	CountRequest(ctx)
	return DoLimit(ctx, h.client, req, limit, h.secrets...)
}

// Redact hides every bound secret in s (a service's own words, a URL).
func (h *HTTP) Redact(s string) string { return Redact(s, h.secrets...) }

// Excerpt is r's body as an error message may quote it: redacted, one
// line, capped.
func (h *HTTP) Excerpt(r *Response) string { return r.Excerpt(h.secrets...) }

// Quote is a service's own text (an error field, a status line) made safe
// for a message: redacted, one line, capped.
func (h *HTTP) Quote(s string) string { return OneLine(h.Redact(s)) }
