package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mapEnv is an Environment in a map, so ApplyFile tests run in parallel.
type mapEnv map[string]string

func (m mapEnv) LookupEnv(k string) (string, bool) { v, ok := m[k]; return v, ok }
func (m mapEnv) Setenv(k, v string) error {
	if strings.ContainsRune(v, 0) {
		return errors.New("invalid argument") // what os.Setenv says
	}
	m[k] = v
	return nil
}
func (m mapEnv) Unsetenv(k string) error { delete(m, k); return nil }
func (m mapEnv) Environ() []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

func TestApplyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ddns")
	content := "DDNS_DOMAIN=file.example\rDDNS_HOSTS=home\r\nDDNS_TIMEOUT=5s\nDDNS_LOG_LEVEL=debug\nOTHER=x\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	env := mapEnv{"DDNS_DOMAIN": "env.example", "DDNS_LOG_LEVEL": "", "PATH": "/bin"}
	info, err := ApplyFile(path, true, env)
	if err != nil {
		t.Fatal(err)
	}
	want := mapEnv{"DDNS_DOMAIN": "env.example", "DDNS_HOSTS": "home", "DDNS_TIMEOUT": "5s",
		"DDNS_LOG_LEVEL": "debug", "PATH": "/bin"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if _, ok := env["OTHER"]; ok {
		t.Error("a non-DDNS variable from the file reached the environment")
	}
	if !info.Found || info.FromFile["DDNS_DOMAIN"] || !info.FromFile["DDNS_HOSTS"] {
		t.Errorf("info = %+v", info)
	}
}

func TestApplyFileRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ddns")
	if err := os.WriteFile(path, []byte("DDNS_API_PASSWORD='a\x00b-secret'\nDDNS_USERNAME='x\x07'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ApplyFile(path, true, mapEnv{})
	if err == nil || !errors.Is(err, ErrConfig) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"DDNS_API_PASSWORD: contains a control character (U+0000)", "DDNS_USERNAME: contains a control character (U+0007)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("err quotes the value: %q", err)
	}
}

func TestScanLines(t *testing.T) {
	t.Parallel()
	env, err := ParseEnvFile(strings.NewReader("A=1\rB=2\r\nC=3\nD='bad"))
	var ce *Error
	if err == nil || !errors.As(err, &ce) || ce.Var != "line 4" {
		t.Fatalf("err = %v, want it on line 4 (CRLF is one line end)", err)
	}
	env, err = ParseEnvFile(strings.NewReader("A=1\rB=2\r\nC=3\n\rD=4"))
	if err != nil || env["A"] != "1" || env["B"] != "2" || env["C"] != "3" || env["D"] != "4" {
		t.Errorf("env = %v, err %v", env, err)
	}
}

// TestSecretFromCredential reads the password that systemd passed as a
// credential, and refuses it together with a plain value.
func TestSecretFromCredential(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ddns-api-password"), []byte(secret+"\n"), 0o400); err != nil {
		t.Fatal(err)
	}
	t.Setenv(CredentialsDirEnv, dir)
	c := Config{}
	sources, err := ResolveSecrets(context.Background(), &c)
	if err != nil || c.APIPassword.Reveal() != secret || sources["DDNS_API_PASSWORD"] != "systemd credential ddns-api-password" {
		t.Fatalf("got %v, %q, %v", sources, c.APIPassword.Reveal(), err)
	}
	c = Config{APIPassword: NewSecret("other")}
	if _, err := ResolveSecrets(context.Background(), &c); err == nil || !strings.Contains(err.Error(), "keep only one") {
		t.Errorf("password and credential both: %v", err)
	}
}

func TestSecretFileIsBounded(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := readSecretFile(ctx, "DDNS_API_PASSWORD_FILE", fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("FIFO: %v", err)
	}
}
