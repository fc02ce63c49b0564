package provider

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// ParseServer reads a provider's base URL (def when server is empty). The
// config layer has validated it already; this guards direct callers.
func ParseServer(server, def string) (*url.URL, error) {
	if server == "" {
		server = def
	}
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("server %q is not an http(s) base URL", urlShown(server))
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
	if u.Scheme == "http" && !textsafe.IsLoopbackHost(u.Hostname()) {
		return fmt.Errorf("server %q uses http to a remote host; use https", urlShown(server))
	}
	return nil
}

// urlShown is a URL as a message may quote it: scheme, host and path.
func urlShown(raw string) string { return textsafe.URL(raw) }

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
