package ipdetect

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// maxShown caps how much of a bad body an error message quotes, so that one
// odd answer stays one readable log line.
const maxShown = 64

// ParseBody reads the address out of an echo service's answer. It accepts,
// after trimming whitespace:
//
//   - a plain address ("203.0.113.7\n": ipify, icanhazip, checkip.amazonaws.com);
//   - a JSON object with an "ip" string field, other fields ignored
//     (ipify ?format=json, ipinfo.io/json);
//   - key=value lines with an "ip=" line (Cloudflare /cdn-cgi/trace). Only
//     that line counts: "h=" holds the host that was asked, often an IP too.
//
// An HTML page (a captive portal or login page answering instead of the
// service) is rejected with an error that says so. The address is returned
// as parsed; judging whether it is public is Check's job.
func ParseBody(body []byte) (netip.Addr, error) {
	s := strings.TrimSpace(strings.TrimPrefix(string(body), "\uFEFF"))
	switch {
	case s == "":
		return netip.Addr{}, errors.New("empty body")
	case looksLikeHTML(s):
		return netip.Addr{}, fmt.Errorf("body is an HTML page, not an address "+
			"(a captive portal or login page in the way?): %q", shorten(s))
	case strings.HasPrefix(s, "{"):
		return parseJSON(s)
	case strings.Contains(s, "="):
		return parseTrace(s)
	}
	return parseAddr(s, "body")
}

func looksLikeHTML(s string) bool {
	return strings.HasPrefix(s, "<") || strings.Contains(strings.ToLower(s), "<html")
}

func parseJSON(s string) (netip.Addr, error) {
	var v struct {
		IP *string `json:"ip"`
	}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return netip.Addr{}, fmt.Errorf("body looks like JSON but is not an object with a string \"ip\": %w", err)
	}
	if v.IP == nil {
		return netip.Addr{}, fmt.Errorf("JSON body has no \"ip\" field: %q", shorten(s))
	}
	return parseAddr(*v.IP, "JSON ip value")
}

// parseTrace reads Cloudflare's trace format. warp=on/plus means the request
// left through Cloudflare WARP, so ip= is a Cloudflare exit, not this host
// (favonia/cloudflare-ddns rejects it for the same reason).
func parseTrace(s string) (netip.Addr, error) {
	var ip string
	found := false
	for line := range strings.Lines(s) {
		key, val, ok := strings.Cut(strings.TrimSpace(line), "=")
		switch {
		case !ok:
			continue
		case key == "warp" && (val == "on" || val == "plus"):
			return netip.Addr{}, fmt.Errorf("trace says warp=%s: ip= is a Cloudflare WARP exit, not this host", val)
		case key == "ip" && found:
			return netip.Addr{}, errors.New("trace has more than one ip= line")
		case key == "ip":
			ip, found = val, true
		}
	}
	if !found {
		return netip.Addr{}, fmt.Errorf("key=value body has no ip= line: %q", shorten(s))
	}
	return parseAddr(ip, "trace ip=")
}

func parseAddr(s, what string) (netip.Addr, error) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%s %q is not an IP address", what, shorten(s))
	}
	if addr.Zone() != "" {
		// No echo service sends a zone; a body with one is not an answer.
		return netip.Addr{}, fmt.Errorf("%s %q has an IPv6 zone, which no echo service sends", what, shorten(s))
	}
	return addr, nil
}

// shorten cuts s for an error message that prints it with %q, on a
// character boundary.
func shorten(s string) string { return textsafe.Shorten(s, maxShown) }
