package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the ddns binary built once for the end-to-end tests: they run
// the real program, as systemd does, against local fakes.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ddns-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Traversable, so tests can run the binary as another user.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ddns")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ddns: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// echo is a "what is my IP" service whose answer the test controls.
type echo struct {
	mu       sync.Mutex
	body     string
	requests int
	srv      *httptest.Server
}

func newEcho(t *testing.T, body string) *echo {
	e := &echo{body: body}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.requests++
		b := e.body
		e.mu.Unlock()
		if strings.HasPrefix(b, "<") {
			w.Header().Set("Content-Type", "text/html")
		}
		fmt.Fprint(w, b)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

// newEcho6 is an echo listening on [::1] only.
func newEcho6(t *testing.T, body string) *echo {
	need6(t)
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Fatalf("listen on [::1]: %v", err)
	}
	e := newEcho(t, body)
	six := &httptest.Server{Listener: ln, Config: &http.Server{Handler: e.srv.Config.Handler}}
	six.Start()
	t.Cleanup(six.Close)
	e.srv = six
	return e
}

func (e *echo) set(body string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.body = body
}

func (e *echo) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requests
}

func (e *echo) url() string { return e.srv.URL + "/ip" }

// result is one finished ddns process.
type result struct {
	code           int
	stdout, stderr string
}

// ddns runs the binary with exactly env (plus PATH) and an empty config
// file, so nothing from the machine running the tests leaks in.
func ddns(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "ddns.conf")
	if err := os.WriteFile(conf, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DDNS_CONFIG=" + conf}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running ddns: %v", err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String()}
}

// expect fails the test unless r exited with code and its output contains
// every want.
func expect(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stdout+r.stderr, w) {
			t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, r.stdout, r.stderr)
		}
	}
}

// noSecret fails the test if secret appears in any output or in any file
// of the state directory. stateDir "" checks the outputs only; otherwise
// a directory that cannot be walked or read, or that holds no file, fails
// the test, since a scan of nothing proves nothing.
func noSecret(t *testing.T, secret, stateDir string, results ...result) {
	t.Helper()
	for _, r := range results {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("secret leaked into output:\n%s%s", r.stdout, r.stderr)
		}
	}
	if stateDir == "" {
		return
	}
	leaks, scanned, err := scanFiles(stateDir, secret)
	if err != nil {
		t.Errorf("secret scan: %v", err)
	}
	if scanned == 0 {
		t.Errorf("secret scan: no file in %s to check", stateDir)
	}
	for _, p := range leaks {
		t.Errorf("secret leaked into %s", p)
	}
}

// scanFiles returns the files under dir that contain secret and how many
// files it read; any error walking or reading stops it.
func scanFiles(dir, secret string) (leaks []string, scanned int, err error) {
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		if bytes.Contains(b, []byte(secret)) {
			leaks = append(leaks, path)
		}
		return nil
	})
	return leaks, scanned, err
}

func mustAddr(t *testing.T, got netip.Addr, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("published %v, want %s", got, want)
	}
}
