package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

// TestE2EStateDirNotADirectory: a state directory that
// is a file, or lies under one, is a settings error (exit 2) that names
// DDNS_STATE_DIR, found before anyone is contacted.
func TestE2EStateDirNotADirectory(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "sub")} {
		for _, dry := range []string{"true", "false"} {
			fake := namecheaptest.New("example.com", ncPassword, "home")
			e := newEcho(t, "203.0.113.7")
			env, _ := namecheapEnv(t, fake, e)
			env["DDNS_STATE_DIR"], env["DDNS_DRY_RUN"] = dir, dry
			expect(t, ddns(t, env, "run"), 2, "DDNS_STATE_DIR", dir)
			if fake.Requests()+e.count() != 0 {
				t.Errorf("%s (dry run %s): contacted the provider %d times, the echo %d times",
					dir, dry, fake.Requests(), e.count())
			}
		}
	}
}

// TestE2EStateDirNotWritable: when the lock can be
// taken but state.json cannot be replaced (the directory is not writable
// to the service's user) or not read, every run would resend the update;
// ddns must stop with exit 2 before contacting anyone.
func TestE2EStateDirNotWritable(t *testing.T) {
	needRoot(t)
	t.Parallel()
	tests := []struct {
		name              string
		dirOwner, dirMode int
		stateOwner        int
	}{
		{name: "directory not writable", dirOwner: 0, dirMode: 0o755, stateOwner: nobody},
		{name: "state.json unreadable", dirOwner: nobody, dirMode: 0o700, stateOwner: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := namecheaptest.New("example.com", ncPassword, "home")
			e := newEcho(t, "203.0.113.7")
			env, _ := namecheapEnv(t, fake, e)
			env["DDNS_HOSTS"] = "home"
			shared := openTemp(t)
			dir := mkdirOwned(t, filepath.Join(shared, "state"), os.FileMode(tc.dirMode), tc.dirOwner)
			for _, f := range []struct {
				name  string
				owner int
			}{{"lock", nobody}, {"state.json", tc.stateOwner}} {
				p := filepath.Join(dir, f.name)
				if err := os.WriteFile(p, []byte(`{"version":1,"records":{}}`), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chown(p, f.owner, f.owner); err != nil {
					t.Fatal(err)
				}
			}
			env["DDNS_STATE_DIR"] = dir
			expect(t, ddnsAs(t, nobody, env, "run"), 2, "DDNS_STATE_DIR", dir)
			if fake.Requests()+e.count() != 0 {
				t.Errorf("contacted the provider %d times, the echo %d times", fake.Requests(), e.count())
			}
		})
	}
}

// TestE2ERunWaitsForTheLock checks deterministically that `ddns run` takes
// the lock: while this process holds it, a run waits out its timeout,
// exits 1 naming the lock, and contacts no one.
func TestE2ERunWaitsForTheLock(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_TIMEOUT"], env["DDNS_HOSTS"] = "1s", "home"
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	expect(t, ddns(t, env, "run"), 1, "lock", filepath.Join(dir, "lock"))
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("gave up after %v, before its 1s timeout", waited)
	}
	if fake.Requests()+e.count() != 0 {
		t.Errorf("without the lock: contacted the provider %d times, the echo %d times", fake.Requests(), e.count())
	}
}

// TestE2EStaleTempFilesRemoved: a run removes the
// temporary files a killed run left (older than DDNS_TIMEOUT), and nothing
// else.
func TestE2EStaleTempFilesRemoved(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	env, dir := namecheapEnv(t, fake, newEcho(t, "203.0.113.7"))
	env["DDNS_HOSTS"] = "home"
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for name, stale := range map[string]bool{".state-1.tmp": true, ".state-2.tmp": true, ".state-3.tmp": false,
		"keep.tmp": true} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
		if !stale {
			continue
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, ddns(t, env, "run"), 0, "updated")
	want := []string{".state-3.tmp", "keep.tmp", "lock", "state.json"}
	if got := listDir(t, dir); !slices.Equal(got, want) {
		t.Errorf("state directory holds %v, want %v", got, want)
	}
}
