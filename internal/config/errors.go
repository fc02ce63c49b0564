package config

import (
	"errors"
	"regexp"
)

// ErrConfig is wrapped by every error this package returns, so that the
// command maps a bad setting to its own exit code with errors.Is.
var ErrConfig = errors.New("configuration error")

// Error is one problem with one setting. Msg quotes the offending value
// (never the secret) and says how to fix it.
type Error struct {
	Var string // the variable, e.g. "DDNS_TIMEOUT"
	Msg string
}

func (e *Error) Error() string { return e.Var + ": " + e.Msg }

// Unwrap makes errors.Is(err, ErrConfig) true.
func (e *Error) Unwrap() error { return ErrConfig }

// problem builds an *Error. A quoted value that holds another DDNS_
// assignment is replaced: a lost line end has joined two lines, and the
// rest may be the password.
func problem(name, msg string) error {
	return &Error{Var: name, Msg: joinedLine.ReplaceAllString(msg, hiddenValue)}
}

const hiddenValue = "(value not shown: it contains another DDNS_ setting; is a line end missing?)"

var joinedLine = regexp.MustCompile(`"(?:[^"\\]|\\.)*(?i:DDNS_)[A-Za-z0-9_]*=(?:[^"\\]|\\.)*"`)

// configError marks a provider's own validation error as a settings
// problem (exit 2) without changing its text, which names the variable.
type configError struct{ err error }

func (e configError) Error() string   { return e.err.Error() }
func (e configError) Unwrap() []error { return []error{ErrConfig, e.err} }

// AsConfigError returns err marked as a settings problem; nil stays nil.
func AsConfigError(err error) error {
	if err == nil || errors.Is(err, ErrConfig) {
		return err
	}
	return configError{err}
}
