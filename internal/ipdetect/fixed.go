package ipdetect

import (
	"context"
	"fmt"
	"net/netip"
)

// Fixed is an address the user gave (DDNS_IP, DDNS_IP6): it always
// answers the same for its own family and never touches the network.
// Because it is a Source like the others, the Detector treats fixed and
// detected addresses alike: Check, DDNS_IPV6_SUFFIX and logging included.
type Fixed struct {
	name string
	addr netip.Addr
}

var _ Source = (*Fixed)(nil)

// NewFixed returns a source named name (the setting it came from, for logs)
// that answers addr.
func NewFixed(name string, addr netip.Addr) *Fixed {
	return &Fixed{name: name, addr: addr.Unmap()}
}

// Name is the setting the address came from, e.g. "DDNS_IP6".
func (s *Fixed) Name() string { return s.name }

// Detect returns the address when it is of family f.
func (s *Fixed) Detect(_ context.Context, f Family) (netip.Addr, error) {
	if !f.Holds(s.addr) {
		return netip.Addr{}, fmt.Errorf("fixed address %s is not %s", s.addr, f)
	}
	return s.addr, nil
}
