package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const outsideContent = `{"version":1,"records":{"x":{"fqdn":"outside.example"}}}`

// planted makes, in place of name in dir, one of the things a hostile
// owner of the directory could put there, and returns the file outside
// dir that must stay as it was (it may not exist).
func planted(t *testing.T, dir, name, what string) (outside string) {
	t.Helper()
	outside = filepath.Join(t.TempDir(), "outside")
	if err := os.WriteFile(outside, []byte(outsideContent), 0o600); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	var err error
	switch what {
	case "link to a file":
		err = os.Symlink(outside, p)
	case "dangling link":
		outside = filepath.Join(filepath.Dir(outside), "planted")
		err = os.Symlink(outside, p)
	case "link inside the directory":
		err = os.WriteFile(filepath.Join(dir, "other"), nil, 0o600)
		if err == nil {
			err = os.Symlink("other", p)
		}
	case "FIFO":
		err = syscall.Mkfifo(p, 0o600)
	case "directory":
		err = os.Mkdir(p, 0o700)
	default:
		t.Fatalf("unknown plant %q", what)
	}
	if err != nil {
		t.Fatal(err)
	}
	return outside
}

var plants = []string{"link to a file", "dangling link", "link inside the directory", "FIFO", "directory"}

// checkOutside fails unless outside holds what planted wrote, or still
// does not exist.
func checkOutside(t *testing.T, outside string) {
	t.Helper()
	b, err := os.ReadFile(outside)
	if filepath.Base(outside) == "planted" {
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the link's target %s was created", outside)
		}
		return
	}
	if err != nil || string(b) != outsideContent {
		t.Errorf("%s changed: %q, %v", outside, b, err)
	}
}

// TestLockNeverFollows: the lock file is opened with
// O_NOFOLLOW and must be a regular file, in both modes.
func TestLockNeverFollows(t *testing.T) {
	t.Parallel()
	for _, what := range plants {
		for _, ro := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/read-only=%v", what, ro), func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				outside := planted(t, dir, LockName, what)
				ctx, cancel := contextFor(t, 2*time.Second)
				defer cancel()
				unlock, err := NewWith(dir, Options{ReadOnly: ro}).Lock(ctx)
				if err == nil {
					unlock()
				}
				if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), filepath.Join(dir, LockName)) {
					t.Errorf("Lock (read-only %v) = %v, want ErrNotRegular naming the lock", ro, err)
				}
				checkOutside(t, outside)
			})
		}
	}
}

// TestLoadNeverFollows (for state.json): Load and Lock's
// up-front check refuse anything but a regular file, without hanging on
// a FIFO.
func TestLoadNeverFollows(t *testing.T) {
	t.Parallel()
	for _, what := range plants {
		t.Run(what, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			outside := planted(t, dir, FileName, what)
			done := make(chan struct{})
			go func() {
				defer close(done)
				got, err := New(dir).Load()
				if !errors.Is(err, ErrNotRegular) || !errors.Is(err, ErrUnreadable) || len(got.Records) != 0 {
					t.Errorf("Load = %v, %v; want nothing and ErrNotRegular", got.Records, err)
				}
				if err != nil && !strings.Contains(err.Error(), filepath.Join(dir, FileName)) {
					t.Errorf("error %q does not name the file", err)
				}
				if _, err := New(dir).Lock(t.Context()); !errors.Is(err, ErrNotRegular) {
					t.Errorf("Lock with a planted state.json = %v, want ErrNotRegular", err)
				}
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Load hung") // on a FIFO, a blocking open waits for a writer forever
			}
			checkOutside(t, outside)
		})
	}
}

// TestSaveReplacesALinkItself: Save never writes through a symbolic link
// at state.json; the rename replaces the link, and its target stays.
func TestSaveReplacesALinkItself(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	outside := planted(t, dir, FileName, "link to a file")
	if err := New(dir).Save(sample()); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, FileName)); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("state.json after Save: %v, %v; want a regular file", fi, err)
	}
	checkOutside(t, outside)
}

// TestHardLinkedLockNotGivenAway: root gives the lock to the directory's
// owner, but never a file with a second name, which could be anyone's.
func TestHardLinkedLockNotGivenAway(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root gives files away")
	}
	dir := t.TempDir()
	if err := os.Chown(dir, 64123, 64123); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "root-file")
	if err := os.WriteFile(outside, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(outside, filepath.Join(dir, LockName)); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir).Lock(t.Context()); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Lock on a hard-linked lock = %v, want ErrNotRegular", err)
	}
	fi, err := os.Stat(outside)
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 {
		t.Errorf("%s was given to uid %d", outside, st.Uid)
	}
}
