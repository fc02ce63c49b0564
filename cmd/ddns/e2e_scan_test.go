package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestScanFiles: the secret scan behind noSecret must
// report what it could not check, not pass on it: a wrong directory, an
// unreadable entry, an empty directory.
func TestScanFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leak, clean := filepath.Join(dir, "leak"), filepath.Join(dir, "sub", "clean")
	if err := os.Mkdir(filepath.Dir(clean), 0o700); err != nil {
		t.Fatal(err)
	}
	for p, content := range map[string]string{leak: "x hunter2 y", clean: "nothing"} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	leaks, n, err := scanFiles(dir, "hunter2")
	if err != nil || n != 2 || !slices.Equal(leaks, []string{leak}) {
		t.Errorf("scan = %v, %d files, %v; want [%s], 2, nil", leaks, n, err, leak)
	}

	if _, _, err := scanFiles(filepath.Join(dir, "missing"), "hunter2"); err == nil {
		t.Error("scanning a missing directory reported no error")
	}
	if _, n, err := scanFiles(t.TempDir(), "hunter2"); err != nil || n != 0 {
		t.Errorf("empty directory: %d files, %v; want 0 (which noSecret fails)", n, err)
	}
	if err := os.Symlink("missing", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := scanFiles(dir, "hunter2"); err == nil {
		t.Error("an unreadable entry reported no error")
	}
}
