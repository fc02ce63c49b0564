package ipdetect

import (
	"net/netip"
	"strings"
	"testing"
)

const cloudflareTrace = `fl=29f123
h=api.cloudflare.com
ip=203.0.113.7
ts=1700000000.123
visit_scheme=https
uag=ddns-pi/ddns
colo=FRA
sliver=none
http=http/2
loc=DE
tls=TLSv1.3
sni=plaintext
warp=off
gateway=off
rbi=off
kex=X25519
`

func TestParseBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string // "" means an error is expected
		err  string // substring of the error
	}{
		{name: "plain v4", body: "203.0.113.7", want: "203.0.113.7"},
		{name: "plain with newline", body: "203.0.113.7\n", want: "203.0.113.7"},
		{name: "crlf and spaces", body: "  203.0.113.7 \r\n", want: "203.0.113.7"},
		{name: "bom", body: "\uFEFF2001:db8::7\n", want: "2001:db8::7"},
		{name: "plain v6", body: "2001:db8::7\n", want: "2001:db8::7"},
		{name: "ipify json", body: `{"ip":"203.0.113.7"}`, want: "203.0.113.7"},
		{name: "ipinfo json", body: `{
  "ip": "2001:db8::7",
  "hostname": "host.example",
  "city": "Berlin",
  "loc": "52.5,13.4",
  "org": "AS64496 Example"
}`, want: "2001:db8::7"},
		{name: "json without ip", body: `{"addr":"203.0.113.7"}`, err: `no "ip" field`},
		{name: "json ip not string", body: `{"ip":7}`, err: "JSON"},
		{name: "json ip garbage", body: `{"ip":"nope"}`, err: "is not an IP address"},
		{name: "broken json", body: `{"ip":`, err: "JSON"},
		{name: "trace uses ip not h", body: strings.Replace(cloudflareTrace, "h=api.cloudflare.com", "h=1.1.1.1", 1),
			want: "203.0.113.7"},
		{name: "trace without ip", body: "fl=1\nh=1.1.1.1\n", err: "no ip= line"},
		{name: "trace twice ip", body: "ip=203.0.113.7\nip=203.0.113.8\n", err: "more than one ip="},
		{name: "trace warp on", body: strings.Replace(cloudflareTrace, "warp=off", "warp=on", 1), err: "WARP"},
		{name: "html portal", body: "<!DOCTYPE html><html><body>Please log in</body></html>", err: "HTML page"},
		{name: "html dyndns", body: "<html><head><title>Current IP Check</title></head><body>Current IP Address: 203.0.113.7</body></html>",
			err: "captive portal"},
		{name: "html after text", body: "Redirecting <HTML>", err: "HTML page"},
		{name: "garbage", body: "hello world", err: "is not an IP address"},
		{name: "two addresses", body: "203.0.113.7\n203.0.113.8", err: "is not an IP address"},
		{name: "empty", body: "", err: "empty body"},
		{name: "whitespace only", body: " \n\t", err: "empty body"},
		{name: "zone id", body: "fe80::1%eth0\n", err: "zone"},
		{name: "zone id in json", body: `{"ip":"2001:db8::1%25eth0"}`, err: "zone"},
		{name: "zone id in trace", body: "ip=2001:db8::1%eth0\n", err: "zone"},
		{name: "long garbage is shortened", body: strings.Repeat("x", 500), err: "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBody([]byte(tt.body))
			if tt.want != "" {
				if err != nil || got != netip.MustParseAddr(tt.want) {
					t.Fatalf("ParseBody(%q) = %v, %v; want %s", tt.body, got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseBody(%q) = %v, want error containing %q", tt.body, got, tt.err)
			}
			if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error = %q, want it to contain %q", err, tt.err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
}

func FuzzParseBody(f *testing.F) {
	for _, seed := range []string{
		"203.0.113.7\n", "2001:db8::7", `{"ip":"203.0.113.7","city":"x"}`, cloudflareTrace,
		"<html>portal</html>", "", "fe80::1%eth0", "ip=\nip=", "{", "::ffff:1.2.3.4", "warp=on\nip=1.2.3.4",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		addr, err := ParseBody(body)
		if err != nil {
			if addr.IsValid() {
				t.Fatalf("ParseBody(%q) returned %v with error %v", body, addr, err)
			}
			if len(err.Error()) > 400 {
				t.Fatalf("ParseBody(%q) error is %d bytes long", body, len(err.Error()))
			}
			return
		}
		if !addr.IsValid() || addr.Zone() != "" {
			t.Fatalf("ParseBody(%q) = %v: invalid or zoned address without error", body, addr)
		}
		// The address's own text must read back as the same address.
		again, err := ParseBody([]byte(addr.String()))
		if err != nil || again != addr {
			t.Fatalf("ParseBody(%q) = %v, %v; want %v", addr.String(), again, err, addr)
		}
	})
}
