package config

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

var testProviders = []string{"namecheap", "dreamhost"}

// validConfig passes Validate; each case below breaks one thing.
func validConfig() Config {
	return Config{
		Provider: "namecheap", Domain: "Example.com", Hosts: []string{"home", "@", "*", "a.b", "*.lan"},
		APIPassword: NewSecret(secret), IPVersion: "4", StateDir: "/var/lib/ddns",
		Timeout: time.Minute, ForceInterval: 720 * time.Hour, LogLevel: "info",
	}
}

func TestValidateAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*Config)
	}{
		{name: "minimal", modify: func(*Config) {}},
		{name: "https server", modify: func(c *Config) { c.Server = "https://dyn.example.net/base" }},
		{name: "http to localhost", modify: func(c *Config) { c.Server = "http://localhost:8080" }},
		{name: "http to 127.0.0.2", modify: func(c *Config) { c.Server = "http://127.0.0.2:9/x" }},
		{name: "http to ::1", modify: func(c *Config) { c.Server = "http://[::1]:9" }},
		{name: "sources", modify: func(c *Config) {
			c.IPSources = []string{"ipify", "iface:eth0", "dns:opendns", "https://api.ipify.org", "http://127.0.0.1:8/ip"}
		}},
		{name: "fixed IPv4", modify: func(c *Config) { c.IP = netip.MustParseAddr("203.0.113.7") }},
		{name: "fixed IPv6", modify: func(c *Config) { c.IP, c.IPVersion = netip.MustParseAddr("2001:db8::7"), "6" }},
		{name: "both families", modify: func(c *Config) { c.IPVersion = "4,6" }},
		{name: "force interval off", modify: func(c *Config) { c.ForceInterval = 0 }},
		{name: "punycode domain", modify: func(c *Config) { c.Domain = "xn--bcher-kva.example" }},
		{name: "no password (the provider decides)", modify: func(c *Config) { c.APIPassword = Secret{} }},
		{name: "private address allowed", modify: func(c *Config) { c.IP, c.AllowPrivate = netip.MustParseAddr("192.168.1.10"), true }},
		{name: "cgnat allowed", modify: func(c *Config) { c.IP, c.AllowPrivate = netip.MustParseAddr("100.64.0.1"), true }},
		{name: "timeout of one second", modify: func(c *Config) { c.Timeout = time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.modify(&c)
			if err := c.Validate(testProviders); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*Config)
		want   string // the whole error must contain this
	}{
		{"provider missing", func(c *Config) { c.Provider = "" }, "DDNS_PROVIDER: is not set; set it to one of: namecheap, dreamhost"},
		{"provider unknown", func(c *Config) { c.Provider = "godaddy" }, `DDNS_PROVIDER: "godaddy" is not a known provider; use one of: namecheap, dreamhost`},
		{"domain missing", func(c *Config) { c.Domain = "" }, "DDNS_DOMAIN: is not set"},
		{"domain is a URL", func(c *Config) { c.Domain = "https://example.com" }, `DDNS_DOMAIN: "https://example.com" is a URL`},
		{"domain with path", func(c *Config) { c.Domain = "example.com/x" }, `DDNS_DOMAIN: "example.com/x" is not a domain`},
		{"domain with port", func(c *Config) { c.Domain = "example.com:443" }, `"example.com:443" is not a domain`},
		{"domain without dot", func(c *Config) { c.Domain = "localhost" }, `"localhost" has no dot`},
		{"domain bad char", func(c *Config) { c.Domain = "ex_ample.com" }, `"ex_ample.com" is not a domain: "_" is not allowed`},
		{"domain empty label", func(c *Config) { c.Domain = "example..com" }, "empty label"},
		{"domain hyphen", func(c *Config) { c.Domain = "-example.com" }, "starts or ends with a hyphen"},
		{"domain unicode", func(c *Config) { c.Domain = "bücher.example" }, "punycode"},
		{"domain long label", func(c *Config) { c.Domain = strings.Repeat("a", 64) + ".com" }, "longer than 63"},
		{"hosts empty", func(c *Config) { c.Hosts = nil }, "DDNS_HOSTS: is not set"},
		{"host bad label", func(c *Config) { c.Hosts = []string{"home", "w_b"} }, `DDNS_HOSTS: "w_b" is not a host name`},
		{"host wildcard inside", func(c *Config) { c.Hosts = []string{"a.*"} }, `DDNS_HOSTS: "a.*" is not a host name`},
		{"host with domain", func(c *Config) { c.Hosts = []string{"home.example.COM"} }, `"home.example.COM" includes DDNS_DOMAIN`},
		{"ip version", func(c *Config) { c.IPVersion = "5" }, `DDNS_IP_VERSION: "5" is not valid; use 4, 6 or 4,6`},
		{"ip family mismatch", func(c *Config) { c.IP = netip.MustParseAddr("2001:db8::1") }, `DDNS_IP: "2001:db8::1" is an IPv6 address but DDNS_IP_VERSION is "4"; set DDNS_IP_VERSION=6`},
		{"ip unspecified", func(c *Config) { c.IP = netip.MustParseAddr("0.0.0.0") }, `DDNS_IP: "0.0.0.0" is the unspecified address`},
		{"ip loopback", func(c *Config) { c.IP = netip.MustParseAddr("127.0.0.1") }, `DDNS_IP: "127.0.0.1" is a loopback address`},
		{"ip loopback even if private allowed", func(c *Config) { c.IP, c.AllowPrivate = netip.MustParseAddr("127.0.0.1"), true }, `is a loopback address`},
		{"ip broadcast", func(c *Config) { c.IP = netip.MustParseAddr("255.255.255.255") }, `DDNS_IP: "255.255.255.255" is the broadcast address`},
		{"ip multicast", func(c *Config) { c.IP = netip.MustParseAddr("224.0.0.1") }, `is a multicast address`},
		{"ip cgnat", func(c *Config) { c.IP = netip.MustParseAddr("100.64.0.1") }, `DDNS_IP: "100.64.0.1" is a carrier-grade NAT (100.64.0.0/10) address; set DDNS_ALLOW_PRIVATE=true`},
		{"ip private", func(c *Config) { c.IP = netip.MustParseAddr("192.168.1.10") }, `DDNS_IP: "192.168.1.10" is a private address; set DDNS_ALLOW_PRIVATE=true`},
		{"ip ula", func(c *Config) { c.IP, c.IPVersion = netip.MustParseAddr("fd00::1"), "6" }, `"fd00::1" is a private address`},
		{"ip link-local", func(c *Config) { c.IP, c.IPVersion = netip.MustParseAddr("fe80::1"), "6" }, `"fe80::1" is a link-local address`},
		{"domain is an IP", func(c *Config) { c.Domain = "203.0.113.7" }, `DDNS_DOMAIN: "203.0.113.7" is an IP address`},
		{"hosts with spaces", func(c *Config) { c.Hosts = []string{"@ www home"} }, `DDNS_HOSTS: "@ www home" contains a space; separate hosts with commas`},
		{"timeout zero", func(c *Config) { c.Timeout = 0 }, `DDNS_TIMEOUT: "0s" is too short; give at least 1s`},
		{"timeout under a second", func(c *Config) { c.Timeout = 500 * time.Millisecond }, `DDNS_TIMEOUT: "500ms" is too short`},
		{"force interval negative", func(c *Config) { c.ForceInterval = -time.Second }, `DDNS_FORCE_INTERVAL: "-1s" must not be negative`},
		{"log level", func(c *Config) { c.LogLevel = "trace" }, `DDNS_LOG_LEVEL: "trace" is not a level; use one of: debug, info, warn, error`},
		{"state dir relative", func(c *Config) { c.StateDir = "state" }, `DDNS_STATE_DIR: "state" must be an absolute path`},
		{"source http remote", func(c *Config) { c.IPSources = []string{"http://ip.example.net"} }, `DDNS_IP_SOURCES: "http://ip.example.net" uses http to a remote host`},
		{"source unknown scheme", func(c *Config) { c.IPSources = []string{"ftp://ip.example.net"} }, `DDNS_IP_SOURCES: "ftp://ip.example.net" has an unknown scheme "ftp"`},
		{"source empty iface", func(c *Config) { c.IPSources = []string{"iface:"} }, `DDNS_IP_SOURCES: "iface:" names nothing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.modify(&c)
			err := c.Validate(testProviders)
			if err == nil {
				t.Fatalf("Validate passed, want %q", tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q\nwant it to contain %q", msg, tt.want)
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("error %q does not wrap ErrConfig", msg)
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error %q contains the password", msg)
			}
		})
	}
}

// TestValidateJoinsAll checks that one call reports every problem, one per
// line, so the user fixes the file once.
func TestValidateJoinsAll(t *testing.T) {
	t.Parallel()
	c := Config{Hosts: []string{"ok", "b@d"}, IPVersion: "7", LogLevel: "loud", StateDir: "/s"}
	err := c.Validate(testProviders)
	if err == nil {
		t.Fatal("Validate passed")
	}
	lines := strings.Split(err.Error(), "\n")
	wantVars := []string{"DDNS_PROVIDER", "DDNS_DOMAIN", "DDNS_HOSTS", "DDNS_IP_VERSION", "DDNS_TIMEOUT", "DDNS_LOG_LEVEL"}
	if len(lines) != len(wantVars) {
		t.Errorf("got %d problems, want %d:\n%s", len(lines), len(wantVars), err)
	}
	for i, v := range wantVars {
		if i < len(lines) && !strings.HasPrefix(lines[i], v+": ") {
			t.Errorf("problem %d = %q, want it about %s", i, lines[i], v)
		}
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "DDNS_PROVIDER" {
		t.Errorf("errors.As(*Error) = %+v", ce)
	}
}

func TestFamilies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []int
	}{{"4", []int{4}}, {"6", []int{6}}, {"4,6", []int{4, 6}}, {"6,4", []int{4, 6}}, {"", nil}, {"4,5", nil}}
	for _, tt := range tests {
		got := Config{IPVersion: tt.in}.Families()
		if len(got) != len(tt.want) || (len(got) > 0 && (int(got[0]) != tt.want[0] || int(got[len(got)-1]) != tt.want[len(tt.want)-1])) {
			t.Errorf("Families(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestCheckServerURL is the shared rule for HTTP providers' DDNS_SERVER.
func TestCheckServerURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, server, want string // want "" means accepted
	}{
		{"https", "https://dyn.example.net/base", ""},
		{"http to localhost", "http://localhost:8080", ""},
		{"http to 127.0.0.2", "http://127.0.0.2:9/x", ""},
		{"http to ::1", "http://[::1]:9", ""},
		{"server not a URL", "dyn.example.net", `DDNS_SERVER: "dyn.example.net" is not a URL`},
		{"server http remote", "http://dyn.example.net", `DDNS_SERVER: "http://dyn.example.net" uses http to a remote host`},
		{"server http lookalike", "http://127.0.0.1.example.net", "uses http to a remote host"},
		{"server ftp", "ftp://dyn.example.net", "is not an http(s) URL"},
		{"server with user info", "https://u:" + secret + "@dyn.example.net", `DDNS_SERVER: "https://dyn.example.net" holds a user name or password`},
		{"server with query", "https://dyn.example.net/u?password=" + secret, `"https://dyn.example.net/u" has a query`},
	}
	for _, tt := range tests {
		err := CheckServerURL(tt.server)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrConfig)):
			t.Errorf("%s: err = %v, want ErrConfig containing %q", tt.name, err, tt.want)
		case err != nil && strings.Contains(err.Error(), secret):
			t.Errorf("%s: error %q contains the password", tt.name, err)
		}
	}
}

func TestUnknownName(t *testing.T) {
	t.Parallel()
	known := []string{"DDNS_HOSTS", "DDNS_API_PASSWORD", "DDNS_PROVIDER"}
	tests := []struct{ name, want string }{
		{"DDNS_HOST", "DDNS_HOST: is not a ddns setting; did you mean DDNS_HOSTS?"},
		{"DDNS_XYZZY_PLUGH", "DDNS_XYZZY_PLUGH: is not a ddns setting"},
		{"DDNS_PASSWORD", "DDNS_PASSWORD: is not a ddns setting; did you mean DDNS_API_PASSWORD?"},
		{"ddns_provider", "ddns_provider: is not a ddns setting; names are case-sensitive: write DDNS_PROVIDER"},
	}
	for _, tt := range tests {
		err := UnknownName(tt.name, known)
		if err == nil || err.Error() != tt.want || !errors.Is(err, ErrConfig) {
			t.Errorf("UnknownName(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
}
