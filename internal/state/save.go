package state

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// tempPattern matches the temporary files Save writes (and Lock removes
// when a killed run left them).
const tempPattern = ".state-*.tmp"

// saveDir is what Save does to the directory, in the order it must.
type saveDir interface {
	createTemp() (tempFile, error) // a new, empty, private regular file
	rename(from, to string) error  // names in the directory
	remove(name string) error
	sync() error // makes the rename durable
}

// tempFile is the open temporary file (an *os.File).
type tempFile interface {
	chowner
	Write(b []byte) (int, error)
	Chmod(mode fs.FileMode) error
	Sync() error
	Close() error
}

// Save replaces the state file atomically: a reader (or a power cut) sees
// either the old file or the new one, never a mix. It writes a temporary
// file in the same directory, syncs it, renames it over the old one and
// syncs the directory so the rename itself is on the card. It creates the
// directory (0700) if needed and leaves no temporary file behind on error.
//
// The rename replaces whatever the name state.json holds, a symbolic link
// included, and never writes through one: the link itself is replaced.
func (s *Store) Save(file File) error {
	if s.opts.ReadOnly {
		return errors.New("state: not saved: the store is read-only (dry run)")
	}
	file.Version = Version
	if file.Records == nil {
		file.Records = map[string]Record{} // "{}" rather than null
	}
	b, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return fmt.Errorf("state: encode: %w", err)
	}
	d, err := openDir(s.dir, true)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer d.close()
	var sd saveDir = d
	if s.wrap != nil {
		sd = s.wrap(sd)
	}
	return replace(sd, d, append(b, '\n'))
}

// replace writes b to a temporary file in sd and renames it to FileName.
func replace(sd saveDir, d *dir, b []byte) error {
	tmp, err := sd.createTemp()
	if err != nil {
		return err
	}
	name := filepath.Base(tmp.Name())
	if err := writeSynced(tmp, d, b); err != nil {
		tmp.Close()
		_ = sd.remove(name) // the first error matters; Lock removes leftovers later
		return err
	}
	if err := sd.rename(name, FileName); err != nil {
		_ = sd.remove(name) // the first error matters; Lock removes leftovers later
		return fmt.Errorf("state: %w", err)
	}
	return sd.sync()
}

// writeSynced writes b to f, makes it private and owned like the
// directory, and closes it once the data is on disk.
func writeSynced(f tempFile, d *dir, b []byte) error {
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("state: write %s: %w", f.Name(), err)
	}
	// No secret is stored, but which names point where is private.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := chownLikeDir(f, d); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("state: sync %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("state: close %s: %w", f.Name(), err)
	}
	return nil
}

// createTemp makes a new temporary file with a random name. O_EXCL fails
// on any existing name, a symbolic link included, so nothing planted can
// be reused; with 130 random bits a clash means foul play, not bad luck.
func (d *dir) createTemp() (tempFile, error) {
	name := ".state-" + rand.Text() + ".tmp"
	f, err := d.open(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("state: create temporary file: %w", err)
	}
	return f, nil
}

func (d *dir) rename(from, to string) error {
	fd := int(d.f.Fd())
	if err := unix.Renameat(fd, from, fd, to); err != nil {
		return fmt.Errorf("rename %s to %s: %w", d.join(from), d.join(to), err)
	}
	return nil
}

func (d *dir) remove(name string) error {
	if err := unix.Unlinkat(int(d.f.Fd()), name, 0); err != nil {
		return fmt.Errorf("state: remove %s: %w", d.join(name), err)
	}
	return nil
}

func (d *dir) sync() error {
	if err := d.f.Sync(); err != nil {
		return fmt.Errorf("state: sync %s: %w", d.path, err)
	}
	return nil
}
