package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// removeStale removes the temporary files a Save killed before its rename
// left behind, once they are older than Options.StaleTemp. It runs under
// the lock, so no live run is writing one, and the age spares a run of an
// older ddns that saved without the lock. Only regular files whose names
// match tempPattern go; a symbolic link with such a name is left alone
// (unlinking it would not follow it, but it is not ddns's to remove).
func (s *Store) removeStale(d *dir, now time.Time) error {
	if s.opts.ReadOnly || s.opts.StaleTemp <= 0 {
		return nil
	}
	names, err := d.names()
	if err != nil {
		return err
	}
	for _, name := range names {
		if ok, _ := filepath.Match(tempPattern, name); !ok {
			continue
		}
		var st unix.Stat_t
		err := unix.Fstatat(int(d.f.Fd()), name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if errors.Is(err, unix.ENOENT) {
			continue
		}
		if err != nil {
			return fmt.Errorf("state: %s: %w", d.join(name), err)
		}
		if st.Mode&unix.S_IFMT != unix.S_IFREG || now.Sub(time.Unix(st.Mtim.Unix())) < s.opts.StaleTemp {
			continue
		}
		if err := d.remove(name); err != nil && !errors.Is(err, unix.ENOENT) {
			return err
		}
	}
	return nil
}

// names lists the directory through its own descriptor.
func (d *dir) names() ([]string, error) {
	fd, err := unix.Openat(int(d.f.Fd()), ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("state: list %s: %w", d.path, err)
	}
	f := os.NewFile(uintptr(fd), d.path)
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("state: list %s: %w", d.path, err)
	}
	return names, nil
}
