package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Environment is the process environment as ApplyFile needs it. Only the
// command's start-up code passes the real one (OSEnvironment): library code
// never changes the environment.
type Environment interface {
	LookupEnv(key string) (string, bool)
	Setenv(key, value string) error
	Unsetenv(key string) error
	Environ() []string
}

// OSEnvironment is the real process environment.
type OSEnvironment struct{}

func (OSEnvironment) LookupEnv(k string) (string, bool) { return os.LookupEnv(k) }
func (OSEnvironment) Setenv(k, v string) error          { return os.Setenv(k, v) }
func (OSEnvironment) Unsetenv(k string) error           { return os.Unsetenv(k) }
func (OSEnvironment) Environ() []string                 { return os.Environ() }

// FileInfo says what ApplyFile found, for Load's summary and checks.
type FileInfo struct {
	Path     string
	Found    bool
	FromFile map[string]bool // DDNS_* keys whose value came from the file
	Keys     []string        // every key in the file, for the unknown-name check
	// Mode is the file's permission bits, for the "readable by others"
	// warning; zero when not found.
	Mode fs.FileMode
	UID  uint32
}

// Path returns the env file to read: DDNS_CONFIG when set and non-empty,
// else DefaultPath. explicit reports the first case, where a missing file
// is an error rather than "no file, use the environment".
func Path(getenv func(string) string) (path string, explicit bool) {
	if p := strings.TrimSpace(getenv(ConfigVar)); p != "" {
		return p, true
	}
	return DefaultPath, false
}

// ApplyFile reads the settings file and lays it under env the way systemd's
// EnvironmentFile= does for the service: a variable already set wins.
// Set-but-empty DDNS_* variables are removed first, because envconfig
// treats them as set and would skip the defaults ("empty means unset").
// It is called once, at start-up, by the command.
func ApplyFile(path string, explicit bool, env Environment) (FileInfo, error) {
	info := FileInfo{Path: path, FromFile: map[string]bool{}}
	file, err := readEnvFile(path, explicit, &info)
	if err != nil {
		return info, err
	}
	for _, kv := range env.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "DDNS_") && v == "" {
			if err := env.Unsetenv(k); err != nil {
				return info, problem(k, "cannot be cleared: "+err.Error())
			}
		}
	}
	var errs []error
	for k, v := range file {
		if _, set := env.LookupEnv(k); set || v == "" || !strings.HasPrefix(k, "DDNS_") {
			continue
		}
		if err := checkText(k, v); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := env.Setenv(k, v); err != nil {
			errs = append(errs, problem(k, "cannot be used: "+err.Error()))
			continue
		}
		info.FromFile[k] = true
	}
	return info, errors.Join(errs...)
}

// checkText refuses control characters in a value: a NUL cannot reach the
// environment at all, and the others are paste accidents that would be
// sent to a provider. The value is never quoted: it may be the password.
func checkText(name, v string) error {
	for _, r := range v {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return problem(name, fmt.Sprintf("contains a control character (%U); remove it", r))
		}
	}
	return nil
}

func readEnvFile(path string, explicit bool, info *FileInfo) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if explicit {
			return nil, problem(ConfigVar, fmt.Sprintf("%q does not exist; create it or unset DDNS_CONFIG", path))
		}
		return nil, nil
	}
	if err != nil {
		return nil, problem(ConfigVar, fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		info.Mode = st.Mode()
		info.UID = ownerOf(st)
	}
	env, err := ParseEnvFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, ok := env[ConfigVar]; ok {
		// A hand run has already chosen this file, and under systemd the
		// line would override the unit's DDNS_CONFIG=/dev/null and make the
		// service read a file its user cannot open.
		return nil, problem(ConfigVar, fmt.Sprintf("set inside %q, where it can only do harm; remove that line", path))
	}
	info.Found = true
	for k := range env {
		info.Keys = append(info.Keys, k)
	}
	return env, nil
}
