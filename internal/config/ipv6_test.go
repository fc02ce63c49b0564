package config

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/family"
)

func TestValidateAcceptsPerFamily(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*Config)
	}{
		// DDNS_IP with 4,6: IPv4 fixed, IPv6 detected by its own sources.
		{"fixed IPv4 with both families", func(c *Config) { c.IP, c.IPVersion = netip.MustParseAddr("192.0.2.1"), "4,6" }},
		{"fixed IPv6 with both families", func(c *Config) { c.Ip6, c.IPVersion = netip.MustParseAddr("2001:db8::7"), "4,6" }},
		{"both fixed", func(c *Config) {
			c.IP, c.Ip6, c.IPVersion = netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::7"), "4,6"
		}},
		{"sources per family", func(c *Config) {
			c.IPVersion = "4,6"
			c.IPSources = []string{"https://api.ipify.org", "dns:cloudflare", "http://127.0.0.1:9/"}
			c.Ip6Sources = []string{" https://api6.ipify.org", "", "iface:eth0", "dns:opendns", "http://[::1]:9/"}
		}},
		{"suffix", func(c *Config) { c.IPVersion, c.Ipv6Suffix, c.Ipv6PrefixLength = "6", " ::1:2:3:4 ", 64 }},
		{"eui64 suffix /56", func(c *Config) { c.IPVersion, c.Ipv6Suffix, c.Ipv6PrefixLength = "4,6", "eui64:eth0", 56 }},
		{"prefix length unused without suffix", func(c *Config) { c.Ipv6PrefixLength = 0 }},
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

func TestValidateRejectsPerFamily(t *testing.T) {
	t.Parallel()
	v6 := func(c *Config) { c.IPVersion = "4,6" }
	tests := []struct {
		name   string
		modify func(*Config)
		want   string
	}{
		{"IPv4-only source for IPv6", func(c *Config) { v6(c); c.Ip6Sources = []string{"https://api.ipify.org"} },
			`DDNS_IP6_SOURCES: source "https://api.ipify.org" answers over IPv4 only, so it can never give an IPv6 address`},
		{"icanhazip v4 for IPv6", func(c *Config) { v6(c); c.Ip6Sources = []string{"https://ipv4.icanhazip.com"} }, "DDNS_IP6_SOURCES"},
		{"literal IPv4 host for IPv6", func(c *Config) { v6(c); c.Ip6Sources = []string{"http://127.0.0.1:8/ip"} }, "DDNS_IP6_SOURCES"},
		{"IPv6-only source for IPv4", func(c *Config) { c.IPSources = []string{"https://api6.ipify.org"} },
			`DDNS_IP_SOURCES: source "https://api6.ipify.org" answers over IPv6 only`},
		{"literal IPv6 host for IPv4", func(c *Config) { c.IPSources = []string{"http://[::1]:8/"} }, "DDNS_IP_SOURCES"},
		{"IPv6 source syntax", func(c *Config) { v6(c); c.Ip6Sources = []string{"http://ip.example.net"} },
			`DDNS_IP6_SOURCES: "http://ip.example.net" uses http to a remote host`},
		{"IPv4 in DDNS_IP6", func(c *Config) { v6(c); c.Ip6 = netip.MustParseAddr("192.0.2.1") },
			`DDNS_IP6: "192.0.2.1" is not an IPv6 address; put an IPv4 address in DDNS_IP`},
		{"DDNS_IP6 without 6", func(c *Config) { c.Ip6 = netip.MustParseAddr("2001:db8::1") },
			`DDNS_IP6: "2001:db8::1" is an IPv6 address but DDNS_IP_VERSION is "4"; set DDNS_IP_VERSION=6 (or 4,6)`},
		{"DDNS_IP without 4", func(c *Config) { c.IPVersion, c.IP = "6", netip.MustParseAddr("192.0.2.1") },
			`DDNS_IP: "192.0.2.1" is an IPv4 address but DDNS_IP_VERSION is "6"; set DDNS_IP_VERSION=4`},
		{"IPv6 twice", func(c *Config) {
			v6(c)
			c.IP, c.Ip6 = netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
		}, "DDNS_IP6 is set too"},
		{"DDNS_IP6 link-local", func(c *Config) { v6(c); c.Ip6 = netip.MustParseAddr("fe80::1") }, `DDNS_IP6: "fe80::1" is a link-local address`},
		{"DDNS_IP6 outside 2000::/3", func(c *Config) { v6(c); c.Ip6 = netip.MustParseAddr("4000::1") },
			`DDNS_IP6: "4000::1" is outside the IPv6 global unicast block`},
		{"DDNS_IP6 NAT64", func(c *Config) { v6(c); c.Ip6 = netip.MustParseAddr("64:ff9b::c000:201") }, "NAT64"},
		{"suffix bad", func(c *Config) { v6(c); c.Ipv6Suffix, c.Ipv6PrefixLength = "1:2:3:4", 64 },
			`DDNS_IPV6_SUFFIX: "1:2:3:4" is not an IPv6 host part; write it like ::1:2:3:4`},
		{"suffix inside prefix", func(c *Config) { v6(c); c.Ipv6Suffix, c.Ipv6PrefixLength = "::1:2:3:4", 80 },
			"has bits inside the /80 prefix"},
		{"eui64 on a long prefix", func(c *Config) { v6(c); c.Ipv6Suffix, c.Ipv6PrefixLength = "eui64:eth0", 72 },
			"DDNS_IPV6_SUFFIX: \"eui64:eth0\": an EUI-64 host part is 64 bits long"},
		{"prefix length", func(c *Config) { v6(c); c.Ipv6Suffix, c.Ipv6PrefixLength = "::1", 128 },
			"DDNS_IPV6_PREFIX_LENGTH: 128 is out of range; give 8 to 127"},
		{"suffix without IPv6", func(c *Config) { c.Ipv6Suffix, c.Ipv6PrefixLength = "::1", 64 },
			`DDNS_IPV6_SUFFIX: is set but DDNS_IP_VERSION is "4", which publishes no AAAA record`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.modify(&c)
			err := c.Validate(testProviders)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrConfig) {
				t.Fatalf("Validate = %v\nwant a config error containing %q", err, tt.want)
			}
		})
	}
}

func TestPerFamilyAccessors(t *testing.T) {
	t.Parallel()
	c := Config{IP: netip.MustParseAddr("::ffff:192.0.2.1"), Ip6Sources: []string{" a ", ""}}
	if ip, v := c.Fixed(family.V4); ip != netip.MustParseAddr("192.0.2.1") || v != "DDNS_IP" {
		t.Errorf("Fixed(V4) = %v, %s", ip, v)
	}
	if ip, _ := c.Fixed(family.V6); ip.IsValid() {
		t.Errorf("Fixed(V6) = %v, want none", ip)
	}
	// 0.1.0 configurations: an IPv6 DDNS_IP is the fixed IPv6 address.
	c.IP = netip.MustParseAddr("2001:db8::1")
	if ip, v := c.Fixed(family.V6); ip != c.IP || v != "DDNS_IP" {
		t.Errorf("legacy Fixed(V6) = %v, %s", ip, v)
	}
	if got := c.Sources(family.V6); len(got) != 1 || got[0] != "a" {
		t.Errorf("Sources(V6) = %q", got)
	}
	if c.Sources(family.V4) != nil || SourcesVar(family.V6) != "DDNS_IP6_SOURCES" {
		t.Error("Sources(V4) or SourcesVar wrong")
	}
}
