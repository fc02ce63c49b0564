package config

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Load reads the process environment (envconfig offers no other source), so
// these tests use t.Setenv and cannot call t.Parallel.

const secret = "Hunter2-Zebra!9"

// clearEnv unsets every DDNS_* and STATE_DIRECTORY variable for one test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DDNS_") || k == StateDirectoryEnv {
			t.Setenv(k, "") // registers the restore
			os.Unsetenv(k)
		}
	}
}

// testEnv is the process environment with every change undone after the
// test (t.Setenv registers the restore).
type testEnv struct{ t *testing.T }

func (e testEnv) LookupEnv(k string) (string, bool) { return os.LookupEnv(k) }
func (e testEnv) Setenv(k, v string) error {
	if strings.ContainsRune(v, 0) {
		return os.Setenv(k, v) // fails as the real one does
	}
	e.t.Setenv(k, v)
	return nil
}
func (e testEnv) Unsetenv(k string) error { e.t.Setenv(k, ""); return os.Unsetenv(k) }
func (e testEnv) Environ() []string       { return os.Environ() }

// load is what the command does: apply the file once, then Load.
func load(t *testing.T, path string, explicit bool) (Config, error) {
	t.Helper()
	info, err := ApplyFile(path, explicit, testEnv{t})
	if err != nil {
		return Config{}, err
	}
	return Load(context.Background(), info)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadDefaults(t *testing.T) {
	clearEnv(t)
	c, err := load(t, filepath.Join(t.TempDir(), "missing"), false)
	if err != nil {
		t.Fatalf("Load with a missing default file: %v", err)
	}
	if c.ConfigFound {
		t.Error("ConfigFound is true for a missing file")
	}
	want := Config{IPVersion: "4", StateDir: DefaultStateDir, Timeout: 60 * time.Second,
		ForceInterval: 720 * time.Hour, LogLevel: "info"}
	if c.IPVersion != want.IPVersion || c.StateDir != want.StateDir || c.Timeout != want.Timeout ||
		c.ForceInterval != want.ForceInterval || c.LogLevel != want.LogLevel || c.DryRun || c.IP.IsValid() {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadFileAndEnvironment(t *testing.T) {
	clearEnv(t)
	path := writeFile(t, "ddns", `
# settings
DDNS_PROVIDER=namecheap
export DDNS_DOMAIN=example.com
DDNS_HOSTS="home, @ ,,www"
DDNS_API_PASSWORD='`+secret+`'
DDNS_TIMEOUT=5s
DDNS_LOG_LEVEL=debug
OTHER=ignored
`)
	t.Setenv("DDNS_TIMEOUT", "7s")   // the environment wins
	t.Setenv("DDNS_LOG_LEVEL", "")   // empty means unset: the file's value applies
	t.Setenv("DDNS_IP_VERSION", "")  // empty means unset: the default applies
	t.Setenv("DDNS_DRY_RUN", "true") // only in the environment
	c, err := load(t, path, true)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"provider", c.Provider, "namecheap"},
		{"domain", c.Domain, "example.com"},
		{"hosts", strings.Join(c.Hosts, "|"), "home|@|www"},
		{"password", c.APIPassword.Reveal(), secret},
		{"secret source", c.SecretSources["DDNS_API_PASSWORD"], path},
		{"timeout", c.Timeout, 7 * time.Second},
		{"log level", c.LogLevel, "debug"},
		{"ip version", c.IPVersion, "4"},
		{"dry run", c.DryRun, true},
		{"config found", c.ConfigFound, true},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

// TestLoadEveryName sets each documented variable and checks it lands in
// the field it names: the names are part of the product.
func TestLoadEveryName(t *testing.T) {
	clearEnv(t)
	env := map[string]string{
		"DDNS_PROVIDER": "dreamhost", "DDNS_DOMAIN": "example.org", "DDNS_HOSTS": "a.b,*",
		"DDNS_API_PASSWORD": secret, "DDNS_USERNAME": "me", "DDNS_SERVER": "https://api.example.net",
		"DDNS_IP_SOURCES": "ipify,iface:eth0", "DDNS_IP": "2001:db8::7", "DDNS_IP_VERSION": "6",
		"DDNS_STATE_DIR": "/srv/ddns", "DDNS_TIMEOUT": "9s", "DDNS_FORCE_INTERVAL": "0s",
		"DDNS_DRY_RUN": "1", "DDNS_LOG_LEVEL": "WARN",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	c, err := load(t, filepath.Join(t.TempDir(), "none"), false)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	got := Config{Provider: c.Provider, Domain: c.Domain, Hosts: c.Hosts, Username: c.Username,
		Server: c.Server, IPSources: c.IPSources, IP: c.IP, IPVersion: c.IPVersion, StateDir: c.StateDir,
		Timeout: c.Timeout, ForceInterval: c.ForceInterval, DryRun: c.DryRun, LogLevel: c.LogLevel}
	want := Config{Provider: "dreamhost", Domain: "example.org", Hosts: []string{"a.b", "*"}, Username: "me",
		Server: "https://api.example.net", IPSources: []string{"ipify", "iface:eth0"},
		IP: netip.MustParseAddr("2001:db8::7"), IPVersion: "6", StateDir: "/srv/ddns",
		Timeout: 9 * time.Second, ForceInterval: 0, DryRun: true, LogLevel: "warn"}
	if got.String() != want.String() || !slices.Equal(got.Hosts, want.Hosts) || !slices.Equal(got.IPSources, want.IPSources) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if src := c.SecretSources["DDNS_API_PASSWORD"]; c.APIPassword.Reveal() != secret || src != "environment" {
		t.Errorf("password from %q, revealed length %d", src, len(c.APIPassword.Reveal()))
	}
}

func TestLoadStateDirectory(t *testing.T) {
	tests := []struct {
		name, stateDirectory, stateDir, want string
	}{
		{name: "systemd single", stateDirectory: "/var/lib/ddns-x", want: "/var/lib/ddns-x"},
		{name: "systemd list takes the first", stateDirectory: "/var/lib/one:/var/lib/two", want: "/var/lib/one"},
		{name: "DDNS_STATE_DIR wins", stateDirectory: "/var/lib/one", stateDir: "/srv/s", want: "/srv/s"},
		{name: "neither", want: DefaultStateDir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(StateDirectoryEnv, tt.stateDirectory)
			t.Setenv("DDNS_STATE_DIR", tt.stateDir)
			c, err := load(t, filepath.Join(t.TempDir(), "none"), false)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if c.StateDir != tt.want {
				t.Errorf("StateDir = %q, want %q", c.StateDir, tt.want)
			}
		})
	}
}

func TestLoadPasswordFile(t *testing.T) {
	tests := []struct {
		name, content, want string
		wantErr             string
	}{
		{name: "trailing newline trimmed", content: secret + "\n", want: secret},
		{name: "CRLF trimmed", content: secret + "\r\n", want: secret},
		{name: "inner spaces kept", content: " a b \n", want: " a b "},
		{name: "empty file", content: "\n", wantErr: "is empty"},
		{name: "too large", content: strings.Repeat("x", maxSecretFile+1), wantErr: "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			p := writeFile(t, "pw", tt.content)
			t.Setenv("DDNS_API_PASSWORD_FILE", p)
			c, err := load(t, filepath.Join(t.TempDir(), "none"), false)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrConfig) {
					t.Fatalf("err = %v, want ErrConfig containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if src := c.SecretSources["DDNS_API_PASSWORD"]; c.APIPassword.Reveal() != tt.want || src != p {
				t.Errorf("password %q from %q, want %q from %q", c.APIPassword.Reveal(), src, tt.want, p)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	pw := writeFile(t, "pw", secret)
	tests := []struct {
		name     string
		file     string // env file content; "" means no file
		explicit bool
		env      map[string]string
		want     string
	}{
		{name: "explicit file missing", explicit: true, want: `DDNS_CONFIG: "` + dir + `/ddns" does not exist`},
		{name: "malformed file", file: "DDNS_API_PASSWORD='" + secret + "\n", want: "line 1: DDNS_API_PASSWORD: missing closing single quote"},
		{name: "password and file both set", env: map[string]string{"DDNS_API_PASSWORD": secret, "DDNS_API_PASSWORD_FILE": pw},
			want: "DDNS_API_PASSWORD_FILE: is set together with DDNS_API_PASSWORD"},
		{name: "password file missing", env: map[string]string{"DDNS_API_PASSWORD_FILE": dir + "/nope"},
			want: `DDNS_API_PASSWORD_FILE: cannot read "` + dir + `/nope": no such file or directory`},
		{name: "bad duration", env: map[string]string{"DDNS_TIMEOUT": "abc"}, want: `DDNS_TIMEOUT: "abc" is not a duration (e.g. 60s, 5m)`},
		{name: "bad duration from file", file: "DDNS_FORCE_INTERVAL=12\n", want: `DDNS_FORCE_INTERVAL: "12" is not a duration`},
		{name: "bad bool", env: map[string]string{"DDNS_DRY_RUN": "maybe"}, want: `DDNS_DRY_RUN: "maybe" is not a boolean`},
		{name: "bad ip", env: map[string]string{"DDNS_IP": "1.2.3"}, want: `DDNS_IP: "1.2.3" is not an IP address`},
		{name: "DDNS_CONFIG inside the file", file: "DDNS_CONFIG=/etc/other\n", want: "DDNS_CONFIG: set inside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			path := filepath.Join(dir, "ddns")
			if tt.file != "" {
				path = writeFile(t, "ddns", tt.file)
			}
			_, err := load(t, path, tt.explicit)
			if err == nil {
				t.Fatalf("Load succeeded, want %q", tt.want)
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want ErrConfig containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}

func TestLoadSeesEveryDDNSName(t *testing.T) {
	clearEnv(t)
	t.Setenv("DDNS_HOST", "home")
	path := writeFile(t, "ddns", "DDNS_TIMEOUTS=1s\nddns_provider=namecheap\nOTHER=1\n")
	c, err := load(t, path, true)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	slices.Sort(c.Seen)
	if !slices.Equal(c.Seen, []string{"DDNS_HOST", "DDNS_TIMEOUTS", "ddns_provider"}) {
		t.Errorf("Seen = %q", c.Seen)
	}
}

func TestPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value, want string
		explicit    bool
	}{
		{value: "", want: DefaultPath},
		{value: "  ", want: DefaultPath},
		{value: "/etc/ddns.env", want: "/etc/ddns.env", explicit: true},
	}
	for _, tt := range tests {
		got, explicit := Path(func(k string) string {
			if k == "DDNS_CONFIG" {
				return tt.value
			}
			return ""
		})
		if got != tt.want || explicit != tt.explicit {
			t.Errorf("Path(%q) = %q, %v; want %q, %v", tt.value, got, explicit, tt.want, tt.explicit)
		}
	}
}
