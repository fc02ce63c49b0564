// Package secret holds the one type for every secret ddns reads (the API
// password, a provider's second key, a TSIG secret): printed, logged or
// encoded in any way it shows only "[redacted]", so a stray log line or a
// %+v of a settings struct cannot leak it.
package secret

import (
	"fmt"
	"io"
)

// Redacted is what every printed form of a set Secret shows.
const Redacted = "[redacted]"

// Secret holds one secret value. Every way of printing or encoding
// it yields "[redacted]" (or "" when empty); only Reveal returns the value,
// so a stray log line or %+v of the Config cannot leak it.
type Secret struct {
	value string
}

// New wraps s.
func New(s string) Secret { return Secret{value: s} }

// Decode lets envconfig fill a Secret. It cannot fail, so envconfig never
// builds a ParseError that would print the raw value.
func (s *Secret) Decode(v string) error {
	s.value = v
	return nil
}

// Reveal returns the password for the one place that must send it.
func (s Secret) Reveal() string { return s.value }

// IsSet reports whether a non-empty password is held.
func (s Secret) IsSet() bool { return s.value != "" }

func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return Redacted
}

// GoString covers %#v.
func (s Secret) GoString() string { return fmt.Sprintf("secret.Secret(%q)", s.String()) }

// Format covers every verb: without it %d or %x of the struct would print
// the hidden field, because fmt uses String only for v, s, x, X and q.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// MarshalText covers encoders that use encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalJSON covers encoding/json (and so zerolog's Interface).
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }
