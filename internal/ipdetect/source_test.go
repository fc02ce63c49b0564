package ipdetect

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		name string // wanted Name(); "" means an error is expected
		err  string
	}{
		{spec: "https://api.ipify.org", name: "https://api.ipify.org"},
		{spec: "https://api.cloudflare.com/cdn-cgi/trace", name: "https://api.cloudflare.com/cdn-cgi/trace"},
		{spec: "HTTPS://api.ipify.org", name: "https://api.ipify.org"},
		{spec: "https://ipinfo.io/json?token=SECRET", name: "https://ipinfo.io/json"},
		{spec: "https://user:SECRET@echo.example/ip", name: "https://echo.example/ip"},
		{spec: "http://127.0.0.1:8080/ip", name: "http://127.0.0.1:8080/ip"},
		{spec: "http://127.9.9.9/", name: "http://127.9.9.9/"},
		{spec: "http://localhost/ip", name: "http://localhost/ip"},
		{spec: "http://LOCALHOST:80", name: "http://LOCALHOST:80"},
		{spec: "http://[::1]:8080/", name: "http://[::1]:8080/"},
		{spec: "http://example.com/ip", err: `source "http://example.com/ip": plain http would leak`},
		{spec: "http://192.0.2.1/", err: "plain http would leak"},
		{spec: "http://localhost.example.com/", err: "plain http would leak"},
		{spec: "http://[::ffff:127.0.0.1]/", name: "http://[::ffff:127.0.0.1]/"}, // still loopback
		{spec: "http://u:SECRET@example.com/?token=SECRET", err: "plain http would leak"},
		{spec: "https:api.ipify.org", err: "has no host"},
		{spec: "https://", err: "has no host"},
		{spec: "https://bad host/", err: "not a valid URL"},
		{spec: "ftp://example.com/ip", err: `unknown scheme "ftp"`},
		{spec: "ipify", err: `source "ipify" has no scheme`},
		{spec: "iface:eth0", name: "iface:eth0"},
		{spec: "iface:", err: "want iface:NAME"},
		{spec: "dns:opendns", name: "dns:opendns"},
		{spec: "dns:OpenDNS", name: "dns:opendns"},
		{spec: "dns:cloudflare", name: "dns:cloudflare"},
		{spec: "dns:google", err: "unknown DNS service (known: dns:cloudflare, dns:opendns)"},
	}
	clients := FamilyClients(nil, time.Second)
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			s, err := ParseSource(tt.spec, clients)
			if tt.name != "" {
				if err != nil || s.Name() != tt.name {
					t.Fatalf("ParseSource(%q) = %v, %v; want source named %q", tt.spec, s, err, tt.name)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("ParseSource(%q) error = %v, want it to contain %q", tt.spec, err, tt.err)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q shows a secret from the spec", err)
			}
		})
	}
}

