package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

// plantedEnv is a working namecheap setup whose state directory belongs to
// nobody, next to a root-only directory holding a root 0600 file: what a
// compromised service user sees from its state directory.
func plantedEnv(t *testing.T) (env map[string]string, fake *namecheaptest.Server, stateDir, rootOnly string) {
	t.Helper()
	fake = namecheaptest.New("example.com", ncPassword, "home")
	env, _ = namecheapEnv(t, fake, newEcho(t, "203.0.113.7"))
	env["DDNS_HOSTS"] = "home"
	base := openTemp(t)
	stateDir = mkdirOwned(t, filepath.Join(base, "state"), 0o700, nobody)
	rootOnly = mkdirOwned(t, filepath.Join(base, "root-only"), 0o700, 0)
	if err := os.WriteFile(filepath.Join(rootOnly, "secret"), []byte("root's\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["DDNS_STATE_DIR"] = stateDir
	return env, fake, stateDir, rootOnly
}

// TestE2ERootRunNeverFollowsAPlantedSymlink: a root run
// must not create, chown or write what a symlink in the state directory
// points at, for the lock and for state.json, dry run or not.
func TestE2ERootRunNeverFollowsAPlantedSymlink(t *testing.T) {
	needRoot(t)
	t.Parallel()
	for _, name := range []string{"lock", "state.json"} {
		for _, target := range []string{"planted", "secret"} {
			for _, dry := range []string{"true", "false"} {
				t.Run(name+"->"+target+"/dry="+dry, func(t *testing.T) {
					t.Parallel()
					env, fake, stateDir, rootOnly := plantedEnv(t)
					env["DDNS_DRY_RUN"] = dry
					link := filepath.Join(stateDir, name)
					plant(t, filepath.Join(rootOnly, target), link, nobody)

					r := ddns(t, env, "run")
					expect(t, r, 1, link, "symbolic link")
					if fake.Requests() != 0 {
						t.Errorf("sent %d updates despite the planted link", fake.Requests())
					}
					checkRootOnlyUntouched(t, rootOnly)
				})
			}
		}
	}
}

// checkRootOnlyUntouched fails unless rootOnly still holds only the root
// 0600 secret, unchanged.
func checkRootOnlyUntouched(t *testing.T, rootOnly string) {
	t.Helper()
	if got := listDir(t, rootOnly); !slices.Equal(got, []string{"secret"}) {
		t.Errorf("the root-only directory now holds %v, want only secret", got)
	}
	secret := filepath.Join(rootOnly, "secret")
	if uid, gid := owner(t, secret); uid != 0 || gid != 0 {
		t.Errorf("%s was given to %d:%d", secret, uid, gid)
	}
	if b, err := os.ReadFile(secret); err != nil || string(b) != "root's\n" {
		t.Errorf("%s now holds %q (%v)", secret, b, err)
	}
	if fi, err := os.Stat(secret); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s mode changed: %v", secret, fi.Mode())
	}
}

// TestE2ESymlinkedStateDir: the systemd unit reaches its state directory
// through root's /var/lib/ddns symlink, which works; a link that anyone
// else made is refused as a settings error before anything is touched.
func TestE2ESymlinkedStateDir(t *testing.T) {
	needRoot(t)
	t.Parallel()
	env, fake, stateDir, rootOnly := plantedEnv(t)
	env["DDNS_HOSTS"] = "home"
	byRoot := filepath.Join(filepath.Dir(stateDir), "by-root")
	plant(t, stateDir, byRoot, 0)
	env["DDNS_STATE_DIR"] = byRoot
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.7")
	if got := listDir(t, stateDir); !slices.Equal(got, []string{"lock", "state.json"}) {
		t.Errorf("state directory holds %v", got)
	}

	byNobody := filepath.Join(filepath.Dir(stateDir), "by-nobody")
	plant(t, rootOnly, byNobody, nobody)
	env["DDNS_STATE_DIR"] = byNobody
	for _, dry := range []string{"true", "false"} {
		env["DDNS_DRY_RUN"] = dry
		expect(t, ddns(t, env, "run"), 2, "DDNS_STATE_DIR", byNobody, "symbolic link")
	}
	checkRootOnlyUntouched(t, rootOnly)
	if fake.Requests() != 1 {
		t.Errorf("%d updates sent, want only the first run's", fake.Requests())
	}
}

// TestE2EDryRunWritesNothing: a dry run creates no
// directory and no file, and leaves existing files as they were.
func TestE2EDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home")
	e := newEcho(t, "203.0.113.7")
	env, dir := namecheapEnv(t, fake, e)
	env["DDNS_HOSTS"] = "home"
	env["DDNS_DRY_RUN"] = "true"

	expect(t, ddns(t, env, "run"), 0, "dry run")
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the state directory: %v (holds %v)", err, listDir(t, dir))
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	expect(t, ddns(t, env, "run"), 0, "dry run")
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("a dry run in an empty state directory left %v", got)
	}

	delete(env, "DDNS_DRY_RUN")
	expect(t, ddns(t, env, "run"), 0, "updated")
	before := snapshot(t, dir)
	e.set("203.0.113.8")
	env["DDNS_DRY_RUN"] = "true"
	expect(t, ddns(t, env, "run"), 0, "dry run", "203.0.113.8")
	if after := snapshot(t, dir); after != before {
		t.Errorf("a dry run changed the state directory:\nbefore %s\nafter  %s", before, after)
	}
	if fake.Requests() != 1 {
		t.Errorf("%d updates sent, want 1 (the real run's)", fake.Requests())
	}
}

// snapshot describes every entry of dir: name, size, mode, time, content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range listDir(t, dir) {
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		content, _ := os.ReadFile(p)
		b.WriteString(name + " " + fi.Mode().String() + " " + fi.ModTime().String() + " " + string(content) + "; ")
	}
	return b.String()
}
