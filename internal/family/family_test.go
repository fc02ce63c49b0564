package family

import (
	"net/netip"
	"slices"
	"testing"
)

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []Family
	}{
		{in: "4", want: []Family{V4}},
		{in: "6", want: []Family{V6}},
		{in: "4,6", want: []Family{V4, V6}},
		{in: "6, 4", want: []Family{V4, V6}},
		{in: "", want: nil},
		{in: "5", want: nil},
		{in: "4,", want: nil},
		{in: "ipv4", want: nil},
	}
	for _, tt := range tests {
		if got := ParseList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ParseList(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestOfAndNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr       string
		fam        Family
		name, rr   string
		tcpNetwork string
	}{
		{addr: "203.0.113.7", fam: V4, name: "IPv4", rr: "A", tcpNetwork: "tcp4"},
		{addr: "::ffff:203.0.113.7", fam: V4, name: "IPv4", rr: "A", tcpNetwork: "tcp4"},
		{addr: "2001:db8::7", fam: V6, name: "IPv6", rr: "AAAA", tcpNetwork: "tcp6"},
	}
	for _, tt := range tests {
		a := netip.MustParseAddr(tt.addr)
		f := Of(a)
		if f != tt.fam || f.String() != tt.name || f.RecordType() != tt.rr || f.Network("tcp") != tt.tcpNetwork {
			t.Errorf("%s: got %v %s %s %s", tt.addr, f, f.String(), f.RecordType(), f.Network("tcp"))
		}
		if !tt.fam.Holds(a) {
			t.Errorf("%v.Holds(%s) = false", tt.fam, tt.addr)
		}
	}
	if V4.Holds(netip.Addr{}) || V6.Holds(netip.MustParseAddr("192.0.2.1")) {
		t.Error("Holds accepts an invalid or other-family address")
	}
}
