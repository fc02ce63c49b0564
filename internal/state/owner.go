package state

import (
	"fmt"
	"os"
	"syscall"
)

// chownLikeDir gives f to the owner of dir when running as root.
//
// Under systemd the service runs as a DynamicUser that owns
// /var/lib/private/ddns. A hand "sudo ddns run" would otherwise leave
// root-owned files there that the service can no longer open, and every
// later timer run would fail until someone noticed.
func chownLikeDir(f *os.File, dir string) error {
	if os.Geteuid() != 0 {
		return nil // only root can give files away, and only root needs to
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || (st.Uid == 0 && st.Gid == 0) {
		return nil
	}
	if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("state: give %s to the directory's owner: %w", f.Name(), err)
	}
	return nil
}
