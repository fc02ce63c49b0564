package custom

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := Settings{CustomURL: "https://dyn.example.net/u?ip={ip}", CustomSuccess: "^good"}
	tests := []struct {
		name string
		edit func(*Settings)
		want string // "" valid
	}{
		{"valid", func(*Settings) {}, ""},
		{"http to loopback", func(s *Settings) { s.CustomURL = "http://127.0.0.1:8080/u/{fqdn}?ip={ip}" }, ""},
		{"json body", func(s *Settings) {
			s.CustomURL, s.CustomMethod, s.CustomContentType = "https://x.example/u", "post", "application/json"
			s.CustomBody = `{"ip":"{ip6}"}`
		}, ""},
		{"bad regexp", func(s *Settings) { s.CustomSuccess = "good(" }, `DDNS_CUSTOM_SUCCESS: "good(" is not a Go regular expression`},
		{"empty pattern", func(s *Settings) { s.CustomSuccess = "" }, "DDNS_CUSTOM_SUCCESS: is empty"},
		{"http remote", func(s *Settings) { s.CustomURL = "http://dyn.example.net/u?ip={ip}" }, "DDNS_CUSTOM_URL: server"},
		{"no scheme", func(s *Settings) { s.CustomURL = "dyn.example.net/u?ip={ip}" }, "DDNS_CUSTOM_URL"},
		{"ftp", func(s *Settings) { s.CustomURL = "ftp://dyn.example.net/u?ip={ip}" }, "DDNS_CUSTOM_URL"},
		{"placeholder in host", func(s *Settings) { s.CustomURL = "https://{host}.example.net/?ip={ip}" }, "fixed host"},
		{"user info", func(s *Settings) { s.CustomURL = "https://u:p@x.example/?ip={ip}" }, "user information"},
		{"fragment", func(s *Settings) { s.CustomURL = "https://x.example/?ip={ip}#x" }, "fragment"},
		{"unknown placeholder", func(s *Settings) { s.CustomURL = "https://x.example/?ip={ip}&k={passwd}" }, "unknown placeholder {passwd}"},
		{"no address", func(s *Settings) { s.CustomURL = "https://x.example/?h={host}" }, "has no {ip} or {ip6}"},
		{"get with body", func(s *Settings) { s.CustomBody = "a=b" }, "DDNS_CUSTOM_BODY: is set but DDNS_CUSTOM_METHOD is GET"},
		{"method", func(s *Settings) { s.CustomMethod = "DELETE" }, `DDNS_CUSTOM_METHOD: "DELETE"`},
		{"content type", func(s *Settings) { s.CustomContentType = "json;;" }, "DDNS_CUSTOM_CONTENT_TYPE"},
		{"empty url", func(s *Settings) { s.CustomURL = "" }, "DDNS_CUSTOM_URL: is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := ok
			tc.edit(&s)
			err := s.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
}
