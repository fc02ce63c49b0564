// Package custom publishes addresses through any HTTP API the user
// describes with a URL template, an optional body template and a regular
// expression the successful answer matches: the escape hatch for services
// ddns has no provider for.
//
// Each placeholder is escaped for where it stands: in the URL's path as a
// path segment, in its query as a query value, in a JSON body as the
// inside of a JSON string, in a form body as a form value. The password
// is bound into the HTTP helper, so no message shows it in any encoding.
package custom

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Factory registers the custom provider.
var Factory = provider.Factory{
	Name:         "custom",
	Title:        "Any HTTP API, described by a URL template (A and AAAA)",
	Docs:         "https://pkg.go.dev/regexp/syntax",
	NoServer:     true,
	Username:     provider.Optional,
	Password:     provider.Optional,
	UsernameHelp: "the value of {username}",
	PasswordHelp: "the value of {password} (never shown in messages)",
	Settings:     func() any { return new(Settings) },
	IPv6:         true,
	Concurrency:  1,
	New:          New,
}

// Client sends one templated request per update. It holds no mutable
// state and is safe for concurrent use.
type Client struct {
	t                  *template
	username, password string
	http               *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env; env.Settings is a *Settings.
func New(env provider.Env) (provider.Provider, error) {
	s, ok := env.Settings.(*Settings)
	if !ok || s == nil {
		return nil, fmt.Errorf("no settings (DDNS_CUSTOM_URL and friends)")
	}
	t, err := s.compile()
	if err != nil {
		return nil, err
	}
	if env.HTTP == nil {
		return nil, fmt.Errorf("no http client")
	}
	return &Client{t: t, username: env.Username, password: env.Password, http: env.HTTP}, nil
}

// Update sends the request for rec and addr. HTTP 2xx with a body
// matching DDNS_CUSTOM_SUCCESS is success. 401 is a refusal of the
// credentials and 404 of the name (RFC 9110's meanings; both are lifted by
// editing the settings); 429 and 5xx are handled by the HTTP helper; every
// other answer is temporary, quoting the body.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	vals, err := c.values(rec, addr)
	if err != nil {
		return err
	}
	req, err := c.request(ctx, vals)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	switch {
	case resp.Status/100 == 2 && c.t.success.Match(resp.Body):
		return nil
	case resp.Status == http.StatusUnauthorized:
		return fmt.Errorf("%w: HTTP 401: %s", provider.ErrAuth, c.http.Excerpt(resp))
	case resp.Status == http.StatusNotFound:
		return fmt.Errorf("%w: HTTP 404 (check DDNS_CUSTOM_URL and the host): %s", provider.ErrNotFound, c.http.Excerpt(resp))
	case resp.Status/100 == 2:
		return fmt.Errorf("%w: HTTP %d, the answer does not match DDNS_CUSTOM_SUCCESS: %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	return fmt.Errorf("%w: HTTP %d: %s", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
}

// values are the placeholders' values for one update, in the order of
// known. {ip} is the IPv4 address and {ip6} the IPv6 one, the other
// empty; a template without {ip6} gets an IPv6 address in {ip} (many
// services take either family in one parameter).
func (c *Client) values(rec provider.Record, addr netip.Addr) ([]string, error) {
	v := []string{"", "", rec.Host, rec.Domain, rec.FQDN(), c.username, c.password}
	switch {
	case !addr.IsValid():
		return nil, fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	case addr.Is4() && !c.t.hasIP:
		return nil, fmt.Errorf("%w: the templates have no {ip}, so an IPv4 address cannot be sent; add {ip} "+
			"to DDNS_CUSTOM_URL or DDNS_CUSTOM_BODY, or set DDNS_IP_VERSION=6", provider.ErrRefused)
	case addr.Is6() && c.t.hasIP6:
		v[1] = addr.String()
	default:
		v[0] = addr.String()
	}
	return v, nil
}

// request expands the templates, each placeholder escaped for its place.
func (c *Client) request(ctx context.Context, v []string) (*http.Request, error) {
	u := expand(c.t.base, v, url.PathEscape)
	if c.t.query != "" {
		u += "?" + expand(c.t.query, v, url.QueryEscape)
	}
	var body io.Reader
	if c.t.body != "" {
		body = strings.NewReader(expand(c.t.body, v, bodyEscape(c.t.contentType)))
	}
	req, err := c.http.NewRequest(ctx, c.t.method, u, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", c.t.contentType)
	}
	return req, nil
}

// expand fills tmpl's placeholders (all known: compile checked) with v.
func expand(tmpl string, v []string, esc func(string) string) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		return esc(v[slices.Index(known, m[1:len(m)-1])])
	})
}

// bodyEscape is the escaping for a body of media type ct.
func bodyEscape(ct string) func(string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return jsonString
	case mt == "application/x-www-form-urlencoded":
		return url.QueryEscape
	}
	return func(s string) string { return s }
}

// jsonString is s escaped for the inside of a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
