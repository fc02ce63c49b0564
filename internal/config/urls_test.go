package config

import (
	"strings"
	"testing"
)

// TestCheckURLShared: the loopback rule and the URL display come from the
// shared textsafe helpers: every loopback form may use http, and no
// message shows user information, a query or a raw control character.
func TestCheckURLShared(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"http://localhost:8080", "http://127.0.0.2/x", "http://[::1]:80", "http://[::ffff:127.0.0.1]/",
		"https://dyn.example.net"} {
		if err := checkServer(ok); err != nil {
			t.Errorf("checkServer(%q) = %v, want nil", ok, err)
		}
	}
	const pw = "s3cr3tpw"
	for _, bad := range []string{
		"http://dyn.example.net/?password=" + pw,
		"https://u:" + pw + "@dyn.example.net",
		"http://[::1/?k=" + pw, // does not parse
		"http://dyn.example.net/%zz?token=" + pw,
		"http://evil.example/\x1b[2J?k=" + pw,
	} {
		err := checkServer(bad)
		if err == nil {
			t.Errorf("checkServer(%q) = nil, want an error", bad)
			continue
		}
		if strings.Contains(err.Error(), pw) || strings.Contains(err.Error(), "\x1b") {
			t.Errorf("checkServer(%q) = %q: shows the secret or a raw control character", bad, err)
		}
	}
	if err := checkSource("https://ipinfo.example/json?token=" + pw); err == nil || strings.Contains(err.Error(), pw) {
		t.Errorf("checkSource with a token = %v", err)
	}
}
