package ipdetect

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestInterfaceNetlinkRoot reads real kernel flags: in a network namespace
// of its own, it gives veth interfaces static, deprecated, tentative and
// (through mngtmpaddr with use_tempaddr=2) temporary addresses, as
// `ip addr add` lets one set them, and checks what iface: picks.
func TestInterfaceNetlinkRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create a network namespace")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		skipOrFail(t, "needs iproute2's ip: %v", err)
	}
	ns := fmt.Sprintf("ddnstest%d", os.Getpid())
	ip := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	ip("netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	in := func(args ...string) { ip(append([]string{"-n", ns}, args...)...) }
	in("link", "add", "v0", "type", "veth", "peer", "name", "v1")
	in("link", "add", "t0", "type", "veth", "peer", "name", "t1")
	ip("netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.v0.use_tempaddr=2")
	in("link", "set", "v1", "up")
	in("link", "set", "v0", "up")
	in("link", "set", "t0", "up") // t1 stays down: no carrier, so DAD never ends on t0
	for _, a := range []string{
		"2001:db8:1::10/64 dev v0 nodad preferred_lft 100 valid_lft 200",
		"2001:db8:1::20/64 dev v0 nodad preferred_lft 150 valid_lft 200",
		"2001:db8:1::30/64 dev v0 nodad preferred_lft 0 valid_lft 200",
		"2001:db8:2::1/64 dev v0 mngtmpaddr nodad preferred_lft 140 valid_lft 600",
		"2001:db8:3::1/64 dev t0 preferred_lft 500 valid_lft 600",
		"2001:db8:3::2/64 dev t0 nodad preferred_lft 50 valid_lft 600",
	} {
		in(append([]string{"-6", "addr", "add"}, strings.Fields(a)...)...)
	}
	inNetns(t, ns, func() {
		for name, want := range map[string]string{"v0": "2001:db8:1::20", "t0": "2001:db8:3::2"} {
			s, err := NewInterface(name)
			if err != nil {
				t.Error(err)
				continue
			}
			if got, err := s.Detect(t.Context(), V6); err != nil || got != netip.MustParseAddr(want) {
				t.Errorf("iface:%s = %v, %v; want %s", name, got, err, want)
			}
		}
		flags := map[string]uint32{}
		for _, name := range []string{"v0", "t0"} {
			list, err := interfaceAddrs(name, V6)
			if err != nil {
				t.Error(err)
			}
			for _, a := range list {
				if a.flags&unix.IFA_F_TEMPORARY != 0 {
					flags["temporary"] |= a.flags
				} else {
					flags[a.addr.String()] = a.flags
				}
			}
		}
		for addr, want := range map[string]uint32{"temporary": unix.IFA_F_TEMPORARY, "2001:db8:1::30": unix.IFA_F_DEPRECATED,
			"2001:db8:3::1": unix.IFA_F_TENTATIVE, "2001:db8:2::1": unix.IFA_F_MANAGETEMPADDR} {
			if flags[addr]&want == 0 {
				t.Errorf("%s: kernel flags %#x read, want %#x among them (all: %#v)", addr, flags[addr], want, flags)
			}
		}
	})
}

// inNetns runs fn on an OS thread moved into network namespace ns. The
// thread is never unlocked, so Go ends it with the goroutine instead of
// reusing it in the wrong namespace.
func inNetns(t *testing.T, ns string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		fd, err := unix.Open("/run/netns/"+ns, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Errorf("open netns %s: %v", ns, err)
			return
		}
		defer unix.Close(fd)
		if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
			t.Errorf("setns %s: %v", ns, err)
			return
		}
		fn()
	}()
	<-done
}
