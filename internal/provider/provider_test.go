package provider

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{name: "folds whitespace", in: "a\n  b\tc\r\n", want: "a b c"},
		{name: "short stays", in: "Passwords do not match", want: "Passwords do not match"},
		{name: "long is capped", in: strings.Repeat("x", 250), want: strings.Repeat("x", 200) + "..."},
		// 199 ASCII bytes then a 3-byte rune straddling the 200-byte cap.
		{name: "never splits a rune", in: strings.Repeat("x", 199) + "€€", want: strings.Repeat("x", 199) + "..."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := OneLine(tc.in)
			if got != tc.want || !utf8.ValidString(got) {
				t.Errorf("OneLine = %q (valid UTF-8: %v), want %q", got, utf8.ValidString(got), tc.want)
			}
		})
	}
}
