package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/kelseyhightower/envconfig"
)

// maxSecretFile bounds what DDNS_API_PASSWORD_FILE may hold.
const maxSecretFile = 4096

// Path returns the env file to read: DDNS_CONFIG when set and non-empty,
// else DefaultPath. explicit reports the first case, where a missing file
// is an error rather than "no file, use the environment".
func Path(getenv func(string) string) (path string, explicit bool) {
	if p := strings.TrimSpace(getenv("DDNS_CONFIG")); p != "" {
		return p, true
	}
	return DefaultPath, false
}

// Load reads the env file at path, lays it under the process environment
// (a variable already set in the environment wins) and decodes every
// DDNS_* variable. It does not validate: call Validate.
//
// Load works on the process environment because envconfig reads only that
// (it has no injectable lookup). The environment is restored before Load
// returns, so the file's password does not linger for child processes. Its
// tests therefore use t.Setenv and cannot run in parallel.
func Load(path string, explicit bool) (Config, error) {
	file, found, err := readEnvFile(path, explicit)
	if err != nil {
		return Config{}, err
	}
	fromFile, restore := overlay(file)
	defer restore()

	var c Config
	if err := envconfig.Process("DDNS", &c); err != nil {
		return Config{}, rewriteParseError(err)
	}
	c.ConfigPath, c.ConfigFound = path, found
	c.normalise()
	c.Unknown = unknownNames(file)
	if c.StateDir == "" {
		c.StateDir = defaultStateDir(os.Getenv(StateDirectoryEnv))
	}
	if err := c.resolveSecret(path, fromFile["DDNS_API_PASSWORD"]); err != nil {
		return Config{}, err
	}
	return c, nil
}

func readEnvFile(path string, explicit bool) (map[string]string, bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if explicit {
			return nil, false, problem("DDNS_CONFIG", fmt.Sprintf("%q does not exist; create it or unset DDNS_CONFIG", path))
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, problem("DDNS_CONFIG", fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	}
	defer f.Close()
	env, err := ParseEnvFile(f)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	if _, ok := env["DDNS_CONFIG"]; ok {
		// A hand run has already chosen this file, and under systemd the
		// line would override the unit's DDNS_CONFIG=/dev/null and make the
		// service read a file its user cannot open.
		return nil, false, problem("DDNS_CONFIG", fmt.Sprintf("set inside %q, where it can only do harm; remove that line", path))
	}
	return env, true, nil
}

// overlay copies the file's DDNS_* values into the environment where the
// variable is not set, and unsets set-but-empty DDNS_* variables, because
// envconfig treats those as set and would skip the defaults. It reports
// which keys came from the file and returns a function that undoes it all.
func overlay(file map[string]string) (fromFile map[string]bool, restore func()) {
	var emptied []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DDNS_") && v == "" {
			os.Unsetenv(k)
			emptied = append(emptied, k)
		}
	}
	fromFile = make(map[string]bool)
	for k, v := range file {
		if _, set := os.LookupEnv(k); set || v == "" || !strings.HasPrefix(k, "DDNS_") {
			continue
		}
		os.Setenv(k, v)
		fromFile[k] = true
	}
	return fromFile, func() {
		for k := range fromFile {
			os.Unsetenv(k)
		}
		for _, k := range emptied {
			os.Setenv(k, "")
		}
	}
}

// unknownNames lists DDNS_* variables, in the environment or the file, that
// ddns does not read: almost always a typo that would otherwise be ignored.
func unknownNames(file map[string]string) []string {
	known := make(map[string]bool, len(Names))
	for _, n := range Names {
		known[n] = true
	}
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DDNS_") && !known[k] {
			out = append(out, k)
			known[k] = true // report once
		}
	}
	for k := range file {
		if strings.HasPrefix(k, "DDNS_") && !known[k] {
			out = append(out, k)
		}
	}
	return out
}

// defaultStateDir takes the first of systemd's STATE_DIRECTORY paths (it
// is colon-separated when the unit names several).
func defaultStateDir(stateDirectory string) string {
	first, _, _ := strings.Cut(stateDirectory, ":")
	if first = strings.TrimSpace(first); first != "" {
		return first
	}
	return DefaultStateDir
}

// resolveSecret reads the systemd credential (credential.go) or
// DDNS_API_PASSWORD_FILE and records where the password came from.
func (c *Config) resolveSecret(configPath string, inFile bool) error {
	if found, err := c.fromCredential(os.Getenv(CredentialsDirectoryEnv)); found || err != nil {
		return err
	}
	c.APIPasswordFile = strings.TrimSpace(c.APIPasswordFile)
	switch {
	case c.APIPasswordFile != "" && c.APIPassword.IsSet():
		return problem("DDNS_API_PASSWORD_FILE", "is set together with DDNS_API_PASSWORD; keep only one of them")
	case c.APIPasswordFile != "":
		s, err := readSecretFile(c.APIPasswordFile)
		if err != nil {
			return err
		}
		c.APIPassword, c.SecretSource = NewSecret(s), c.APIPasswordFile
	case c.APIPassword.IsSet() && inFile:
		c.SecretSource = configPath
	case c.APIPassword.IsSet():
		c.SecretSource = "environment"
	}
	return nil
}

// readSecretFile returns the file's content without its trailing newline
// (editors add one; no password ends in one).
func readSecretFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", problem("DDNS_API_PASSWORD_FILE", fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", problem("DDNS_API_PASSWORD_FILE", fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	}
	if len(b) > maxSecretFile {
		return "", problem("DDNS_API_PASSWORD_FILE", fmt.Sprintf("%q is larger than %d bytes; it should hold only the password", path, maxSecretFile))
	}
	s := strings.TrimRight(string(b), "\r\n")
	if s == "" {
		return "", problem("DDNS_API_PASSWORD_FILE", fmt.Sprintf("%q is empty; put the password in it", path))
	}
	return s, nil
}

// pathErr drops the path and operation from an *fs.PathError, which the
// message already quotes.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// rewriteParseError turns envconfig's message, which is long and names Go
// types, into "DDNS_TIMEOUT: "abc" is not a duration (e.g. 60s, 5m)".
func rewriteParseError(err error) error {
	var pe *envconfig.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if pe.KeyName == "DDNS_API_PASSWORD" { // cannot happen (Secret never fails); never quote it anyway
		return problem(pe.KeyName, "cannot be read")
	}
	what := "is not valid"
	switch pe.TypeName {
	case "time.Duration":
		what = "is not a duration (e.g. 60s, 5m)"
	case "bool":
		what = "is not a boolean (use true or false)"
	case "netip.Addr":
		what = "is not an IP address (e.g. 203.0.113.7 or 2001:db8::7)"
	}
	return problem(pe.KeyName, fmt.Sprintf("%q %s", pe.Value, what))
}
