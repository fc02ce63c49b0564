package state

import (
	"encoding/json"
	"fmt"
	"os"
)

// Save replaces the state file atomically: a reader (or a power cut) sees
// either the old file or the new one, never a mix. It writes a temporary
// file in the same directory, syncs it, renames it over the old one and
// syncs the directory so the rename itself is on the card. It creates the
// directory (0700) if needed and leaves no temporary file behind on error.
func (s *Store) Save(file File) error {
	file.Version = Version
	if file.Records == nil {
		file.Records = map[string]Record{} // "{}" rather than null
	}
	b, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return fmt.Errorf("state: encode: %w", err)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".state-*.tmp")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := s.writeSynced(tmp, append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), s.Path()); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("state: %w", err)
	}
	return syncDir(s.dir)
}

// writeSynced writes b to f, makes it private and owned like the
// directory, and closes it once the data is on disk.
func (s *Store) writeSynced(f *os.File, b []byte) error {
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("state: write %s: %w", f.Name(), err)
	}
	// No secret is stored, but which names point where is private.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := chownLikeDir(f, s.dir); err != nil {
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

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("state: sync %s: %w", dir, err)
	}
	return nil
}
