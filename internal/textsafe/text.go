// Package textsafe makes text that came from outside (a service's answer, a
// URL from the settings or a Location header) fit to print in a log line, a
// terminal or the state file: one line, bounded, control characters escaped,
// URLs without query or user information. It also holds the loopback rule
// that decides where plain http is allowed. It imports only the standard
// library, so config, ipdetect and the providers can all share it.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every non-printable character written as a Go
// escape: an invalid UTF-8 byte and an ASCII control as \xNN (ESC is \x1b,
// DEL \x7f), any other non-printable rune (C1 controls, format characters
// such as the bidi override U+202E, line separators) as \uNNNN or
// \UNNNNNNNN. Printable text, é and 日本 included, and the ASCII space are
// kept as they are, so a terminal never receives a control sequence and
// Escape(Escape(s)) == Escape(s).
func Escape(s string) string {
	if isPrintable(s) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		b.WriteString(escapeAt(s, i, &w))
	}
	return b.String()
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// escapeAt returns the rune at s[i] as Escape writes it and sets *w to its
// width in s.
func escapeAt(s string, i int, w *int) string {
	r, size := utf8.DecodeRuneInString(s[i:])
	*w = size
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf(`\x%02x`, s[i])
	case unicode.IsPrint(r):
		return s[i : i+size]
	case r < utf8.RuneSelf:
		return fmt.Sprintf(`\x%02x`, r)
	case r <= 0xFFFF:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}

// OneLine makes s fit for one log line: runs of white space (newlines, CR,
// tabs, U+2028 and the like) become one space, every other non-printable
// character is escaped as by Escape, and the result is cut to at most max
// bytes plus "..." on a character boundary (never inside a UTF-8 sequence
// or an escape).
func OneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		piece := escapeAt(s, i, &w)
		if b.Len()+len(piece) > max {
			return b.String() + "..."
		}
		b.WriteString(piece)
	}
	return b.String()
}

// Shorten cuts s to at most max bytes plus "..." without splitting a UTF-8
// character. It does not escape: use it where the result is printed with
// %q, which does.
func Shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
