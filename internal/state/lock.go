package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ErrLocked means another ddns run kept the lock until the context ended.
var ErrLocked = errors.New("another ddns run holds the lock")

// LockName is the lock file inside the state directory.
const LockName = "lock"

// pollEvery is how often Lock retries. flock has no blocking call that
// honours a context, and a run takes seconds, so polling costs nothing.
const pollEvery = 50 * time.Millisecond

// Lock takes an exclusive flock on dir/lock, waiting until ctx is done, so
// that a hand run waits for the timer's run instead of both updating. The
// lock belongs to the open file: unlock (or the process dying) releases it.
// The file is never removed, since removing it would let two runs lock
// different files.
//
// Before anyone is contacted, Lock also checks that the run can finish:
// the directory must be writable (unless ReadOnly) and an existing state
// file readable, or the error wraps ErrBadDir. Once locked, it removes
// stale temporary files (see Options.StaleTemp).
//
// A ReadOnly Store creates nothing: without the directory or the lock
// file, it returns at once with an unlock that does nothing.
func (s *Store) Lock(ctx context.Context) (unlock func() error, err error) {
	d, err := openDir(s.dir, !s.opts.ReadOnly)
	if errors.Is(err, errNoDir) {
		return func() error { return nil }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	defer d.close()
	if err := s.usable(d); err != nil {
		return nil, err
	}
	f, err := s.openLock(d)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return func() error { return nil }, nil
	}
	if err := waitLock(ctx, f); err != nil {
		f.Close()
		return nil, fmt.Errorf("state: %s: %w", f.Name(), err)
	}
	if err := s.removeStale(d, time.Now()); err != nil {
		f.Close()
		return nil, err
	}
	return f.Close, nil
}

// usable checks what would otherwise fail only after the update was sent,
// making every later run send it again.
func (s *Store) usable(d *dir) error {
	if !s.opts.ReadOnly {
		if err := d.writable(); err != nil {
			return fmt.Errorf("state: %w", err)
		}
	}
	f, err := d.open(FileName, os.O_RDONLY, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("state: %w: %s: not readable by uid %d; give it to the user ddns runs as, or delete it",
			ErrBadDir, d.join(FileName), os.Geteuid())
	case err != nil:
		return fmt.Errorf("state: %w", err)
	}
	return f.Close()
}

// openLock opens (or, unless ReadOnly, creates) the lock file, and gives
// it to the directory's owner when root. A ReadOnly Store without a lock
// file gets nil and no error.
func (s *Store) openLock(d *dir) (*os.File, error) {
	if s.opts.ReadOnly {
		f, err := d.open(LockName, os.O_RDONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("state: open lock: %w", err)
		}
		return f, nil
	}
	f, err := d.open(LockName, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("state: open lock: %w", err)
	}
	if err := chownLikeDir(f, d); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func waitLock(ctx context.Context, f *os.File) error {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR):
			return fmt.Errorf("lock: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (gave up waiting: %w)", ErrLocked, context.Cause(ctx))
		case <-tick.C:
		}
	}
}
