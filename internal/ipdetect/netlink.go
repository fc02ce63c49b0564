package ipdetect

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"
)

// ifAddr is one address of an interface as the kernel reports it over
// netlink (RTM_NEWADDR): the address with its IFA_F_* flags and lifetimes.
type ifAddr struct {
	addr      netip.Addr
	flags     uint32 // IFA_F_*: from IFA_FLAGS when present, else ifa_flags
	preferred uint32 // seconds of preferred lifetime left; lifetimeForever
	valid     uint32 // seconds of valid lifetime left; lifetimeForever
}

// nlaTypeMask strips the nested and byte-order bits from an attribute type
// (NLA_TYPE_MASK in linux/netlink.h).
const nlaTypeMask = 0x3fff

// lifetimeForever is the kernel's "infinite" lifetime (INFINITY_LIFE_TIME).
const lifetimeForever = 0xFFFFFFFF

// Sizes of the fixed netlink structures (linux/netlink.h, if_addr.h).
const (
	nlmsgHdrLen  = unix.SizeofNlMsghdr  // 16
	ifaddrMsgLen = unix.SizeofIfAddrmsg // 8
	rtaHdrLen    = unix.SizeofRtAttr    // 4
)

// dumpAddrs asks the kernel for every address of family f (RTM_GETADDR
// dump) and returns those of the interface with index. The flags a
// program needs here (temporary, deprecated, tentative) are only in this
// netlink answer; package net drops them.
func dumpAddrs(index int, f Family) ([]ifAddr, error) {
	af := unix.AF_INET
	if f == V6 {
		af = unix.AF_INET6
	}
	// syscall.NetlinkRIB sends the dump request and reads every part of
	// the answer up to NLMSG_DONE; package net uses it for the same dump.
	b, err := syscall.NetlinkRIB(unix.RTM_GETADDR, af)
	if err != nil {
		return nil, fmt.Errorf("netlink address dump: %w", err)
	}
	return parseAddrDump(b, index)
}

// parseAddrDump reads a sequence of netlink messages and returns the
// addresses (RTM_NEWADDR) of the interface with index, in kernel order.
// Netlink uses the host's byte order. A malformed message is an error, not
// a panic: the input is a kernel answer, but the parser is fuzzed as if it
// were not.
func parseAddrDump(b []byte, index int) ([]ifAddr, error) {
	var out []ifAddr
	for len(b) >= nlmsgHdrLen {
		n := binary.NativeEndian.Uint32(b[0:4])
		typ := binary.NativeEndian.Uint16(b[4:6])
		if n < nlmsgHdrLen || uint64(n) > uint64(len(b)) {
			return nil, fmt.Errorf("netlink: message length %d out of range", n)
		}
		body := b[nlmsgHdrLen:n]
		b = b[min(align4(int(n)), len(b)):]
		switch typ {
		case unix.NLMSG_DONE:
			return out, nil
		case unix.NLMSG_ERROR:
			if len(body) >= 4 {
				if errno := int32(binary.NativeEndian.Uint32(body[0:4])); errno != 0 {
					return nil, fmt.Errorf("netlink: %w", syscall.Errno(-errno))
				}
			}
		case unix.RTM_NEWADDR:
			a, idx, err := parseIfAddrMsg(body)
			if err != nil {
				return nil, err
			}
			if idx == index && a.addr.IsValid() {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// parseIfAddrMsg reads one RTM_NEWADDR body: struct ifaddrmsg followed by
// attributes. The address is IFA_LOCAL when present (on a point-to-point
// link such as ppp0, IFA_ADDRESS is the peer's), else IFA_ADDRESS, as
// iproute2 reads it. A missing or odd-sized address leaves addr invalid.
func parseIfAddrMsg(m []byte) (ifAddr, int, error) {
	if len(m) < ifaddrMsgLen {
		return ifAddr{}, 0, errors.New("netlink: short ifaddrmsg")
	}
	family := m[0]
	a := ifAddr{flags: uint32(m[2]), preferred: lifetimeForever, valid: lifetimeForever}
	index := int(binary.NativeEndian.Uint32(m[4:8]))
	var local, address []byte
	for attrs := m[ifaddrMsgLen:]; len(attrs) >= rtaHdrLen; {
		n := int(binary.NativeEndian.Uint16(attrs[0:2]))
		if n < rtaHdrLen || n > len(attrs) {
			return ifAddr{}, 0, fmt.Errorf("netlink: attribute length %d out of range", n)
		}
		val := attrs[rtaHdrLen:n]
		switch binary.NativeEndian.Uint16(attrs[2:4]) & nlaTypeMask {
		case unix.IFA_ADDRESS:
			address = val
		case unix.IFA_LOCAL:
			local = val
		case unix.IFA_FLAGS:
			if len(val) >= 4 {
				a.flags = binary.NativeEndian.Uint32(val)
			}
		case unix.IFA_CACHEINFO:
			if len(val) >= 8 {
				a.preferred = binary.NativeEndian.Uint32(val[0:4])
				a.valid = binary.NativeEndian.Uint32(val[4:8])
			}
		}
		attrs = attrs[min(align4(n), len(attrs)):]
	}
	raw := local
	if raw == nil {
		raw = address
	}
	if (family == unix.AF_INET && len(raw) == 4) || (family == unix.AF_INET6 && len(raw) == 16) {
		a.addr, _ = netip.AddrFromSlice(raw)
	}
	return a, index, nil
}

// align4 rounds n up to netlink's 4-byte alignment.
func align4(n int) int { return (n + 3) &^ 3 }
