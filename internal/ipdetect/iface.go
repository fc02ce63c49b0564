package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"golang.org/x/sys/unix"
)

// Interface reads the addresses of a local network interface: right on a
// host that holds its public address itself, like a Pi with a global IPv6
// prefix from the ISP or a PPPoE link with a public IPv4.
//
// The addresses and their flags come from netlink. For IPv6 it never picks
// an address that is temporary (a privacy address, which changes daily),
// deprecated (preferred lifetime over), tentative or a duplicate (duplicate
// address detection running or failed), and among the rest prefers the one
// with the longest preferred lifetime (a static address counts as
// forever). For IPv4 the first usable address in kernel order wins.
//
// A public address is preferred; when the interface has none, a LAN
// address (private, unique local, CGNAT; link-local last) is returned, so
// that the Detector can accept it with DDNS_ALLOW_PRIVATE or say why not.
type Interface struct {
	name string
	list func(name string, f Family) ([]ifAddr, error) // replaced in tests
}

var _ Source = (*Interface)(nil)

// NewInterface returns a source for the interface called name (eth0, wlan0,
// ppp0). The interface need not exist yet: it is looked up on each Detect.
func NewInterface(name string) (*Interface, error) {
	if name == "" || strings.ContainsAny(name, "/ \t") {
		return nil, fmt.Errorf("source iface:%s: want iface:NAME with an interface name like eth0", name)
	}
	return &Interface{name: name, list: interfaceAddrs}, nil
}

func interfaceAddrs(name string, f Family) ([]ifAddr, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, err
	}
	if ifi.Flags&net.FlagUp == 0 {
		return nil, fmt.Errorf("interface %s is down", name)
	}
	return dumpAddrs(ifi.Index, f)
}

// Name is "iface:NAME".
func (s *Interface) Name() string { return "iface:" + s.name }

// Detect returns the interface's best address of family f (see
// Interface); the error lists why each address of that family was refused.
func (s *Interface) Detect(_ context.Context, f Family) (netip.Addr, error) {
	list, err := s.list(s.name, f)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("read addresses: %w", err)
	}
	best, ok, refused := pickAddr(list, f)
	if ok {
		return best.addr, nil
	}
	if len(refused) == 0 {
		return netip.Addr{}, fmt.Errorf("interface %s has no %s address", s.name, f)
	}
	return netip.Addr{}, errors.New("no usable address: " + strings.Join(refused, "; "))
}

// pickAddr chooses among list by the rules of Interface and says why each
// address it could never use was refused.
func pickAddr(list []ifAddr, f Family) (best ifAddr, ok bool, refused []string) {
	bestRank := 0
	for _, a := range list {
		if !f.Holds(a.addr) {
			continue // the other family is not a refusal worth reporting
		}
		if why := unusableFlags(a, f); why != "" {
			refused = append(refused, a.addr.String()+" is "+why)
			continue
		}
		r := addrRank(a, f)
		if r == 0 {
			refused = append(refused, Check(a.addr, f).Error())
			continue
		}
		if !ok || r < bestRank || (r == bestRank && f == V6 && a.preferred > best.preferred) {
			best, bestRank, ok = a, r, true
		}
	}
	return best, ok, refused
}

// unusableFlags says why the kernel's flags rule an IPv6 address out, or
// "". IPv4 reuses bit 0x01 for "secondary", which is no reason to refuse.
func unusableFlags(a ifAddr, f Family) string {
	switch {
	case f != V6:
		return ""
	case a.flags&unix.IFA_F_TEMPORARY != 0:
		return "temporary (a privacy address that changes daily)"
	case a.flags&unix.IFA_F_DADFAILED != 0:
		return "a duplicate (duplicate address detection failed)"
	case a.flags&unix.IFA_F_TENTATIVE != 0:
		return "tentative (duplicate address detection not finished)"
	case a.flags&unix.IFA_F_DEPRECATED != 0 || a.preferred == 0:
		return "deprecated (its preferred lifetime is over)"
	}
	return ""
}

// addrRank orders candidates: 1 public, 2 LAN, 3 link-local; 0 never.
func addrRank(a ifAddr, f Family) int {
	switch {
	case Check(a.addr, f) == nil:
		return 1
	case CheckLAN(a.addr, f, true) != nil:
		return 0
	case a.addr.IsLinkLocalUnicast():
		return 3
	}
	return 2
}
