package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The password as a systemd credential: ddns.service declares
// LoadCredentialEncrypted=ddns-api-password, so systemd decrypts
// /etc/credstore.encrypted/ddns-api-password into a private directory that
// only the service's user can read, and names it in $CREDENTIALS_DIRECTORY
// (ResolveSecrets reads it). Unlike EnvironmentFile=, the password is then
// in no process environment.
const (
	apiPasswordCredential = "ddns-api-password"
	// CredentialRecipe is the one command that stores the password as an
	// encrypted credential; ddns(8) and the README explain it.
	CredentialRecipe = "systemd-creds encrypt --name=" + apiPasswordCredential + " - /etc/credstore.encrypted/" + apiPasswordCredential
)

// credentialStores are where ddns.service's LoadCredentialEncrypted= finds
// the credential (systemd 252 searches these, among others).
var credentialStores = []string{"/etc/credstore.encrypted", "/etc/credstore"}

// StoredCredentialHint explains a missing password outside the service
// when the credential is stored: only systemd hands it over (decrypted).
func StoredCredentialHint() string {
	for _, d := range credentialStores {
		p := filepath.Join(d, apiPasswordCredential)
		if _, err := os.Stat(p); err == nil {
			return fmt.Sprintf(" (%s holds the password for ddns.service, which only systemd can hand over: "+
				"try the settings with systemctl start ddns.service and journalctl -u ddns)", p)
		}
	}
	return ""
}

// SecretFileWarning says, for `ddns check` run as root, when
// DDNS_API_PASSWORD_FILE (path) names a file that ddns.service cannot
// open: the service runs as a dynamic user, so it reads only what everyone
// may read. Empty when there is nothing to say.
func SecretFileWarning(path string, euid int) string {
	path = strings.TrimSpace(path)
	if euid != 0 || path == "" {
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
