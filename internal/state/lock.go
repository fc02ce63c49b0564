package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
func (s *Store) Lock(ctx context.Context) (unlock func() error, err error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	path := filepath.Join(s.dir, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("state: open lock: %w", err)
	}
	if err := chownLikeDir(f, s.dir); err != nil {
		f.Close()
		return nil, err
	}
	if err := waitLock(ctx, f); err != nil {
		f.Close()
		return nil, fmt.Errorf("state: %s: %w", path, err)
	}
	return f.Close, nil
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
