package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

// withFile writes a settings file and points DDNS_CONFIG at it.
func withFile(t *testing.T, env map[string]string, content string, mode os.FileMode) map[string]string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ddns.conf")
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"DDNS_CONFIG": p}
	for k, v := range env {
		out[k] = v
	}
	return out
}

// TestE2ELoneCRIsALineEnd: a file saved with CR line ends (old Mac
// editors) is read line by line, as systemd reads it, instead of one
// joined value whose error would quote the password.
func TestE2ELoneCRIsALineEnd(t *testing.T) {
	t.Parallel()
	const pw = "Cr-Separated-Secret-77"
	file := "DDNS_PROVIDER=namecheap\rDDNS_DOMAIN=example.com\rDDNS_HOSTS=home\rDDNS_API_PASSWORD=" + pw + "\r\n"
	env := withFile(t, map[string]string{"DDNS_STATE_DIR": t.TempDir()}, file, 0o600)
	r := ddns(t, env, "check")
	expect(t, r, 0, "DDNS_HOSTS"+strings.Repeat(" ", len("DDNS_IPV6_PREFIX_LENGTH")+2-len("DDNS_HOSTS"))+"home", "[redacted] (from "+env["DDNS_CONFIG"]+")")
	noSecret(t, pw, "", r)

	// A value that swallowed another line is never quoted.
	bad := "DDNS_PROVIDER=namecheap\nDDNS_DOMAIN=example.com\nDDNS_HOSTS=home\nDDNS_IP_VERSION='4DDNS_API_PASSWORD=" + pw + "'\n"
	r = ddns(t, withFile(t, nil, bad, 0o600), "check")
	expect(t, r, 2, "DDNS_IP_VERSION", "value not shown")
	noSecret(t, pw, "", r)
}

// TestE2EControlCharactersInValues: a NUL cannot reach the environment and
// other control characters are paste accidents: both name the variable,
// never the value.
func TestE2EControlCharactersInValues(t *testing.T) {
	t.Parallel()
	for name, value := range map[string]string{"NUL": "abc\x00def-secret", "ESC": "abc\x1bdef-secret"} {
		file := "DDNS_PROVIDER=namecheap\nDDNS_DOMAIN=example.com\nDDNS_HOSTS=home\nDDNS_API_PASSWORD='" + value + "'\n"
		r := ddns(t, withFile(t, nil, file, 0o600), "check")
		expect(t, r, 2, "DDNS_API_PASSWORD: contains a control character")
		if strings.Contains(r.stdout+r.stderr, "def-secret") {
			t.Errorf("%s: the value leaked:\n%s", name, r.stderr)
		}
		if strings.Contains(r.stderr, "is not set") {
			t.Errorf("%s: reported as unset instead of naming the bad character:\n%s", name, r.stderr)
		}
	}
}

// TestE2EPasswordFileThatBlocks: a FIFO (or a hung mount) named by
// DDNS_API_PASSWORD_FILE must not stall a run.
func TestE2EPasswordFileThatBlocks(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pw")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DDNS_PROVIDER": "namecheap", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home",
		"DDNS_API_PASSWORD_FILE": fifo, "DDNS_TIMEOUT": "2s", "DDNS_STATE_DIR": t.TempDir()}
	start := time.Now()
	r := ddns(t, env, "run")
	expect(t, r, 2, "DDNS_API_PASSWORD_FILE", "not a regular file")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestE2EEveryProblemAtOnce: one bad value must not hide the next.
func TestE2EEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DDNS_PROVIDER": "namecheap", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "@ www home",
		"DDNS_API_PASSWORD": "x", "DDNS_TIMEOUT": "60", "DDNS_DRY_RUN": "yes"}
	r := ddns(t, env, "check")
	expect(t, r, 2, `DDNS_TIMEOUT: "60" is not a duration`, `DDNS_DRY_RUN: "yes" is not a boolean`)
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(line, "ddns: ") {
			t.Errorf("line without the ddns: prefix: %q", line)
		}
	}
	env["DDNS_TIMEOUT"], env["DDNS_DRY_RUN"] = "60s", "true"
	expect(t, ddns(t, env, "check"), 2, `DDNS_HOSTS: "@ www home" contains a space; separate hosts with commas`)
}

