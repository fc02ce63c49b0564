package state

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestLockRemovesStaleTemps: a Save killed before its
// rename leaves a temporary file; the next Lock removes it once it is
// older than StaleTemp, and removes nothing else: not a fresh one, not
// another name, not a link or directory with a temporary file's name.
func TestLockRemovesStaleTemps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{name: "stale removed", opts: Options{StaleTemp: time.Minute},
			want: []string{".state-dir.tmp", ".state-fresh.tmp", ".state-link.tmp", LockName, "state.tmp"}},
		{name: "zero age keeps all", opts: Options{},
			want: []string{".state-dir.tmp", ".state-fresh.tmp", ".state-link.tmp", ".state-old.tmp", LockName, "state.tmp"}},
		{name: "read-only keeps all", opts: Options{ReadOnly: true, StaleTemp: time.Minute},
			want: []string{".state-dir.tmp", ".state-fresh.tmp", ".state-link.tmp", ".state-old.tmp", LockName, "state.tmp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			outside := leftovers(t, dir)
			unlock, err := NewWith(dir, tt.opts).Lock(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer unlock()
			entries, _ := os.ReadDir(dir)
			if got := names(entries); !slices.Equal(got, tt.want) {
				t.Errorf("after Lock the directory holds\n  %v\nwant\n  %v", got, tt.want)
			}
			if _, err := os.Stat(outside); err != nil {
				t.Errorf("the link's target: %v", err)
			}
		})
	}
}

// leftovers fills dir as a killed run and a hostile user might, all but
// one entry an hour old, and returns the file the planted link points at.
func leftovers(t *testing.T, dir string) (outside string) {
	t.Helper()
	outside = filepath.Join(t.TempDir(), "outside")
	for _, p := range []string{outside, filepath.Join(dir, LockName), filepath.Join(dir, ".state-old.tmp"),
		filepath.Join(dir, ".state-fresh.tmp"), filepath.Join(dir, "state.tmp")} {
		if err := os.WriteFile(p, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".state-dir.tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, ".state-link.tmp")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{".state-old.tmp", "state.tmp", ".state-dir.tmp", ".state-link.tmp"} {
		ts := []unix.Timespec{unix.NsecToTimespec(old.UnixNano()), unix.NsecToTimespec(old.UnixNano())}
		if err := unix.UtimesNanoAt(unix.AT_FDCWD, filepath.Join(dir, name), ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(outside, old, old); err != nil {
		t.Fatal(err)
	}
	return outside
}
