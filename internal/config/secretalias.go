package config

import secretpkg "github.com/ddns-pi/ddns/internal/secret"

// Secret is the shared secret type; config keeps the name for its fields.
type Secret = secretpkg.Secret

// NewSecret wraps s.
func NewSecret(s string) Secret { return secretpkg.New(s) }

const redacted = secretpkg.Redacted
