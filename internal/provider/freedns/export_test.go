package freedns

// Verdict exposes verdict to the external tests.
var Verdict = verdict
