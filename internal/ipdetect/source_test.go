package ipdetect

import (
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
		{spec: "dns:google", err: "unknown DNS service (known: dns:opendns)"},
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
