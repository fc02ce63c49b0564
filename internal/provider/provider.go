// Package provider defines the narrow contract between the updater and a DNS
// service: one behavioural method, records as plain data, and sentinel errors
// that decide retry versus refusal (and so the exit code) in one place.
package provider

import (
	"context"
	"errors"
	"net/netip"
	"time"
)

// Record names one DNS name at one service. Host is the label inside Domain
// as the user wrote it: "home", "@" for the domain itself, "*" for the
// wildcard.
type Record struct {
	Domain string
	Host   string
}

// FQDN is the full name without a trailing dot ("home.example.com",
// "example.com" for "@", "*.example.com" for "*").
func (r Record) FQDN() string {
	if r.Host == "" || r.Host == "@" {
		return r.Domain
	}
	return r.Host + "." + r.Domain
}

// String is the record's name as logs show it.
func (r Record) String() string { return r.FQDN() }

// Provider publishes addresses at one DNS service.
//
// Update makes rec resolve to addr (an A record for IPv4, AAAA for IPv6) and
// returns nil only when the service confirmed it. It must be safe to call
// again with the same arguments (an unchanged record is success, not an
// error), must honour ctx for every network call, and must be safe for
// concurrent use on different records. It must never leave rec with no
// address of addr's family: where the API has no "replace", add the new
// value before removing the old one.
//
// Errors wrap exactly one of the sentinels below so that callers can decide
// with errors.Is; the text carries the service's own words (one line, capped)
// and never a secret.
type Provider interface {
	Update(ctx context.Context, rec Record, addr netip.Addr) error
}

// Sentinel errors. A provider wraps exactly one, and only for words of the
// service it recognises; text it does not recognise is ErrBadResponse.
//
// Refusals (exit 3), remembered as widely as they apply: ErrAuth and
// ErrBlocked for the whole account, ErrNotFound for the record, ErrRefused
// for the record and the address sent ("invalid IP"). The others are
// temporary and the next run retries.
var (
	ErrAuth        = errors.New("credentials refused")
	ErrBlocked     = errors.New("account blocked")
	ErrNotFound    = errors.New("domain or host not found")
	ErrRefused     = errors.New("request refused")
	ErrRateLimited = errors.New("rate limited")
	ErrUnavailable = errors.New("service unavailable")
	ErrBadResponse = errors.New("unexpected response")
	// ErrInternal is a local fault, not the service's verdict: a request
	// that could not be built, a missing HTTP client. It is temporary, so it
	// is never remembered as a refusal; the message says what broke.
	ErrInternal = errors.New("internal error")
)

// Permanent reports whether err is a refusal that retrying with the same
// settings (and, for ErrRefused, the same address) cannot fix.
func Permanent(err error) bool {
	return errors.Is(err, ErrAuth) || errors.Is(err, ErrBlocked) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrRefused)
}

// RateLimitError carries the wait a service asked for (Retry-After and
// similar); it wraps ErrRateLimited.
type RateLimitError struct {
	RetryAfter time.Duration
	Msg        string
}

func (e *RateLimitError) Error() string {
	if e.Msg == "" {
		return ErrRateLimited.Error()
	}
	return ErrRateLimited.Error() + ": " + e.Msg
}

func (e *RateLimitError) Unwrap() error { return ErrRateLimited }
