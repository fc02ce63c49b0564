package textsafe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{name: "plain", in: "Passwords do not match", want: "Passwords do not match"},
		{name: "printable utf-8 kept", in: "café 日本", want: "café 日本"},
		{name: "esc sequence", in: "\x1b[31mred\x1b[0m", want: `\x1b[31mred\x1b[0m`},
		{name: "bel bs cr nul del", in: "a\a\b\r\x00\x7fz", want: `a\x07\x08\x0d\x00\x7fz`},
		{name: "tab and newline", in: "a\tb\nc", want: `a\x09b\x0ac`},
		{name: "c1 control", in: "a\u0085b\u009bc", want: `a\u0085b\u009bc`},
		{name: "bidi override", in: "abc\u202edef", want: `abc\u202edef`},
		{name: "line separator", in: "a\u2028b", want: `a\u2028b`},
		{name: "invalid utf-8", in: "a\xffb\xc3", want: `a\xffb\xc3`},
		{name: "astral format char", in: "a\U000E0001b", want: `a\U000e0001b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Escape(tc.in)
			if got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Escape(got); again != got {
				t.Errorf("Escape is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		max            int
	}{
		{name: "folds white space", in: "a\n  b\tc\r\n", max: 200, want: "a b c"},
		{name: "lone cr folds", in: "ok\rfake line", max: 200, want: "ok fake line"},
		{name: "escapes controls", in: "x\x1b]0;title\ay", max: 200, want: `x\x1b]0;title\x07y`},
		{name: "capped", in: strings.Repeat("x", 250), max: 200, want: strings.Repeat("x", 200) + "..."},
		{name: "never splits a rune", in: strings.Repeat("x", 199) + "€€", max: 200, want: strings.Repeat("x", 199) + "..."},
		{name: "never splits an escape", in: strings.Repeat("x", 198) + "\x1b", max: 200, want: strings.Repeat("x", 198) + "..."},
		{name: "exact fit", in: strings.Repeat("x", 196) + "\x1b", max: 200, want: strings.Repeat("x", 196) + `\x1b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := OneLine(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("OneLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if len(strings.TrimSuffix(got, "...")) > tc.max {
				t.Errorf("OneLine result is %d bytes, over %d", len(got), tc.max)
			}
		})
	}
}

func TestShortenRuneSafe(t *testing.T) {
	t.Parallel()
	for _, in := range []string{strings.Repeat("é", 40), "ab" + strings.Repeat("日", 30), "short"} {
		got := Shorten(in, 63)
		if !utf8.ValidString(got) || len(got) > 66 || !strings.HasPrefix(in, strings.TrimSuffix(got, "...")) {
			t.Errorf("Shorten(%q, 63) = %q", in, got)
		}
	}
	if got := Shorten("short", 63); got != "short" {
		t.Errorf("Shorten changed a short text: %q", got)
	}
}

// FuzzOneLine: whatever comes in, what goes out is valid UTF-8, printable,
// one line and bounded.
func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "a\u202eb", "\xff\xfe", strings.Repeat("€", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := OneLine(s, 64)
		if !utf8.ValidString(got) || len(got) > 64+3 {
			t.Fatalf("OneLine(%q) = %q", s, got)
		}
		for _, r := range got {
			if !unicode.IsPrint(r) {
				t.Fatalf("OneLine(%q) = %q keeps non-printable %U", s, got, r)
			}
		}
	})
}
