package updater

import (
	"errors"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Limits on waiting. maxWait caps any stored wait, so that neither a bogus
// Retry-After nor a clock that was wrong when the wait was written can
// silence ddns for long; maxBackoff caps the wait after repeated
// temporary failures, which must not delay a recovery by more than an
// hour; maxPause is the longest a run waits in place for a rate limit
// before leaving the remaining records to the next run.
const (
	maxWait    = 6 * time.Hour
	maxBackoff = time.Hour
	maxPause   = 30 * time.Second
	// backoffAfter is the number of consecutive temporary failures a
	// record may have before runs start to skip it.
	backoffAfter = 3
)

// scope is how widely a provider's error applies, and so what is
// remembered (see the package comment).
type scope int

const (
	temporary  scope = iota // retried next run, with backoff
	forAddress              // refused for this address: a new one is tried
	forRecord               // refused for this name with these settings
	forAccount              // refused for every name with these settings; stops the run
)

// classify is the one place a provider's error is given a scope. Anything
// that is not one of the permanent sentinels is temporary: the provider
// decides what its service's words mean, and an unrecognised text must
// not block updates until the user edits the settings.
func classify(err error) scope {
	var rl *provider.RateLimitError
	switch {
	case err == nil, errors.As(err, &rl):
		return temporary
	case errors.Is(err, provider.ErrAuth), errors.Is(err, provider.ErrBlocked):
		return forAccount
	case errors.Is(err, provider.ErrNotFound):
		return forRecord
	case errors.Is(err, provider.ErrRefused):
		return forAddress
	}
	return temporary
}

// refusalKey is what a refusal stores in state.Record.RefusedFor: the
// settings fingerprint, versioned so that refusals stored before these
// rules (which remembered any refusal for any address) match no current
// settings and are each tried once more.
func refusalKey(fp string) string { return "2:" + fp }

// rateLimitWait is the provider's requested wait or, when it named none,
// an exponential backoff from 5 minutes (one timer period), capped.
func rateLimitWait(asked time.Duration, failures int) time.Duration {
	if asked > 0 {
		return min(asked, maxWait)
	}
	wait := 5 * time.Minute
	for i := 1; i < failures && wait < maxWait; i++ {
		wait *= 2
	}
	return min(wait, maxWait)
}

// failureBackoff is how long to skip a record after its failures-th
// consecutive temporary failure: nothing for the first few (the timer's
// own period spaces them), then 10 minutes doubling to maxBackoff.
func failureBackoff(failures int) time.Duration {
	if failures < backoffAfter {
		return 0
	}
	wait := 10 * time.Minute
	for i := backoffAfter; i < failures && wait < maxBackoff; i++ {
		wait *= 2
	}
	return min(wait, maxBackoff)
}
