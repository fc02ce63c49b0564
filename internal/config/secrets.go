package config

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/sys/unix"

	secretpkg "github.com/ddns-pi/ddns/internal/secret"
)

// maxSecretFile bounds what a secret file may hold.
const maxSecretFile = 4096

// CredentialsDirEnv is set by systemd for units with LoadCredential=.
const CredentialsDirEnv = "CREDENTIALS_DIRECTORY"

// ResolveSecrets fills every secret field of spec (a pointer to a settings
// struct) that is not set directly from its NAME_FILE variable or its
// systemd credential, and returns where each set secret came from. Both a
// value and a file for one secret is an error. ctx bounds each read, so a
// FIFO or a hung network mount cannot stall a run.
func ResolveSecrets(ctx context.Context, spec any) (map[string]string, error) {
	sources := map[string]string{}
	for name, field := range secretFields(spec) {
		s := field.Interface().(secretpkg.Secret)
		path := strings.TrimSpace(os.Getenv(name + "_FILE"))
		cred := credentialPath(name)
		if err := oneSource(name, s.IsSet(), path, cred); err != nil {
			return nil, err
		}
		switch {
		case path != "" && s.IsSet():
			return nil, problem(name+"_FILE", "is set together with "+name+"; keep only one of them")
		case path != "":
			v, err := readSecretFile(ctx, name+"_FILE", path)
			if err != nil {
				return nil, err
			}
			field.Set(reflect.ValueOf(secretpkg.New(v)))
			sources[name] = path
		case cred != "":
			v, err := readSecretFile(ctx, name, cred)
			if err != nil {
				return nil, err
			}
			field.Set(reflect.ValueOf(secretpkg.New(v)))
			sources[name] = "systemd credential " + filepath.Base(cred)
		case s.IsSet():
			sources[name] = "environment"
		}
	}
	return sources, nil
}

// oneSource refuses a systemd credential beside the variable or its _FILE:
// which one wins would be a guess.
func oneSource(name string, set bool, path, cred string) error {
	if cred == "" {
		return nil
	}
	var both []string
	if set {
		both = append(both, name)
	}
	if path != "" {
		both = append(both, name+"_FILE")
	}
	if len(both) == 0 {
		return nil
	}
	return problem(strings.Join(both, ", "), fmt.Sprintf("set while the systemd credential %s is present (%q); keep only one: "+
		"remove %s from the settings, or remove the credential", filepath.Base(cred), cred, strings.Join(both, " and ")))
}

// CredentialName is the systemd credential that may hold the secret
// variable name: DDNS_API_PASSWORD -> ddns-api-password.
func CredentialName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", "-"))
}

// credentialPath is the credential file for name when systemd passed one.
func credentialPath(name string) string {
	dir := os.Getenv(CredentialsDirEnv)
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, CredentialName(name))
	if _, err := os.Lstat(p); err != nil {
		return ""
	}
	return p
}

// secretFields maps each secret variable of spec to its settable field.
func secretFields(spec any) map[string]reflect.Value {
	vars := Vars(spec)
	out := map[string]reflect.Value{}
	s := reflect.ValueOf(spec).Elem()
	i := 0
	for f := 0; f < s.NumField(); f++ {
		ft := s.Type().Field(f)
		if !s.Field(f).CanSet() || ft.Tag.Get("ignored") == "true" {
			continue
		}
		if vars[i].Secret {
			out[vars[i].Name] = s.Field(f)
		}
		i++
	}
	return out
}

// readSecretFile returns the file's content without its trailing newline
// (editors add one; no password ends in one). It refuses anything but a
// regular file and gives up when ctx ends.
func readSecretFile(ctx context.Context, name, path string) (string, error) {
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b, err := readRegular(path)
		ch <- result{b, err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return "", problem(name, fmt.Sprintf("reading %q did not finish in time (%v)", path, context.Cause(ctx)))
	}
	switch {
	case r.err != nil:
		return "", problem(name, fmt.Sprintf("cannot read %q: %v", path, r.err))
	case len(r.b) > maxSecretFile:
		return "", problem(name, fmt.Sprintf("%q is larger than %d bytes; it should hold only the secret", path, maxSecretFile))
	}
	s := strings.TrimRight(string(r.b), "\r\n")
	if s == "" {
		return "", problem(name, fmt.Sprintf("%q is empty; put the secret in it", path))
	}
	if err := checkText(name, s); err != nil {
		return "", err
	}
	return s, nil
}

// readRegular reads at most maxSecretFile+1 bytes of a regular file. The
// open does not block on a FIFO (O_NONBLOCK), which is then refused.
func readRegular(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, pathErr(err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", st.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	return b, pathErr(err)
}
