package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The password as a systemd credential: ddns.service declares
// LoadCredential=ddns-api-password and LoadCredentialEncrypted=ddns-api-password,
// so systemd copies /etc/credstore/ddns-api-password (or decrypts
// /etc/credstore.encrypted/ddns-api-password) into a private directory that
// only the service's user can read, and names it in $CREDENTIALS_DIRECTORY.
// Unlike EnvironmentFile=, the password is then in no process environment.
const (
	CredentialsDirectoryEnv = "CREDENTIALS_DIRECTORY"
	CredentialName          = "ddns-api-password"
	credentialSource        = "systemd credential " + CredentialName
	// CredentialRecipe is the one command that stores the password as an
	// encrypted credential; ddns(8) and the README explain it.
	CredentialRecipe = "systemd-creds encrypt --name=" + CredentialName + " - /etc/credstore.encrypted/" + CredentialName
)

// fromCredential takes the password from $CREDENTIALS_DIRECTORY/ddns-api-password
// when systemd passed that credential. It reports whether it did; the
// password variables must then be unset, or which one wins would be a guess.
func (c *Config) fromCredential(dir string) (bool, error) {
	if dir = strings.TrimSpace(dir); dir == "" {
		return false, nil
	}
	path := filepath.Join(dir, CredentialName)
	s, err := readCredential(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	var set []string
	if c.APIPassword.IsSet() {
		set = append(set, "DDNS_API_PASSWORD")
	}
	if strings.TrimSpace(c.APIPasswordFile) != "" {
		set = append(set, "DDNS_API_PASSWORD_FILE")
	}
	if len(set) > 0 {
		return true, problem(strings.Join(set, ", "), fmt.Sprintf(
			"set while the %s is present (%q); keep only one: remove %s from the settings file, or remove the credential",
			credentialSource, path, strings.Join(set, " and ")))
	}
	c.APIPassword, c.SecretSource = NewSecret(s), credentialSource
	return true, nil
}

// readCredential returns the credential without its trailing newline
// (`echo pw | systemd-creds encrypt` adds one).
func readCredential(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		return "", problem(CredentialsDirectoryEnv, fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	switch {
	case err != nil:
		return "", problem(CredentialsDirectoryEnv, fmt.Sprintf("cannot read %q: %v", path, pathErr(err)))
	case len(b) > maxSecretFile:
		return "", problem(CredentialsDirectoryEnv, fmt.Sprintf("%q is larger than %d bytes; the credential should hold only the password", path, maxSecretFile))
	}
	s := strings.TrimRight(string(b), "\r\n")
	if s == "" {
		return "", problem(CredentialsDirectoryEnv, fmt.Sprintf("%q is empty; store the password in it: %s", path, CredentialRecipe))
	}
	return s, nil
}

// credentialStores are where ddns.service's LoadCredentialEncrypted= finds
// the credential (systemd 252 searches these, among others).
var credentialStores = []string{"/etc/credstore.encrypted", "/etc/credstore"}

// storedCredentialHint explains a missing password outside the service
// when the credential is stored: only systemd hands it over (decrypted).
func storedCredentialHint() string {
	for _, d := range credentialStores {
		p := filepath.Join(d, CredentialName)
		if _, err := os.Stat(p); err == nil {
			return fmt.Sprintf(" (%s holds the password for ddns.service, which only systemd can hand over: "+
				"try the settings with systemctl start ddns.service and journalctl -u ddns)", p)
		}
	}
	return ""
}

// SecretFileWarning says, for `ddns check` run as root, when
// DDNS_API_PASSWORD_FILE names a file that ddns.service cannot open: the
// service runs as a dynamic user, so it reads only what everyone may read.
// Empty when there is nothing to say.
func SecretFileWarning(c Config, euid int) string {
	path := strings.TrimSpace(c.APIPasswordFile)
	if euid != 0 || path == "" || c.SecretSource == credentialSource {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil {
		return "" // Load reported it
	}
	blocked, mode := path, st.Mode().Perm()
	ok := mode&0o004 != 0
	for d := filepath.Dir(path); ok; d = filepath.Dir(d) {
		if dst, err := os.Stat(d); err == nil && dst.Mode().Perm()&0o001 == 0 {
			ok, blocked, mode = false, d, dst.Mode().Perm()
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("DDNS_API_PASSWORD_FILE=%q: ddns.service runs as a dynamic user, which cannot open %q "+
		"(mode %04o); give the password to the service as a systemd credential instead: %s "+
		"(see CREDENTIALS in ddns(8)), then remove DDNS_API_PASSWORD_FILE", path, blocked, mode, CredentialRecipe)
}
