package custom

import (
	"errors"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Settings are the template and its answer check.
type Settings struct {
	CustomURL         string `split_words:"true" required:"true" desc:"the update URL with placeholders {ip} {ip6} {host} {domain} {fqdn} {username} {password}, e.g. https://dyn.example.net/update?name={fqdn}&addr={ip}&key={password}"`
	CustomMethod      string `split_words:"true" default:"GET" desc:"GET, POST, PUT or PATCH"`
	CustomBody        string `split_words:"true" desc:"request body template with the same placeholders (not with GET)"`
	CustomContentType string `split_words:"true" desc:"the body's Content-Type: application/json escapes placeholders for JSON strings, application/x-www-form-urlencoded (the default) form-escapes them, any other type inserts them as they are"`
	CustomSuccess     string `split_words:"true" required:"true" desc:"Go regular expression the answer's body must match (with HTTP 2xx) for success, e.g. ^(good|nochg)"`
}

// placeholder matches {name} for any lower-case name; known lists the
// names that exist, in the order Client.values gives their values.
var (
	placeholder = regexp.MustCompile(`\{([a-z0-9_]+)\}`)
	known       = []string{"ip", "ip6", "host", "domain", "fqdn", "username", "password"}
)

// Validate checks every setting and returns all problems joined, each
// naming its variable.
func (s *Settings) Validate() error {
	_, err := s.compile()
	return err
}

// template is the checked settings, ready to expand.
type template struct {
	method, base, query, body, contentType string
	success                                *regexp.Regexp
	hasIP, hasIP6                          bool
}

func (s *Settings) compile() (*template, error) {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf(name+": "+format, args...))
	}
	t := &template{method: strings.ToUpper(strings.TrimSpace(s.CustomMethod)), body: s.CustomBody}
	if t.method == "" {
		t.method = "GET"
	}
	if !slices.Contains([]string{"GET", "POST", "PUT", "PATCH"}, t.method) {
		bad("DDNS_CUSTOM_METHOD", "%q is not GET, POST, PUT or PATCH", s.CustomMethod)
	}
	if err := checkURL(strings.TrimSpace(s.CustomURL)); err != nil {
		bad("DDNS_CUSTOM_URL", "%v", err)
	}
	t.base, t.query, _ = strings.Cut(strings.TrimSpace(s.CustomURL), "?")
	for _, m := range placeholder.FindAllStringSubmatch(s.CustomURL+" "+s.CustomBody, -1) {
		if !slices.Contains(known, m[1]) {
			bad("DDNS_CUSTOM_URL or DDNS_CUSTOM_BODY", "unknown placeholder %s; the placeholders are {%s}",
				m[0], strings.Join(known, "} {"))
		}
	}
	all := s.CustomURL + s.CustomBody
	t.hasIP, t.hasIP6 = strings.Contains(all, "{ip}"), strings.Contains(all, "{ip6}")
	if !t.hasIP && !t.hasIP6 {
		bad("DDNS_CUSTOM_URL", "has no {ip} or {ip6} (nor has DDNS_CUSTOM_BODY): ddns would not send the address")
	}
	if t.body != "" && t.method == "GET" {
		bad("DDNS_CUSTOM_BODY", "is set but DDNS_CUSTOM_METHOD is GET; use POST, PUT or PATCH")
	}
	t.contentType = strings.TrimSpace(s.CustomContentType)
	if t.contentType == "" {
		t.contentType = "application/x-www-form-urlencoded"
	}
	if _, _, err := mime.ParseMediaType(t.contentType); err != nil {
		bad("DDNS_CUSTOM_CONTENT_TYPE", "%q is not a media type such as application/json", s.CustomContentType)
	}
	re, err := regexp.Compile(s.CustomSuccess)
	switch {
	case err != nil:
		bad("DDNS_CUSTOM_SUCCESS", "%q is not a Go regular expression: %v", s.CustomSuccess, err)
	case s.CustomSuccess == "":
		bad("DDNS_CUSTOM_SUCCESS", "is empty, which every answer matches; give what the service answers on success, e.g. ^good")
	}
	t.success = re
	return t, errors.Join(errs...)
}

// checkURL checks the template's fixed part: an absolute https URL (http
// only to a loopback host) whose scheme and host hold no placeholder,
// without user information or a fragment.
func checkURL(raw string) error {
	if raw == "" {
		return errors.New("is empty")
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	switch {
	case !ok || strings.ContainsAny(scheme+host, "{}"):
		return fmt.Errorf("%q must start with https:// and a fixed host (no placeholder before the path)", provider.OneLine(raw))
	case strings.Contains(host, "@"):
		return errors.New("holds user information before the host; put credentials in {username} and {password}")
	case strings.Contains(raw, "#"):
		return errors.New("has a fragment (#), which is never sent")
	}
	u, err := url.Parse(placeholder.ReplaceAllString(raw, "x"))
	if err != nil {
		return fmt.Errorf("is not a URL: %v", provider.OneLine(err.Error()))
	}
	return provider.CheckHTTPServer(u.Scheme + "://" + u.Host)
}
