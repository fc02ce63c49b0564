package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func contextFor(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}

// every runs the three ways into the directory and returns their errors.
func every(t *testing.T, s *Store) map[string]error {
	t.Helper()
	errs := map[string]error{}
	unlock, err := s.Lock(t.Context())
	if err == nil {
		unlock()
	}
	errs["Lock"] = err
	_, errs["Load"] = s.Load()
	errs["Save"] = s.Save(sample())
	return errs
}

// TestBadDir: a state
// directory that is a file, lies under one, or is a symbolic link that
// someone other than root or this user made is ErrBadDir, naming it, for
// every operation, and nothing is created through it.
func TestBadDir(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{"a file": file, "under a file": filepath.Join(file, "sub")}
	target := filepath.Join(base, "target")
	if os.Geteuid() == 0 {
		if err := os.Mkdir(target, 0o700); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(base, "link")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if err := os.Lchown(link, 64123, 64123); err != nil {
			t.Fatal(err)
		}
		tests["a link made by another user"] = link
	}
	for name, dir := range tests {
		for _, ro := range []bool{false, true} {
			for op, err := range every(t, NewWith(dir, Options{ReadOnly: ro})) {
				if ro && op == "Save" {
					continue // refused for being read-only, whatever the directory
				}
				if !errors.Is(err, ErrBadDir) || !strings.Contains(err.Error(), dir) {
					t.Errorf("%s, %s (read-only %v) = %v; want ErrBadDir naming %s", name, op, ro, err, dir)
				}
			}
		}
	}
	if entries, err := os.ReadDir(target); err == nil && len(entries) > 0 {
		t.Errorf("files were made through another user's link: %v", names(entries))
	}
}

// TestTrustedLinkedDir: a link this user (or root) made is followed, as
// systemd's /var/lib/ddns -> private/ddns must be.
func TestTrustedLinkedDir(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	target, link := filepath.Join(base, "private"), filepath.Join(base, "ddns")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("private", link); err != nil {
		t.Fatal(err)
	}
	for op, err := range every(t, New(link)) {
		if err != nil {
			t.Errorf("%s through a trusted link: %v", op, err)
		}
	}
	if _, err := os.Stat(filepath.Join(target, FileName)); err != nil {
		t.Error(err)
	}
}

// TestNotWritable: a directory this user cannot write,
// or a state file it cannot read, is found by Lock, before any update is
// sent. Root passes every permission check; cmd/ddns's
// TestE2EStateDirNotWritable runs the binary as another user for that.
func TestNotWritable(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere; TestE2EStateDirNotWritable covers this as root")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	if _, err := New(dir).Lock(t.Context()); !errors.Is(err, ErrBadDir) {
		t.Errorf("Lock in a read-only directory = %v, want ErrBadDir", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o000); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir).Lock(t.Context()); !errors.Is(err, ErrBadDir) {
		t.Errorf("Lock with an unreadable state file = %v, want ErrBadDir", err)
	}
}

// TestReadOnlyCreatesNothing: a dry run's store creates
// no directory and no lock, saves nothing, and still waits for a lock
// that exists.
func TestReadOnlyCreatesNothing(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state")
	ro := NewWith(dir, Options{ReadOnly: true, StaleTemp: time.Nanosecond})
	for op, err := range every(t, ro) {
		if (err != nil) != (op == "Save") {
			t.Errorf("read-only %s in a missing directory: %v", op, err)
		}
	}
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a read-only store created %s", dir)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	every(t, ro)
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a read-only store left %v", names(entries))
	}

	unlock, err := New(dir).Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := contextFor(t, 100*time.Millisecond)
	defer cancel()
	if _, err := ro.Lock(ctx); !errors.Is(err, ErrLocked) {
		t.Errorf("read-only Lock while another run holds it = %v, want ErrLocked", err)
	}
}
