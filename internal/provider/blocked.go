package provider

import "errors"

// ErrBlocked is a permanent refusal of the whole account: the service has
// blocked or suspended it (abuse, unpaid, disabled API access). Like
// ErrAuth, no retry with the same settings can succeed, and the updater
// stops the run and remembers it until the settings change.
var ErrBlocked = errors.New("account blocked")
