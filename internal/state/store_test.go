package state

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func sample() File {
	t0 := time.Date(2026, 11, 22, 5, 0, 0, 123, time.UTC)
	f := Empty()
	f.Records[Key("namecheap", "Home.Example.com", 4)] = Record{
		Provider: "namecheap", FQDN: "home.example.com", Family: 4, IP: netip.MustParseAddr("203.0.113.7"),
		PublishedAt: t0, LastAttempt: t0.Add(time.Hour), Outcome: Updated,
	}
	f.Records[Key("namecheap", "home.example.com", 6)] = Record{
		Provider: "namecheap", FQDN: "home.example.com", Family: 6, LastAttempt: t0, Outcome: Refused,
		Error: "credentials refused: bad password", Failures: 3, NotBefore: t0.Add(2 * time.Hour), RefusedFor: "abc123",
	}
	return f
}

func TestSaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	s := New(filepath.Join(t.TempDir(), "new", "dir")) // Save creates it
	want := sample()
	if err := s.Save(want); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.Version != Version || len(got.Records) != len(want.Records) {
		t.Fatalf("got %+v", got)
	}
	for k, w := range want.Records {
		g := got.Records[k]
		if g.IP != w.IP || !g.PublishedAt.Equal(w.PublishedAt) || !g.NotBefore.Equal(w.NotBefore) ||
			!g.LastAttempt.Equal(w.LastAttempt) || g.Outcome != w.Outcome || g.Error != w.Error ||
			g.Failures != w.Failures || g.RefusedFor != w.RefusedFor || g.FQDN != w.FQDN || g.Family != w.Family {
			t.Errorf("%s:\n got %+v\nwant %+v", k, g, w)
		}
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(s.Path()))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("created dir mode %v, want 0700", di.Mode().Perm())
	}
}

func TestSaveFormat(t *testing.T) {
	t.Parallel()
	s := New(t.TempDir())
	if err := s.Save(sample()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(s.Path())
	var raw struct {
		Version int                                   `json:"version"`
		Records map[string]map[string]json.RawMessage `json:"records"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	v6 := raw.Records["namecheap/home.example.com/ipv6"]
	if raw.Version != 1 || v6 == nil {
		t.Fatalf("unexpected layout:\n%s", b)
	}
	if _, ok := v6["ip"]; ok {
		t.Errorf("a record without an address has an ip field:\n%s", b)
	}
	for _, k := range []string{"provider", "fqdn", "family", "last_attempt", "outcome", "error", "failures", "not_before", "refused_for"} {
		if _, ok := v6[k]; !ok {
			t.Errorf("field %q missing:\n%s", k, b)
		}
	}
}

func TestSaveReplacesAndLeavesNoTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	for i := range 3 {
		f := sample()
		f.Records["x"] = Record{Failures: i}
		if err := s.Save(f); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load()
	if err != nil || got.Records["x"].Failures != 2 {
		t.Fatalf("Load = %+v, %v; want the last save", got.Records["x"], err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Errorf("directory holds %v, want only %s", names(entries), FileName)
	}
}

func TestSaveErrorLeavesNoTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	// A directory where the file should be makes the rename fail after the
	// temporary file was written.
	if err := os.Mkdir(s.Path(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Path(), "keep"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sample()); err == nil {
		t.Fatal("Save over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Errorf("directory holds %v after a failed save", names(entries))
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // "" means no file
		wantErr error
		wantN   int
	}{
		{name: "missing file", wantN: 0},
		{name: "truncated", content: `{"version":1,"records":{"a":{"fqdn":"x"`, wantErr: ErrCorrupt},
		{name: "not JSON", content: "\x00\x00\x00", wantErr: ErrCorrupt},
		{name: "trailing junk", content: `{"version":1,"records":{}} x`, wantErr: ErrCorrupt},
		{name: "wrong version", content: `{"version":2,"records":{"a":{}}}`, wantErr: ErrCorrupt},
		{name: "no version", content: `{"records":{}}`, wantErr: ErrCorrupt},
		{name: "bad address", content: `{"version":1,"records":{"a":{"ip":"300.1.1.1"}}}`, wantErr: ErrCorrupt},
		{name: "null records", content: `{"version":1,"records":null}`, wantN: 0},
		{name: "unknown fields ignored", content: `{"version":1,"future":true,"records":{"a":{"fqdn":"x","family":4,"ttl_hint":5}}}`, wantN: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := New(t.TempDir())
			if tt.content != "" {
				if err := os.WriteFile(s.Path(), []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Load()
			if !errors.Is(err, tt.wantErr) || (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("Load error = %v, want %v", err, tt.wantErr)
			}
			if got.Records == nil || len(got.Records) != tt.wantN {
				t.Errorf("Records = %#v, want %d usable records", got.Records, tt.wantN)
			}
			if err != nil && !strings.Contains(err.Error(), s.Path()) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// TestLoadUnreadable: a directory in place of the file cannot be read
// even by root, and ddns does not try (nofollow_test.go covers links and
// FIFOs); TestLoadPermissionDenied covers the common case.
func TestLoadUnreadable(t *testing.T) {
	t.Parallel()
	s := New(t.TempDir())
	if err := os.Mkdir(s.Path(), 0o700); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if !errors.Is(err, ErrUnreadable) || !errors.Is(err, ErrNotRegular) || got.Records == nil {
		t.Fatalf("Load = %v, %v; want an empty File and ErrUnreadable", got, err)
	}
	if !strings.Contains(err.Error(), s.Path()) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("error %q should name the file and what it is", err)
	}
}

func TestLoadPermissionDenied(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root reads files regardless of mode; TestSaveOwnership covers root")
	}
	s := New(t.TempDir())
	if err := os.WriteFile(s.Path(), []byte(`{"version":1}`), 0o000); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(); !errors.Is(err, ErrUnreadable) || !errors.Is(err, os.ErrPermission) {
		t.Fatalf("Load error = %v, want ErrUnreadable wrapping permission denied", err)
	}
}

// TestSaveOwnership checks that root gives the state and lock files to the
// directory's owner, as a hand "sudo ddns run" must for the service user.
func TestSaveOwnership(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root can chown")
	}
	dir := t.TempDir()
	const uid, gid = 64123, 64124 // like a systemd DynamicUser
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	s := New(dir)
	if err := s.Save(sample()); err != nil {
		t.Fatal(err)
	}
	unlock, err := s.Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	for _, p := range []string{s.Path(), filepath.Join(dir, LockName)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if st.Uid != uid || st.Gid != gid {
			t.Errorf("%s owned by %d:%d, want %d:%d", p, st.Uid, st.Gid, uid, gid)
		}
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	if a, b := Key("namecheap", "Home.Example.COM.", 4), Key("namecheap", "home.example.com", 4); a != b {
		t.Errorf("Key is case or dot sensitive: %q != %q", a, b)
	}
	keys := map[string]bool{}
	for _, k := range []string{Key("a", "x.y", 4), Key("a", "x.y", 6), Key("b", "x.y", 4), Key("a", "z.y", 4)} {
		keys[k] = true
	}
	if len(keys) != 4 {
		t.Errorf("distinct records share a key: %v", keys)
	}
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
