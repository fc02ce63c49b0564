package provider

// With returns a helper that also redacts secrets, for a provider whose
// settings hold several secrets in one value (a list of per-record tokens)
// that the service may quote back one at a time. h is unchanged.
func (h *HTTP) With(secrets ...string) *HTTP {
	all := append(append([]string(nil), h.red.secrets...), secrets...)
	return &HTTP{client: h.client, userAgent: h.userAgent, red: newRedactor(all)}
}
