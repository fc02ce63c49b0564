package main

import (
	"errors"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/updater"
)

// Exit codes, documented in `ddns help`, the man page and the README. This
// is the only place that decides them.
const (
	exitOK        = 0 // updated, or nothing to do
	exitTemporary = 1 // network, timeout, 5xx, odd answer: the next run retries
	exitConfig    = 2 // bad settings or usage: fix /etc/default/ddns
	exitRefused   = 3 // the provider refused (credentials, unknown name): remembered
)

// exitCode maps an error from a command to its exit status.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, config.ErrConfig), errors.Is(err, errUsage):
		return exitConfig
	case errors.Is(err, updater.ErrRefused):
		return exitRefused
	default:
		return exitTemporary
	}
}
