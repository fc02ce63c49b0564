package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

var (
	// ErrBadDir means the state directory cannot serve: it is not a
	// directory, lies under a file, is a symbolic link someone untrusted
	// made, or cannot be written or read by this user. Fixing it is a
	// settings job, so callers treat it as a configuration error.
	ErrBadDir = errors.New("state directory unusable")
	// ErrNotRegular means a file ddns uses in the state directory is a
	// symbolic link, a directory, a FIFO or a device. ddns never follows
	// or opens such a thing; someone must remove it.
	ErrNotRegular = errors.New("not a regular file")
)

// errNoDir means the state directory does not exist (and was not to be
// created): there is no state yet.
var errNoDir = errors.New("state directory does not exist")

// dir is an open state directory. Every file in it is reached through
// the directory's descriptor by a single name with O_NOFOLLOW, so no
// symbolic link is followed and a renamed path cannot redirect a later
// step.
//
// os.Root is not used: Root.OpenFile follows a final symbolic link that
// stays inside the root even when O_NOFOLLOW is passed (Go 1.26,
// rootOpenFileNolog), and ddns needs only single names, which openat
// resolves without any walk.
type dir struct {
	path string
	f    *os.File // the directory, opened O_DIRECTORY
}

// openDir opens the state directory, creating it (0700, with its
// parents) when create is set. It returns errNoDir when the directory is
// missing and create is not set.
func openDir(path string, create bool) (*dir, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		if err := os.MkdirAll(path, 0o700); err != nil {
			return nil, badDir(path, err)
		}
		fi, err = os.Lstat(path)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errNoDir
	case err != nil:
		return nil, badDir(path, err)
	}
	flag := os.O_RDONLY | syscall.O_DIRECTORY | syscall.O_NOFOLLOW
	if fi.Mode()&fs.ModeSymlink != 0 {
		if err := trustedLink(fi); err != nil {
			return nil, badDir(path, err)
		}
		flag &^= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, badDir(path, err)
	}
	return &dir{path: path, f: f}, nil
}

// trustedLink accepts a symbolic link as the state directory only when
// root or the user running ddns made it: systemd's /var/lib/ddns ->
// private/ddns is root's. Anyone else could point it at any directory.
func trustedLink(fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New("is a symbolic link of unknown owner")
	}
	if st.Uid != 0 && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("is a symbolic link owned by uid %d; ddns follows only a link made by root "+
			"or by the user it runs as (uid %d): name the directory it points to", st.Uid, os.Geteuid())
	}
	return nil
}

func badDir(path string, err error) error {
	err = bare(err)
	switch {
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.EEXIST):
		err = errors.New("is not a directory, or lies under a file")
	case errors.Is(err, syscall.ELOOP):
		err = errors.New("became a symbolic link while being opened")
	}
	return fmt.Errorf("%w: %s: %w", ErrBadDir, path, err)
}

func (d *dir) close() error { return d.f.Close() }

func (d *dir) join(name string) string { return filepath.Join(d.path, name) }

// open opens name in d without following a symbolic link, and returns it
// only when it is a regular file. flag gets O_NOFOLLOW, O_CLOEXEC and
// O_NONBLOCK (so a FIFO planted there cannot hang the open); the check on
// the open descriptor (fstat) comes before the caller reads, writes or
// chowns anything.
func (d *dir) open(name string, flag int, perm uint32) (*os.File, error) {
	flag |= unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NONBLOCK
	fd, err := unix.Openat(int(d.f.Fd()), name, flag, perm)
	for errors.Is(err, unix.EINTR) {
		fd, err = unix.Openat(int(d.f.Fd()), name, flag, perm)
	}
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%w: %s is a symbolic link; ddns never follows one in its state directory: "+
			"remove it", ErrNotRegular, d.join(name))
	}
	if errors.Is(err, unix.EISDIR) { // opening a directory for writing
		return nil, notRegular(d.join(name), unix.S_IFDIR)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: d.join(name), Err: err}
	}
	if err := regularFD(fd, d.join(name)); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), d.join(name)), nil
}

// regularFD checks the open descriptor itself (fstat), not a path that
// may have changed since, and puts it back to blocking I/O.
func regularFD(fd int, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("state: fstat %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return notRegular(path, st.Mode)
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		return fmt.Errorf("state: %s: %w", path, err)
	}
	return nil
}

func notRegular(path string, mode uint32) error {
	return fmt.Errorf("%w: %s is a %s; ddns uses only regular files in its state directory: remove it",
		ErrNotRegular, path, kind(mode))
}

func kind(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return "directory"
	case unix.S_IFIFO:
		return "FIFO"
	case unix.S_IFSOCK:
		return "socket"
	case unix.S_IFCHR, unix.S_IFBLK:
		return "device"
	}
	return "special file"
}

// owner is the directory's own uid and gid (fstat on its descriptor).
func (d *dir) owner() (uid, gid int, err error) {
	fi, err := d.f.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("state: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, fmt.Errorf("state: %s: no owner information", d.path)
	}
	return int(st.Uid), int(st.Gid), nil
}

// writable checks, for the user running ddns, that files can be created,
// renamed and removed in d: without that, Save fails after the update was
// sent, and every later run sends it again.
func (d *dir) writable() error {
	err := unix.Faccessat(int(d.f.Fd()), ".", unix.W_OK|unix.X_OK, unix.AT_EACCESS)
	if err != nil {
		return fmt.Errorf("%w: %s: not writable by uid %d (%w); give the directory to the user ddns runs as",
			ErrBadDir, d.path, os.Geteuid(), err)
	}
	return nil
}
