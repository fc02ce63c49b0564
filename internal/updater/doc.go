// Package updater runs one pass of ddns: detect the public address of each
// wanted family, compare it with what the state says was published, update
// only the records that differ (or are due for a forced refresh), save the
// outcome, and return a Report of what happened to every record. It knows
// nothing of HTTP, files or settings syntax: those come in through the
// small interfaces in updater.go.
//
// # What is remembered between runs
//
// A provider's error is classified once (see classify) by the sentinel it
// wraps; the provider decides which sentinel its service's words mean.
//
//   - provider.ErrAuth, provider.ErrBlocked (credentials refused, account
//     blocked or suspended): no retry with the same settings can succeed.
//     The run stops calling the provider, and every record is remembered
//     as refused for the settings fingerprint. Later runs contact nobody
//     (no detection either) until the fingerprint changes: a new password,
//     user, server or name.
//   - provider.ErrNotFound (unknown domain or host): remembered for that
//     record and fingerprint; the other records go on.
//   - provider.ErrRefused (the service refused this request, e.g. "invalid
//     IP"): remembered for that record, fingerprint and address only. A run
//     that detects another address (or a new DDNS_IP) tries again.
//   - Anything else, including an error text the provider does not
//     recognise and a local failure to build the request, is temporary:
//     exit status 1, retried by the next run. After backoffAfter
//     consecutive temporary failures of a record, runs skip it for 10
//     minutes, doubling up to an hour.
//   - A rate limit (provider.RateLimitError) waits as long as the service
//     asked (or 5 minutes doubling per failure when it did not say), at
//     most maxWait (6 h). Within the run, the calls not yet started wait
//     too: in place when the wait is short (maxPause) and ends before the
//     run's deadline, else they are skipped until the same time.
//
// Every wait and every refusal is tied to the settings fingerprint, so
// editing the settings lifts it. A stored wait further away than maxWait
// (written by a clock that was wrong) is cut to maxWait when read.
//
// # Pacing
//
// The provider's Factory declares how many calls may run at once
// (Concurrency), and the least time between calls (Spacing) after a
// Burst; a provider that implements provider.Batcher gets every due
// change in one UpdateBatch call instead.
package updater
