package provider

import (
	"strings"
	"testing"
)

func TestWithRedactsBoth(t *testing.T) {
	t.Parallel()
	h := NewHTTP(nil, "ua", "first-secret")
	w := h.With("second-secret")
	got := w.Quote("first-secret and second%2Dsecret and second-secret")
	if strings.Contains(got, "first-secret") || strings.Contains(got, "second") {
		t.Errorf("Quote = %q, want both secrets redacted", got)
	}
	if h.Quote("second-secret") != "second-secret" {
		t.Error("With changed the original helper")
	}
}
