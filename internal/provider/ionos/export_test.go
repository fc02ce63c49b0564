package ionos

// Verdict exposes verdict to the external tests.
var Verdict = verdict
