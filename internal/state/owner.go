package state

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// chowner is the part of an open file chownLikeDir needs.
type chowner interface {
	Name() string
	Stat() (fs.FileInfo, error)
	Chown(uid, gid int) error
}

// chownLikeDir gives the open file f to the owner of d when running as
// root, and otherwise leaves it alone: only root can give files away, and
// only a root run leaves files the service's user could not open.
//
// Under systemd the service runs as a DynamicUser that owns
// /var/lib/private/ddns. A hand "sudo ddns run" would otherwise leave
// root-owned files there that the service can no longer open, and every
// later timer run would fail until someone noticed.
//
// f was opened without following a link and checked to be a regular file;
// it must also have a single name, since a hard link planted in the
// directory would hand its other name's file (another user's) away too.
func chownLikeDir(f chowner, d *dir) error {
	if os.Geteuid() != 0 {
		return nil
	}
	uid, gid, err := d.owner()
	if err != nil || (uid == 0 && gid == 0) {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || st.Nlink != 1 {
		return fmt.Errorf("%w: %s has more than one name (a hard link); ddns gives only its own files "+
			"to the directory's owner: remove it", ErrNotRegular, f.Name())
	}
	if err := f.Chown(uid, gid); err != nil {
		return fmt.Errorf("state: give %s to the directory's owner: %w", f.Name(), err)
	}
	return nil
}
