package config

import (
	"io/fs"
	"syscall"
)

// ownerOf is the uid that owns the file st describes (0 when unknown).
func ownerOf(st fs.FileInfo) uint32 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return s.Uid
	}
	return 0
}

// ReadableByOthers reports whether the settings file, which holds the
// password, can be read by anyone but root.
func (i FileInfo) ReadableByOthers() bool {
	// Only a regular file: the unit's DDNS_CONFIG=/dev/null holds nothing.
	return i.Found && i.Mode.IsRegular() && (i.Mode.Perm()&0o044 != 0 || i.UID != 0)
}
