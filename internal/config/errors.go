package config

import "errors"

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

func problem(name, msg string) error { return &Error{Var: name, Msg: msg} }
