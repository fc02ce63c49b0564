package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// nobody is the unprivileged user of the state-directory tests: a stand-in
// for the service's DynamicUser, or for whoever compromised it.
const nobody = 65534

// needRoot skips a test that must run as root, except under CI=true where
// CI runs as root and a skip would hide a missing prerequisite.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("this test needs root, and CI=true: run the suite as root")
	}
	t.Skip("needs root (it runs ddns as root against a directory owned by another user); CI runs it")
}

// openTemp is a temporary directory every user may traverse, unlike
// t.TempDir, so that a test can hand parts of it to nobody.
func openTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ddns-e2e-state-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mkdirOwned makes dir with mode perm, owned by uid (and the same gid).
func mkdirOwned(t *testing.T, dir string, perm os.FileMode, uid int) string {
	t.Helper()
	if err := os.Mkdir(dir, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, uid); err != nil {
		t.Fatal(err)
	}
	return dir
}

// plant makes link a symbolic link to target owned by uid, as that user
// would have made it.
func plant(t *testing.T, target, link string, uid int) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(link, uid, uid); err != nil {
		t.Fatal(err)
	}
}

// ddnsAs runs the binary (TestMain leaves its directory traversable) as
// uid, with the settings in env only: DDNS_CONFIG=/dev/null, as the
// shipped unit does, since uid cannot read the test's own files. It does
// not copy the binary: a copy written while parallel tests fork can be
// "text file busy" when executed (golang.org/issue/22315).
func ddnsAs(t *testing.T, uid int, env map[string]string, args ...string) result {
	t.Helper()
	bin := binary
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DDNS_CONFIG=/dev/null"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running ddns as %d: %v", uid, err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String()}
}

// owner is path's uid and gid, not following a final symlink.
func owner(t *testing.T, path string) (uid, gid uint32) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return st.Uid, st.Gid
}

// listDir is the names in dir, or nil when dir does not exist.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
