package ipdetect

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// rtattr encodes one netlink attribute, padded to 4 bytes.
func rtattr(typ uint16, val []byte) []byte {
	b := make([]byte, align4(rtaHdrLen+len(val)))
	binary.NativeEndian.PutUint16(b[0:2], uint16(rtaHdrLen+len(val)))
	binary.NativeEndian.PutUint16(b[2:4], typ)
	copy(b[rtaHdrLen:], val)
	return b
}

func u32(v ...uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.NativeEndian.PutUint32(b[4*i:], x)
	}
	return b
}

// nlmsg encodes one netlink message of typ with body.
func nlmsg(typ uint16, body []byte) []byte {
	b := make([]byte, align4(nlmsgHdrLen+len(body)))
	binary.NativeEndian.PutUint32(b[0:4], uint32(nlmsgHdrLen+len(body)))
	binary.NativeEndian.PutUint16(b[4:6], typ)
	binary.NativeEndian.PutUint16(b[6:8], unix.NLM_F_MULTI)
	copy(b[nlmsgHdrLen:], body)
	return b
}

// newaddr encodes an RTM_NEWADDR as the kernel sends it for an IPv6
// address: ifaddrmsg, IFA_ADDRESS, IFA_CACHEINFO, IFA_FLAGS.
func newaddr(index uint32, addr string, flags, preferred, valid uint32) []byte {
	a := netip.MustParseAddr(addr)
	fam := byte(unix.AF_INET6)
	if a.Is4() {
		fam = unix.AF_INET
	}
	body := []byte{fam, 64, byte(flags), 0}
	body = append(body, u32(index)...)
	body = append(body, rtattr(unix.IFA_ADDRESS, a.AsSlice())...)
	body = append(body, rtattr(unix.IFA_CACHEINFO, u32(preferred, valid, 100, 200))...)
	body = append(body, rtattr(unix.IFA_FLAGS, u32(flags))...)
	return nlmsg(unix.RTM_NEWADDR, body)
}

func TestParseAddrDump(t *testing.T) {
	t.Parallel()
	var dump []byte
	dump = append(dump, newaddr(2, "2001:db8::1", unix.IFA_F_TEMPORARY, 3600, 7200)...)
	dump = append(dump, newaddr(3, "2001:db8::99", 0, 10, 20)...) // another interface
	// IFA_F_MANAGETEMPADDR (0x100) does not fit the 8-bit ifa_flags: only IFA_FLAGS has it.
	dump = append(dump, newaddr(2, "2001:db8::2", unix.IFA_F_MANAGETEMPADDR|unix.IFA_F_NODAD, 1800, 7200)...)
	dump = append(dump, newaddr(2, "fe80::1", unix.IFA_F_PERMANENT, lifetimeForever, lifetimeForever)...)
	// A point-to-point link: IFA_LOCAL is ours, IFA_ADDRESS the peer's.
	ptp := append([]byte{unix.AF_INET, 32, 0, 0}, u32(2)...)
	ptp = append(ptp, rtattr(unix.IFA_ADDRESS, []byte{198, 51, 100, 1})...)
	ptp = append(ptp, rtattr(unix.IFA_LOCAL, []byte{203, 0, 113, 5})...)
	dump = append(dump, nlmsg(unix.RTM_NEWADDR, ptp)...)
	dump = append(dump, nlmsg(unix.NLMSG_DONE, u32(0))...)
	dump = append(dump, newaddr(2, "2001:db8::3", 0, 1, 1)...) // after DONE: ignored

	got, err := parseAddrDump(dump, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []ifAddr{
		{addr: netip.MustParseAddr("2001:db8::1"), flags: unix.IFA_F_TEMPORARY, preferred: 3600, valid: 7200},
		{addr: netip.MustParseAddr("2001:db8::2"), flags: unix.IFA_F_MANAGETEMPADDR | unix.IFA_F_NODAD, preferred: 1800, valid: 7200},
		{addr: netip.MustParseAddr("fe80::1"), flags: unix.IFA_F_PERMANENT, preferred: lifetimeForever, valid: lifetimeForever},
		{addr: netip.MustParseAddr("203.0.113.5"), preferred: lifetimeForever, valid: lifetimeForever},
	}
	if len(got) != len(want) {
		t.Fatalf("parsed %d addresses, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("address %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseAddrDumpErrors(t *testing.T) {
	t.Parallel()
	good := newaddr(2, "2001:db8::1", 0, 1, 2)
	long := append([]byte{}, good...)
	binary.NativeEndian.PutUint32(long[0:4], uint32(len(good)+4))
	badAttr := append([]byte{}, good...)
	binary.NativeEndian.PutUint16(badAttr[nlmsgHdrLen+ifaddrMsgLen:], 200)
	tests := []struct {
		name string
		dump []byte
		err  string
	}{
		{"message longer than the dump", long, "message length"},
		{"attribute longer than its message", badAttr, "attribute length"},
		{"short ifaddrmsg", nlmsg(unix.RTM_NEWADDR, []byte{10, 64}), "short ifaddrmsg"},
		{"kernel error", nlmsg(unix.NLMSG_ERROR, u32(uint32(0xffffffff-uint32(unix.EPERM)+1))), "operation not permitted"},
	}
	for _, tt := range tests {
		if _, err := parseAddrDump(tt.dump, 2); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error = %v, want %q", tt.name, err, tt.err)
		}
	}
	// An address of the wrong size is skipped, not misread.
	odd := append([]byte{unix.AF_INET6, 64, 0, 0}, u32(2)...)
	odd = append(odd, rtattr(unix.IFA_ADDRESS, []byte{1, 2, 3, 4})...)
	if got, err := parseAddrDump(nlmsg(unix.RTM_NEWADDR, odd), 2); err != nil || len(got) != 0 {
		t.Errorf("odd-sized address = %v, %v; want skipped", got, err)
	}
}

// FuzzParseAddrDump: no input makes the parser panic or return an
// address of a family other than the two.
func FuzzParseAddrDump(f *testing.F) {
	f.Add(append(newaddr(2, "2001:db8::1", unix.IFA_F_TEMPORARY, 3600, 7200), nlmsg(unix.NLMSG_DONE, u32(0))...))
	f.Add(newaddr(2, "203.0.113.1", 0, lifetimeForever, lifetimeForever))
	f.Add(nlmsg(unix.NLMSG_ERROR, u32(0xffffffff)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseAddrDump(b, 2)
		if err != nil {
			return
		}
		for _, a := range got {
			if !a.addr.IsValid() || (!a.addr.Is4() && !a.addr.Is6()) {
				t.Fatalf("parsed invalid address %+v", a)
			}
		}
	})
}
