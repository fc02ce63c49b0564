package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// UserAgent is sent to echo services. Some (ifconfig.me) sniff it and answer
// browsers with HTML, so it must not look like a browser.
const UserAgent = "ddns-pi/ddns (+https://github.com/ddns-pi/ddns)"

// maxBody bounds what is read of an answer: an address is at most 45 bytes,
// a Cloudflare trace about 300, an ipinfo JSON under 1 KiB.
const maxBody = 4 << 10

// HTTP is a web echo service: GET a URL, read the address from the body
// (see ParseBody). One type serves every service; they differ only by URL.
type HTTP struct {
	url     string
	name    string
	clients map[Family]*http.Client
}

var _ Source = (*HTTP)(nil)

// NewHTTP returns a source for rawURL. The URL must be https, or http to a
// loopback host (a local echo or a test): over plain http anyone on the
// path could read the request and forge the answer, which would point the
// DNS record at them. clients[f] is used for family f and must force it at
// the dial (FamilyClients builds such clients).
func NewHTTP(rawURL string, clients map[Family]*http.Client) (*HTTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, query included
		}
		return nil, fmt.Errorf("source is not a valid URL: %w", err)
	}
	name := textsafe.URL(rawURL)
	switch {
	case u.Host == "":
		return nil, fmt.Errorf("source %q has no host (%s)", name, sourceSyntax)
	case strings.EqualFold(u.Scheme, "http") && !textsafe.IsLoopbackHost(u.Hostname()):
		return nil, fmt.Errorf("source %q: plain http would leak the request and let anyone on the path "+
			"forge the answer; use https (http is allowed only to localhost or a loopback address)", name)
	case !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https"):
		return nil, fmt.Errorf("source has unknown scheme %q (%s)", u.Scheme, sourceSyntax)
	}
	return &HTTP{url: u.String(), name: name, clients: clients}, nil
}

// Name is the URL without query or user info: either may carry a token
// (ipinfo.io takes ?token=), and the name goes to logs.
func (h *HTTP) Name() string { return h.name }

// maxRedirects is how many redirects an echo request follows at most (a
// service moving to a canonical URL takes one).
const maxRedirects = 3

// followSafe is the redirect policy of echo requests: at most maxRedirects,
// and only to https or to a loopback host. A redirect to plain http
// elsewhere is a captive portal's usual trick, and its answer could be
// forged by anyone on the path; it is reported, not followed.
func followSafe(req *http.Request, via []*http.Request) error {
	u := req.URL
	if len(via) > maxRedirects || !(strings.EqualFold(u.Scheme, "https") ||
		strings.EqualFold(u.Scheme, "http") && textsafe.IsLoopbackHost(u.Hostname())) {
		return http.ErrUseLastResponse
	}
	return nil
}

// Detect fetches the URL over family f and parses the answer. Only a 200
// counts; redirects are followed only as followSafe allows, and no cookies
// are sent or kept, whatever the injected client's settings.
func (h *HTTP) Detect(ctx context.Context, f Family) (netip.Addr, error) {
	base := h.clients[f]
	if base == nil {
		return netip.Addr{}, fmt.Errorf("no HTTP client for %s", f)
	}
	c := *base // shallow copy: override policy without touching the caller's client
	c.Jar = nil
	c.CheckRedirect = followSafe

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.url, nil)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/plain, application/json;q=0.9, */*;q=0.1")
	resp, err := c.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL with its query; Name has the safe form
		}
		return netip.Addr{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return netip.Addr{}, fmt.Errorf("read body: %w", err)
	}
	if err := statusError(resp, body); err != nil {
		return netip.Addr{}, err
	}
	if len(body) > maxBody {
		return netip.Addr{}, bodyTooLong(body)
	}
	return ParseBody(body)
}

func statusError(resp *http.Response, body []byte) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	status := textsafe.OneLine(resp.Status, maxShown)
	if loc := resp.Header.Get("Location"); loc != "" {
		// A canonical-URL redirect keeps the query, which may hold a token.
		return fmt.Errorf("status %s, redirect to %q not followed (a captive portal, or plain http?)",
			status, shorten(textsafe.URL(loc)))
	}
	text := strings.Join(strings.Fields(string(body)), " ") // one line
	if text == "" {
		return fmt.Errorf("status %s", status)
	}
	return fmt.Errorf("status %s: %q", status, shorten(text))
}

func bodyTooLong(body []byte) error {
	if looksLikeHTML(strings.TrimSpace(string(body))) {
		return fmt.Errorf("body is an HTML page over %d bytes, not an address (a captive portal or login page in the way?)", maxBody)
	}
	return fmt.Errorf("body is over %d bytes, not an echo answer", maxBody)
}

// FamilyClients builds one client per family from base (nil for defaults),
// each dialing only "tcp4" or "tcp6": otherwise a dual-stack host would ask
// a dual-stack service over whichever family connects first and could get
// its IPv6 address back when IPv4 was wanted. The clone drops any proxy, as
// the service would then see the proxy's address. timeout bounds each
// request as a whole.
func FamilyClients(base *http.Transport, timeout time.Duration) map[Family]*http.Client {
	if base == nil {
		base = &http.Transport{
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 10 * time.Second,
			IdleConnTimeout:       30 * time.Second,
		}
	}
	clients := make(map[Family]*http.Client, 2)
	for _, f := range []Family{V4, V6} {
		t := base.Clone()
		t.Proxy = nil
		t.DialContext = forceFamily(f, base.DialContext)
		clients[f] = &http.Client{Transport: t, Timeout: timeout}
	}
	return clients
}

type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

func forceFamily(f Family, dial dialFunc) dialFunc {
	if dial == nil {
		d := &net.Dialer{Timeout: 10 * time.Second}
		dial = d.DialContext
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dial(ctx, f.Network(strings.TrimRight(network, "46")), addr)
	}
}