// TestE2ENamesAndWarnings: a lowercase name gets the right spelling, a
// setting the provider ignores and a settings file others can read get
// warnings from check and run.
func TestE2ENamesAndWarnings(t *testing.T) {
	t.Parallel()
	file := "ddns_provider=namecheap\nDDNS_DOMAIN=example.com\nDDNS_HOSTS=home\nDDNS_API_PASSWORD=x\n"
	env := map[string]string{"DDNS_STATE_DIR": t.TempDir()}
	expect(t, ddns(t, withFile(t, env, file, 0o600), "check"), 2,
		"ddns: ddns_provider: is not a ddns setting; names are case-sensitive: write DDNS_PROVIDER")

	file = strings.Replace(file, "ddns_provider", "DDNS_PROVIDER", 1) + "DDNS_USERNAME=me\n"
	r := ddns(t, withFile(t, env, file, 0o644), "check")
	expect(t, r, 0, "warning: DDNS_USERNAME is set, but namecheap does not use it",
		"can be read by others than root (mode 0644", "configuration OK")
}

func TestE2EFixedAddressChecked(t *testing.T) {
	t.Parallel()
	base := map[string]string{"DDNS_PROVIDER": "namecheap", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home",
		"DDNS_API_PASSWORD": "x", "DDNS_STATE_DIR": t.TempDir()}
	for ip, want := range map[string]string{"127.0.0.1": "loopback", "255.255.255.255": "broadcast",
		"100.64.0.1": "DDNS_ALLOW_PRIVATE=true", "192.168.1.2": "private"} {
		env := map[string]string{"DDNS_IP": ip}
		for k, v := range base {
			env[k] = v
		}
		expect(t, ddns(t, env, "run"), 2, "DDNS_IP", want)
	}
	base["DDNS_DOMAIN"] = "203.0.113.9"
	expect(t, ddns(t, base, "check"), 2, "DDNS_DOMAIN: \"203.0.113.9\" is an IP address")
}

// TestE2EPrivateAddressAllowed publishes a LAN address when asked to.
func TestE2EPrivateAddressAllowed(t *testing.T) {
	t.Parallel()
	fake := namecheaptest.New("example.com", ncPassword, "home", "@")
	e := newEcho(t, "192.168.1.20\n")
	env, _ := namecheapEnv(t, fake, e)
	expect(t, ddns(t, env, "run"), 1, "is private")
	env["DDNS_ALLOW_PRIVATE"] = "true"
	expect(t, ddns(t, env, "run"), 0, "updated from none to 192.168.1.20")
}

func TestE2EProvidersCommand(t *testing.T) {
	t.Parallel()
	expect(t, ddns(t, nil, "providers"), 0, "namecheap", "dreamhost")
	expect(t, ddns(t, nil, "providers", "dreamhost"), 0, "DDNS_API_PASSWORD", "(required)", "IPv6 (AAAA): yes")
	expect(t, ddns(t, nil, "providers", "nosuch"), 2, `"nosuch" is not a known provider`)
	expect(t, ddns(t, nil, "providers", "a", "b"), 2, "takes no more arguments")
}

// TestE2EProviderChecksOfSharedSettings: a provider's own rules on the
// shared settings are settings errors at `ddns check`.
func TestE2EProviderChecksOfSharedSettings(t *testing.T) {
	t.Parallel()
	duck := map[string]string{"DDNS_PROVIDER": "duckdns", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "MyHome",
		"DDNS_API_PASSWORD": "x", "DDNS_STATE_DIR": t.TempDir()}
	expect(t, ddns(t, duck, "check"), 2, "DuckDNS serves only duckdns.org", "answers KO to upper case")
	custom := map[string]string{"DDNS_PROVIDER": "custom", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home",
		"DDNS_CUSTOM_URL": "https://dyn.example.net/u?ip={ip}", "DDNS_CUSTOM_SUCCESS": "^ok",
		"DDNS_SERVER": "https://dyn.example.net", "DDNS_STATE_DIR": t.TempDir()}
	expect(t, ddns(t, custom, "check"), 2, "DDNS_SERVER: is set, but custom does not use it")
	delete(custom, "DDNS_SERVER")
	expect(t, ddns(t, custom, "check"), 0, "configuration OK")
}
