package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// credentialDir makes a $CREDENTIALS_DIRECTORY holding ddns-api-password
// with content (none when content is empty) and sets the variable.
func credentialDir(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if content != "" {
		if err := os.WriteFile(filepath.Join(dir, apiPasswordCredential), []byte(content), 0o400); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(CredentialsDirEnv, dir)
	return dir
}

func TestLoadCredential(t *testing.T) {
	clearEnv(t)
	credentialDir(t, secret+"\n")
	c, err := load(t, filepath.Join(t.TempDir(), "missing"), false)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.APIPassword.Reveal() != secret {
		t.Errorf("password from the credential = %q, want %q (trailing newline trimmed)", c.APIPassword.Reveal(), secret)
	}
	if src := c.SecretSources["DDNS_API_PASSWORD"]; src != "systemd credential ddns-api-password" {
		t.Errorf("source = %q", src)
	}
}

// Without the credential in the directory (LoadCredential= found nothing
// to load), the password variables work as before.
func TestLoadCredentialDirectoryWithoutIt(t *testing.T) {
	clearEnv(t)
	credentialDir(t, "")
	t.Setenv("DDNS_API_PASSWORD", secret)
	c, err := load(t, filepath.Join(t.TempDir(), "missing"), false)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if src := c.SecretSources["DDNS_API_PASSWORD"]; c.APIPassword.Reveal() != secret || src != "environment" {
		t.Errorf("password %q from %q, want it from the environment", c.APIPassword.Reveal(), src)
	}
}

func TestLoadCredentialConflicts(t *testing.T) {
	pwFile := writeFile(t, "pw", "other\n")
	tests := []struct {
		name     string
		env      map[string]string
		file     string // settings file content
		wantVars string
	}{
		{name: "password in the environment", env: map[string]string{"DDNS_API_PASSWORD": "x"},
			wantVars: "DDNS_API_PASSWORD:"},
		{name: "password in the settings file", file: "DDNS_API_PASSWORD=x\n",
			wantVars: "DDNS_API_PASSWORD:"},
		{name: "password file", env: map[string]string{"DDNS_API_PASSWORD_FILE": pwFile},
			wantVars: "DDNS_API_PASSWORD_FILE:"},
		{name: "both", env: map[string]string{"DDNS_API_PASSWORD": "x", "DDNS_API_PASSWORD_FILE": pwFile},
			wantVars: "DDNS_API_PASSWORD, DDNS_API_PASSWORD_FILE:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			credentialDir(t, secret)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			path := writeFile(t, "ddns", tt.file)
			_, err := load(t, path, true)
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("Load = %v, want a configuration error", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.wantVars) || !strings.Contains(msg, "systemd credential ddns-api-password") {
				t.Errorf("error %q does not start with %q and name the credential", msg, tt.wantVars)
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error quotes the password: %q", msg)
			}
		})
	}
}

func TestLoadCredentialUnusable(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{name: "empty", content: "\n", want: "is empty"},
		{name: "too large", content: strings.Repeat("x", maxSecretFile+1), want: "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			credentialDir(t, tt.content)
			_, err := load(t, filepath.Join(t.TempDir(), "missing"), false)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %v, want a configuration error saying %q", err, tt.want)
			}
		})
	}
}

func TestSecretFileWarning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// t.TempDir's parent is 0700: open both for the "readable by all" case.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	private := filepath.Join(dir, "private")
	public := filepath.Join(dir, "public")
	for p, mode := range map[string]os.FileMode{private: 0o600, public: 0o644} {
		if err := os.WriteFile(p, []byte("pw\n"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // umask
			t.Fatal(err)
		}
	}
	closed := filepath.Join(dir, "closed")
	if err := os.Mkdir(closed, 0o700); err != nil {
		t.Fatal(err)
	}
	inClosed := filepath.Join(closed, "pw")
	if err := os.WriteFile(inClosed, []byte("pw\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(inClosed, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		euid int
		want string // substring; "" means no warning
	}{
		{name: "root-only file, as root", file: private, euid: 0, want: `cannot open "` + private + `" (mode 0600)`},
		{name: "readable by all", file: public, euid: 0},
		{name: "in a root-only directory", file: inClosed, euid: 0, want: `cannot open "` + closed + `" (mode 0700)`},
		{name: "not root: nothing to judge", file: private, euid: 1000},
		{name: "no password file", file: "", euid: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := SecretFileWarning(tt.file, tt.euid)
			if tt.want == "" {
				if got != "" {
					t.Errorf("warning %q, want none", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) || !strings.Contains(got, CredentialRecipe) {
				t.Errorf("warning %q, want it to contain %q and the recipe", got, tt.want)
			}
		})
	}
}
