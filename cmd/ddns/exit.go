package main

import (
	"errors"
	"fmt"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/state"
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
	case errors.Is(err, config.ErrConfig), errors.Is(err, errUsage), errors.Is(err, state.ErrBadDir):
		return exitConfig
	case errors.Is(err, updater.ErrRefused):
		return exitRefused
	default:
		return exitTemporary
	}
}

// namingStateDir names the setting behind an unusable state directory
// (a file, a link someone else made, not writable), which is a settings
// error like those config reports; other errors pass unchanged.
func namingStateDir(err error) error {
	if errors.Is(err, state.ErrBadDir) {
		return fmt.Errorf("DDNS_STATE_DIR: %w", err)
	}
	return err
}
