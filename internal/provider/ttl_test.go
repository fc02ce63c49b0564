package provider

import (
	"strings"
	"testing"
)

func TestTTLRange(t *testing.T) {
	t.Parallel()
	cloudflare := TTLRange{Service: "Cloudflare", Min: 30, Max: 86400, Default: 1, Special: 1, SpecialMeans: "automatic"}
	godaddy := TTLRange{Service: "GoDaddy", Min: 600, Max: 2147483647, Default: 600}
	tests := []struct {
		r    TTLRange
		ttl  int
		want string // "" for accepted
	}{
		{cloudflare, 1, ""},
		{cloudflare, 30, ""},
		{cloudflare, 86400, ""},
		{cloudflare, 0, "DDNS_TTL=0 is out of range for Cloudflare; use 1 (automatic) or 30 to 86400 seconds (1 is the default)"},
		{cloudflare, 86401, "DDNS_TTL=86401 is out of range"},
		{godaddy, 600, ""},
		{godaddy, 0, "DDNS_TTL=0 is out of range for GoDaddy; use 600 to 2147483647 seconds (600 is the default)"},
		{godaddy, 599, "DDNS_TTL=599"},
	}
	for _, tc := range tests {
		err := tc.r.Check(tc.ttl)
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s.Check(%d) = %v, want %q", tc.r.Service, tc.ttl, err, tc.want)
		}
	}
}
