package rfc2136

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/kelseyhightower/envconfig"

	"github.com/ddns-pi/ddns/internal/provider"
)

// TestSettingsNames reads the settings the way the config layer does, so
// the variable names in every message are the ones envconfig reads.
func TestSettingsNames(t *testing.T) {
	t.Setenv("DDNS_TSIG_KEY_NAME", "ddns-key")
	t.Setenv("DDNS_TSIG_ALGORITHM", "HMAC-SHA512.")
	s := Factory.Settings().(*Settings)
	if err := envconfig.Process("DDNS", s); err != nil {
		t.Fatal(err)
	}
	if *s != (Settings{TSIGKeyName: "ddns-key", TSIGAlgorithm: "HMAC-SHA512.", TTL: 300}) {
		t.Errorf("settings = %+v", *s)
	}
	if err := s.Validate(); err != nil {
		t.Error(err)
	}
	// envconfig takes set-but-empty as set; Validate catches it.
	t.Setenv("DDNS_TSIG_KEY_NAME", "")
	s = Factory.Settings().(*Settings)
	if err := envconfig.Process("DDNS", s); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "DDNS_TSIG_KEY_NAME") {
		t.Errorf("an empty DDNS_TSIG_KEY_NAME: Validate = %v", err)
	}
}

func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    Settings
		want []string // parts of the message; none means valid
	}{
		{name: "defaults", s: Settings{TSIGKeyName: "ddns-key", TSIGAlgorithm: "hmac-sha256", TTL: 300}},
		{name: "every algorithm", s: Settings{TSIGKeyName: "k.example.", TSIGAlgorithm: "hmac-sha1", TTL: 1}},
		{name: "largest ttl", s: Settings{TSIGKeyName: "k", TSIGAlgorithm: "hmac-sha224", TTL: 2147483647}},
		{name: "md5", s: Settings{TSIGKeyName: "k", TSIGAlgorithm: "hmac-md5", TTL: 300},
			want: []string{`DDNS_TSIG_ALGORITHM="hmac-md5" is not supported`, "hmac-sha256 (the default)"}},
		{name: "no key name", s: Settings{TSIGAlgorithm: "hmac-sha256", TTL: 300},
			want: []string{`DDNS_TSIG_KEY_NAME="" is not a key name`}},
		{name: "key name with empty label", s: Settings{TSIGKeyName: "a..b", TSIGAlgorithm: "hmac-sha384", TTL: 300},
			want: []string{`DDNS_TSIG_KEY_NAME="a..b"`}},
		{name: "zero ttl and bad algorithm, both named", s: Settings{TSIGKeyName: "k", TSIGAlgorithm: "sha256", TTL: 0},
			want: []string{"DDNS_TTL=0 is out of range", `DDNS_TSIG_ALGORITHM="sha256"`}},
		{name: "ttl too large", s: Settings{TSIGKeyName: "k", TSIGAlgorithm: "hmac-sha512", TTL: 1 << 31},
			want: []string{"DDNS_TTL=2147483648 is out of range"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.s.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate passed")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestNewChecksSecret(t *testing.T) {
	t.Parallel()
	good := &Settings{TSIGKeyName: "ddns-key", TSIGAlgorithm: "hmac-sha256", TTL: 300}
	tests := []struct {
		name     string
		server   string
		password string
		settings any
		want     string
	}{
		{name: "quoted secret", server: "ns1.example.org", password: `"c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA="`,
			settings: good, want: "not base64"},
		{name: "secret with its semicolon", server: "ns1.example.org", password: "c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA=;",
			settings: good, want: "not base64"},
		{name: "empty secret", server: "ns1.example.org", settings: good, want: "is empty"},
		{name: "url server", server: "https://ns1.example.org", password: "c2VjcmV0", settings: good, want: "is a URL"},
		{name: "no settings", server: "ns1.example.org", password: "c2VjcmV0", want: "no settings"},
		{name: "invalid settings", server: "ns1.example.org", password: "c2VjcmV0",
			settings: &Settings{TSIGKeyName: "k", TSIGAlgorithm: "gss-tsig", TTL: 300}, want: "DDNS_TSIG_ALGORITHM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(provider.Env{Server: tc.server, Password: tc.password, Settings: tc.settings})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one with %q", err, tc.want)
			}
			if tc.password != "" && strings.Contains(err.Error(), strings.Trim(tc.password, `";`)) {
				t.Errorf("error quotes the secret: %q", err)
			}
		})
	}
	p, err := New(provider.Env{Server: "[2001:db8::53]", Password: " c2VjcmV0\n", Settings: good})
	if err != nil {
		t.Fatal(err)
	}
	if c := p.(*Client); c.server != "[2001:db8::53]:53" || c.secret != "c2VjcmV0" || c.keyName != "ddns-key." {
		t.Errorf("client = %q %q %q", c.server, c.secret, c.keyName)
	}
}

func TestParseServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"ns1.example.org", "ns1.example.org:53"},
		{"ns1.example.org.", "ns1.example.org:53"},
		{"ns1.example.org:5353", "ns1.example.org:5353"},
		{" 192.0.2.53 ", "192.0.2.53:53"},
		{"192.0.2.53:53", "192.0.2.53:53"},
		{"localhost:1053", "localhost:1053"},
		{"[2001:db8::53]:5353", "[2001:db8::53]:5353"},
		{"[2001:db8::53]", "[2001:db8::53]:53"},
		{"2001:db8::53", "[2001:db8::53]:53"},
		{"::1", "[::1]:53"},
		{"[::ffff:192.0.2.1]:53", "[::ffff:192.0.2.1]:53"},
		{"", ""},
		{"https://ns1.example.org", ""},
		{"dns://192.0.2.53", ""},
		{"ns1.example.org/update", ""},
		{"user@ns1.example.org", ""},
		{"ns1.example.org:", ""},
		{"ns1.example.org:0", ""},
		{"ns1.example.org:65536", ""},
		{"ns1.example.org:+53", ""},
		{"ns1.example.org:domain", ""},
		{"[2001:db8::53]:x", ""},
		{"2001:db8::53:53:1:2:3:4:5", ""},
		{"[fe80::1%eth0]:53", ""},
		{"-bad.example.org", ""},
		{"ns 1.example.org", ""},
		{"a..b", ""},
		{"[ns1.example.org]", ""},
		{"[192.0.2.1]:53", ""},
	}
	for _, tc := range tests {
		got, err := ParseServer(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseServer(%q) = %q, want an error", tc.in, got)
			} else if !strings.Contains(err.Error(), "DDNS_SERVER=") {
				t.Errorf("ParseServer(%q) error %q does not name DDNS_SERVER", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseServer(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if CheckServer(tc.in) != nil {
			t.Errorf("CheckServer(%q) refuses what ParseServer accepts", tc.in)
		}
	}
}

// FuzzParseServer: whatever it accepts dials as host:port, and parsing
// its own output gives the same output.
func FuzzParseServer(f *testing.F) {
	for _, s := range []string{"ns1.example.org", "192.0.2.1:53", "[::1]:53", "::1", "https://x", "[x]", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := ParseServer(in)
		if err != nil {
			if errors.Unwrap(err) != nil {
				t.Errorf("error wraps something: %v", err)
			}
			return
		}
		host, port, err := net.SplitHostPort(out)
		if err != nil || host == "" || port == "" {
			t.Fatalf("ParseServer(%q) = %q, not host:port", in, out)
		}
		again, err := ParseServer(out)
		if err != nil || again != out {
			t.Fatalf("ParseServer(%q) = %q, but ParseServer(%q) = %q, %v", in, out, out, again, err)
		}
	})
}
