package provider

import "errors"

// ErrInternal is a local fault, not the service's verdict: a request that
// could not be built, a missing HTTP client. It is temporary (Permanent is
// false), so it is never remembered as a refusal; the message says what
// broke.
var ErrInternal = errors.New("internal error")