func TestParseSourcesJoinsErrors(t *testing.T) {
	t.Parallel()
	_, err := ParseSources([]string{"https://ok.example", "ftp://a", "http://b.example", "iface:eth0"}, nil)
	if err == nil {
		t.Fatal("ParseSources accepted bad specs")
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 2 {
		t.Errorf("error has %d lines, want one per bad spec:\n%v", len(lines), err)
	}
	got, err := ParseSources([]string{"https://ok.example", "iface:eth0"}, nil)
	if err != nil || len(got) != 2 {
		t.Fatalf("ParseSources = %v, %v; want 2 sources", got, err)
	}
}

func TestDefaultSources(t *testing.T) {
	t.Parallel()
	for _, f := range []Family{V4, V6} {
		specs := DefaultSources(f)
		if len(specs) < 2 {
			t.Errorf("DefaultSources(%s) = %v, want a fallback", f, specs)
		}
		for _, spec := range specs {
			s, err := ParseSource(spec, nil)
			if err != nil || !strings.HasPrefix(s.Name(), "https://") {
				t.Errorf("default %s source %q: %v, %v; want an https source", f, spec, s, err)
			}
			if err := CheckSpecFamily(spec, f); err != nil {
				t.Errorf("default %s source: %v", f, err)
			}
			if strings.Contains(spec, "1.1.1.1") || strings.Contains(spec, "1.0.0.1") {
				t.Errorf("default source %q asks Cloudflare by IP, which answers its own address", spec)
			}
		}
		specs[0] = "changed"
		if DefaultSources(f)[0] == "changed" {
			t.Errorf("DefaultSources(%s) returned the table itself", f)
		}
	}
	if got := DefaultSources(Family(0)); got != nil {
		t.Errorf("DefaultSources(unknown) = %v, want nil", got)
	}
}

// TestDefaultSourcesMixOperators keeps at least three operators in each
// default list, so that one of them going away never stops updates.
func TestDefaultSourcesMixOperators(t *testing.T) {
	t.Parallel()
	operator := func(host string) string { // icanhazip is run by Cloudflare
		parts := strings.Split(host, ".")
		op := parts[len(parts)-2]
		if op == "icanhazip" {
			return "cloudflare"
		}
		return op
	}
	for _, f := range []Family{V4, V6} {
		ops := map[string]bool{}
		for _, spec := range DefaultSources(f) {
			u, err := url.Parse(spec)
			if err != nil {
				t.Fatal(err)
			}
			ops[operator(u.Hostname())] = true
		}
		if len(ops) < 3 {
			t.Errorf("DefaultSources(%s) has %d operators %v, want at least 3", f, len(ops), ops)
		}
	}
}

func TestOnlyFamily(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		want Family // 0: either family
	}{
		{"https://api.ipify.org", V4},
		{"https://API.ipify.org./", V4},
		{"https://api4.ipify.org", V4},
		{"https://ipv4.icanhazip.com", V4},
		{"https://checkip.amazonaws.com", V4},
		{"http://127.0.0.1:8080/ip", V4},
		{"https://203.0.113.1/ip", V4},
		{"http://[::ffff:127.0.0.1]/", V4},
		{"https://api6.ipify.org", V6},
		{"https://ipv6.icanhazip.com", V6},
		{"http://[::1]:8080/ip", V6},
		{"https://api64.ipify.org", 0},
		{"https://icanhazip.com", 0},
		{"https://api.cloudflare.com/cdn-cgi/trace", 0},
		{"iface:eth0", 0},
		{"dns:opendns", 0},
		{"dns:cloudflare", 0},
		{"not a url", 0},
	}
	for _, tt := range tests {
		got, ok := OnlyFamily(tt.spec)
		if (tt.want == 0 && ok) || (tt.want != 0 && (!ok || got != tt.want)) {
			t.Errorf("OnlyFamily(%q) = %v, %v; want %v", tt.spec, got, ok, tt.want)
		}
	}
}

func TestParseSourcesForRefusesTheOtherFamily(t *testing.T) {
	t.Parallel()
	_, err := ParseSourcesFor(V6, []string{"https://api.ipify.org?token=SECRET", "iface:eth0", "ftp://x", "http://127.0.0.1:1/"}, nil)
	want := []string{
		`source "https://api.ipify.org" answers over IPv4 only, so it can never give an IPv6 address; list it for IPv4 instead`,
		`source "http://127.0.0.1:1/" answers over IPv4 only`,
		`unknown scheme "ftp"`,
	}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("ParseSourcesFor(V6) error = %v, want it to contain %q", err, w)
		}
	}
	if err != nil && strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error shows the query: %v", err)
	}
	if _, err := ParseSourcesFor(V4, []string{"https://ipv6.icanhazip.com"}, nil); err == nil ||
		!strings.Contains(err.Error(), "answers over IPv6 only") {
		t.Errorf("ParseSourcesFor(V4, v6-only) = %v, want an error", err)
	}
	got, err := ParseSourcesFor(V6, []string{"https://api6.ipify.org", "dns:cloudflare", "iface:eth0"}, nil)
	if err != nil || len(got) != 3 {
		t.Errorf("ParseSourcesFor(V6, good) = %v, %v", got, err)
	}
}
