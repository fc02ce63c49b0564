package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the state file inside the state directory.
const FileName = "state.json"

// maxFile bounds what Load reads; a real file holds a few records.
const maxFile = 4 << 20

var (
	// ErrCorrupt means the file exists but is not a state file this version
	// understands. Load returns an empty File with it.
	ErrCorrupt = errors.New("state file corrupt")
	// ErrUnreadable means the file exists but cannot be read.
	ErrUnreadable = errors.New("state file unreadable")
)

// Store reads and writes the state file in one directory.
type Store struct {
	dir string
}

// New returns a Store for dir. Nothing is touched until it is used.
func New(dir string) *Store { return &Store{dir: dir} }

// Path is the state file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, FileName) }

// Load returns the saved state. A missing file is an empty File and no
// error (the first run). A damaged file or one of another version is an
// empty File and an error wrapping ErrCorrupt: the caller warns and
// republishes. Anything else that stops reading wraps ErrUnreadable.
func (s *Store) Load() (File, error) {
	path := s.Path()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Empty(), nil
	}
	if err != nil {
		return Empty(), unreadable(path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return Empty(), unreadable(path, err)
	}
	if len(b) > maxFile {
		return Empty(), fmt.Errorf("%w: %s is larger than %d bytes", ErrCorrupt, path, maxFile)
	}
	file, err := decode(b)
	if err != nil {
		return Empty(), fmt.Errorf("%w: %s: %w", ErrCorrupt, path, err)
	}
	return file, nil
}

func unreadable(path string, err error) error {
	return fmt.Errorf("%w: %s: %w (a file written by a hand run as root may be unreadable to the service's user: "+
		"give it to the state directory's owner or delete it)", ErrUnreadable, path, bare(err))
}

// bare drops the operation and path from an *fs.PathError, which the
// message already names.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// decode parses a state file, ignoring fields it does not know.
func decode(b []byte) (File, error) {
	var file File
	if err := json.Unmarshal(b, &file); err != nil {
		return Empty(), fmt.Errorf("not valid JSON: %w", err)
	}
	if file.Version != Version {
		return Empty(), fmt.Errorf("version %d, want %d", file.Version, Version)
	}
	if file.Records == nil {
		file.Records = make(map[string]Record)
	}
	return file, nil
}
