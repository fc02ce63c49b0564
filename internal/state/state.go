// Package state remembers, per record, what ddns last published and how the
// last attempt went, so that a run sends only changes, backs off after
// failures and does not repeat a request the service refused.
//
// The file lives on a Raspberry Pi's SD card, which loses power without
// warning: Save replaces it atomically, and Load treats a damaged or
// unknown file as "nothing published yet" (the caller warns and
// republishes) rather than as a reason to stop.
//
// The directory may belong to the service's (possibly compromised) user
// while a hand run is root, so nothing in it is trusted:
//   - Every file ddns opens there (lock, state.json, the temporary file)
//     is opened by name relative to the open directory with O_NOFOLLOW and
//     O_CLOEXEC, and checked on the open descriptor to be a regular file
//     before it is read, written or chowned. A symbolic link or any other
//     kind of file there is an error wrapping ErrNotRegular that names it;
//     it is never followed. Temporary files are created with O_EXCL and a
//     random name. The rename onto state.json replaces a link there
//     itself, never what it points to.
//   - Root gives the lock and the state file to the directory's owner
//     (see chownLikeDir), and only a file with a single name.
//   - The directory itself may be a symbolic link only if root or the
//     user running ddns made it (systemd's /var/lib/ddns -> private/ddns
//     is root's); another owner's link, a file, or a path under a file is
//     ErrBadDir, which callers report as a settings error. The path above
//     the directory is the administrator's choice and is trusted.
//   - Lock checks up front that the run can finish (directory writable,
//     state file readable): otherwise an update would be sent and not
//     remembered, and sent again by every later run.
//
// A ReadOnly store (a dry run) creates and writes nothing.
package state

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
)

// Version is the file format written by this package. Load rejects other
// versions as ErrCorrupt rather than guess at their meaning.
const Version = 1

// Outcome is how the last attempt for a record ended.
type Outcome string

// Outcomes as stored in the file.
const (
	Updated   Outcome = "updated"   // the service accepted a new address
	Unchanged Outcome = "unchanged" // the address was already published
	Failed    Outcome = "error"     // a temporary failure; retry later
	Refused   Outcome = "refused"   // a permanent refusal; retry after the settings change
	DryRun    Outcome = "dry-run"   // nothing was sent
)

// File is the whole state file.
type File struct {
	Version int               `json:"version"`
	Records map[string]Record `json:"records"` // by Key
}

// Record is the state of one name at one provider for one address family.
// Fields unknown to this version are ignored on load, so a newer ddns may
// add some without breaking an older one.
type Record struct {
	Provider    string        `json:"provider"`
	FQDN        string        `json:"fqdn"`
	Family      family.Family `json:"family"` // 4 or 6
	IP          netip.Addr    `json:"ip,omitzero"`
	PublishedAt time.Time     `json:"published_at,omitzero"` // when IP was confirmed
	LastAttempt time.Time     `json:"last_attempt,omitzero"`
	Outcome     Outcome       `json:"outcome,omitempty"`
	Error       string        `json:"error,omitempty"`    // one line, no secret
	Failures    int           `json:"failures,omitempty"` // consecutive
	NotBefore   time.Time     `json:"not_before,omitzero"`
	// RefusedFor is an opaque fingerprint of the settings a refusal applies
	// to; the caller retries once the fingerprint changes.
	RefusedFor string `json:"refused_for,omitempty"`
	// RefusedIP is the address a refusal applies to when the refusal
	// depends on the address; zero when it applies whatever the address.
	RefusedIP netip.Addr `json:"refused_ip,omitzero"`
	// WaitFor is the settings fingerprint NotBefore applies to; a wait
	// stored under other settings is ignored.
	WaitFor string `json:"wait_for,omitempty"`
}

// Key names a record in File.Records. DNS names are case-insensitive, so
// the FQDN is lowercased.
func Key(provider, fqdn string, fam family.Family) string {
	return fmt.Sprintf("%s/%s/ipv%d", provider, strings.ToLower(strings.TrimSuffix(fqdn, ".")), int(fam))
}

// Empty returns a File with no records, ready for use.
func Empty() File {
	return File{Version: Version, Records: make(map[string]Record)}
}
