package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Interface reads the addresses of a local network interface: right on a
// host that holds its public address itself, like a Pi with a global IPv6
// prefix from the ISP or a PPPoE link with a public IPv4.
//
// Addresses come in the kernel's order and the first that passes Check wins.
// The kernel does not say here which IPv6 address is a temporary (privacy)
// one, so on an interface with privacy extensions enabled the result may
// change daily; disable them (use_tempaddr=0) for a server.
type Interface struct {
	name  string
	addrs func(name string) ([]net.Addr, error) // replaced in tests
}

var _ Source = (*Interface)(nil)

// NewInterface returns a source for the interface called name (eth0, wlan0,
// ppp0). The interface need not exist yet: it is looked up on each Detect.
func NewInterface(name string) (*Interface, error) {
	if name == "" || strings.ContainsAny(name, "/ \t") {
		return nil, fmt.Errorf("source iface:%s: want iface:NAME with an interface name like eth0", name)
	}
	return &Interface{name: name, addrs: interfaceAddrs}, nil
}

func interfaceAddrs(name string) ([]net.Addr, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, err
	}
	if ifi.Flags&net.FlagUp == 0 {
		return nil, fmt.Errorf("interface %s is down", name)
	}
	return ifi.Addrs()
}

// Name is "iface:NAME".
func (s *Interface) Name() string { return "iface:" + s.name }

// Detect returns the interface's first address of family f that Check
// accepts; the error lists why each address of that family was refused.
func (s *Interface) Detect(_ context.Context, f Family) (netip.Addr, error) {
	list, err := s.addrs(s.name)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("read addresses: %w", err)
	}
	var refused []string
	for _, na := range list {
		addr := ifaceAddr(na)
		if !addr.IsValid() || (f == V4) != addr.Is4() {
			continue // the other family is not a refusal worth reporting
		}
		err := Check(addr, f)
		if err == nil {
			return addr, nil
		}
		refused = append(refused, err.Error())
	}
	if len(refused) == 0 {
		return netip.Addr{}, fmt.Errorf("interface %s has no %s address", s.name, f)
	}
	return netip.Addr{}, errors.New("no public address: " + strings.Join(refused, "; "))
}

// ifaceAddr converts what Addrs returns. net keeps IPv4 in 16-byte form, so
// the result is unmapped: an interface never carries a real mapped address.
func ifaceAddr(na net.Addr) netip.Addr {
	var ip net.IP
	switch v := na.(type) {
	case *net.IPNet:
		ip = v.IP
	case *net.IPAddr:
		ip = v.IP
	}
	addr, ok := netip.AddrFromSlice(ip)
	if !ok {
		return netip.Addr{}
	}
	return addr.Unmap()
}
