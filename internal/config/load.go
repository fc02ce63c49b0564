package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
)

// Load decodes the shared DDNS_* settings from the process environment
// (which ApplyFile has already merged with the settings file) and reads
// the secret files. It does not validate: call Validate. It never changes
// the environment. ctx bounds the reading of secret files.
func Load(ctx context.Context, info FileInfo) (Config, error) {
	var c Config
	if err := Process(&c); err != nil {
		return Config{}, err
	}
	c.ConfigPath, c.ConfigFound = info.Path, info.Found
	c.normalise()
	c.Seen = seenNames(os.Environ(), info.Keys)
	if c.StateDir == "" {
		c.StateDir = defaultStateDir(os.Getenv(StateDirectoryEnv))
	}
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	sources, err := ResolveSecrets(ctx, &c)
	if err != nil {
		return Config{}, err
	}
	c.SecretSources = sources
	for name, src := range sources {
		if src == "environment" && info.FromFile[name] {
			sources[name] = info.Path
		}
	}
	return c, nil
}

// Process fills spec (a pointer to a settings struct) from the DDNS_*
// environment with envconfig. Unlike envconfig alone it reports every
// problem at once, each naming the variable, and never quotes a secret:
// values are checked before envconfig sees them, so its own error (which
// stops at the first and names Go types) is only a fallback.
func Process(spec any) error {
	var errs []error
	for _, v := range Vars(spec) {
		raw, set := os.LookupEnv(v.Name)
		if !set || raw == "" {
			if v.Required {
				errs = append(errs, problem(v.Name, "is not set; "+v.Help))
			}
			continue
		}
		if err := checkText(v.Name, raw); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := checkKind(v, raw); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := envconfig.Process("DDNS", spec); err != nil {
		return fmt.Errorf("%w: %s", ErrConfig, OneLineNoValue(err))
	}
	return nil
}

// checkKind parses raw the way envconfig will, to report a bad value with
// a message that says what is expected.
func checkKind(v Var, raw string) error {
	var err error
	what := ""
	switch v.Kind {
	case "duration":
		_, err = time.ParseDuration(raw)
		what = "is not a duration (e.g. 60s, 5m)"
	case "boolean":
		_, err = strconv.ParseBool(raw)
		what = "is not a boolean (use true or false)"
	case "address":
		_, err = netip.ParseAddr(strings.TrimSpace(raw))
		what = "is not an IP address (e.g. 203.0.113.7 or 2001:db8::7)"
	case "number":
		_, err = strconv.ParseInt(raw, 0, 64)
		what = "is not a whole number"
	}
	if err != nil {
		return problem(v.Name, quoteValue(raw)+" "+what)
	}
	return nil
}

// OneLineNoValue is envconfig's error reduced to the variable it names:
// its text quotes the raw value, which must not reach a log.
func OneLineNoValue(err error) string {
	var pe *envconfig.ParseError
	if errors.As(err, &pe) {
		return pe.KeyName + ": cannot be read"
	}
	return "settings cannot be read"
}

// seenNames lists the DDNS_* names (compared without case, so that a
// lowercase ddns_provider is caught too) in the environment and the file.
func seenNames(environ, fileKeys []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if strings.HasPrefix(strings.ToUpper(k), "DDNS_") && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		add(k)
	}
	for _, k := range fileKeys {
		add(k)
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

// pathErr drops the path and operation from an *fs.PathError, which the
// message already quotes.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// quoteValue quotes a setting's value for a message (problem hides it
// when it holds another DDNS_ assignment).
func quoteValue(v string) string { return strconv.Quote(v) }
