package provider

// With returns a helper that also redacts secrets, for a provider whose
// settings hold several secrets in one value (a list of per-record tokens)
// that the service may quote back one at a time. h is unchanged.
func (h *HTTP) With(secrets ...string) *HTTP {
	r := newRedactor(secrets)
	r.patterns = append(r.patterns, h.red.patterns...)
	r.literals = append(r.literals, h.red.literals...)
	r.longest = max(r.longest, h.red.longest)
	return &HTTP{client: h.client, userAgent: h.userAgent, red: r}
}
