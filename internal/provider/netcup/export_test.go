package netcup

// Verdict and Envelope expose the answer parsing to the external tests.
var Verdict = verdict

type Envelope = envelope
