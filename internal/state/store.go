package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
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
	dir  string
	opts Options
	// wrap, when set, stands between Save and the directory, so that a
	// test can record and check the order of Save's disk operations.
	wrap func(saveDir) saveDir
}

// Options change what a Store may do.
type Options struct {
	// ReadOnly is for a dry run, which must create and write nothing: Lock
	// takes the lock only if the directory and lock file already exist,
	// and Save refuses.
	ReadOnly bool
	// StaleTemp is the age from which Lock removes a temporary file that a
	// killed Save left behind; zero keeps them. A run's timeout is a safe
	// value: no run still alive has been writing for longer.
	StaleTemp time.Duration
}

// New returns a Store for dir with default options. Nothing is touched
// until it is used.
func New(dir string) *Store { return NewWith(dir, Options{}) }

// NewWith returns a Store for dir with opts.
func NewWith(dir string, opts Options) *Store { return &Store{dir: dir, opts: opts} }

// Path is the state file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, FileName) }

// Load returns the saved state. A missing directory or file is an empty
// File and no error (the first run). A damaged file or one of another
// version is an empty File and an error wrapping ErrCorrupt: the caller
// warns and republishes. A directory that cannot serve wraps ErrBadDir;
// anything else that stops reading (a symbolic link or another
// non-regular file in place of the file, which is never followed or
// opened, wraps ErrNotRegular too) wraps ErrUnreadable. Load never
// creates anything.
func (s *Store) Load() (File, error) {
	d, err := openDir(s.dir, false)
	if errors.Is(err, errNoDir) {
		return Empty(), nil
	}
	if err != nil {
		return Empty(), fmt.Errorf("state: %w", err)
	}
	defer d.close()
	return load(d)
}

func load(d *dir) (File, error) {
	path := d.join(FileName)
	f, err := d.open(FileName, os.O_RDONLY, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Empty(), nil
	case errors.Is(err, ErrNotRegular):
		return Empty(), fmt.Errorf("%w: %w", ErrUnreadable, err)
	case err != nil:
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
