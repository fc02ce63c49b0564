package config

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxLine bounds one line of the env file; a longer one is an error rather
// than a silent truncation.
const maxLine = 64 << 10

// ParseEnvFile reads shell-style KEY=value lines, the format of
// /etc/default/ddns (which systemd's EnvironmentFile= may read too):
//
//	# comment
//	export DDNS_DOMAIN=example.com   # trailing comment
//	DDNS_HOSTS="home, www"
//	DDNS_API_PASSWORD='literal $ and \ and "'
//
// Single quotes are literal; double quotes understand \" \\ and \$ (any
// other backslash stays, as in the shell). Nothing is expanded: "$HOME"
// is five characters. An unquoted value may not contain spaces, quotes or
// backslashes, because the shell would read those differently from us.
// A later line for the same key wins. CR, LF and CRLF all end a line, as
// in systemd's EnvironmentFile= parser (its NEWLINE set is "\n\r"), so a
// file saved with old Mac line ends cannot join two lines into one value.
//
// Errors give the line number and, when the line has a valid name, the
// name, but never any part of the value: it may be the password.
func ParseEnvFile(r io.Reader) (map[string]string, error) {
	env := make(map[string]string)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	sc.Split(scanLines)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF") // editors on Windows
		}
		key, val, ok, err := parseLine(line)
		if err != nil {
			return nil, &Error{Var: fmt.Sprintf("line %d", n), Msg: err.Error()}
		}
		if ok {
			env[key] = val
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Var: fmt.Sprintf("line %d", n+1), Msg: err.Error()}
	}
	return env, nil
}

// parseLine returns ok=false for blank and comment lines.
func parseLine(line string) (key, val string, ok bool, err error) {
	s := strings.TrimSpace(line)
	if s == "" || s[0] == '#' {
		return "", "", false, nil
	}
	if rest, found := strings.CutPrefix(s, "export"); found && rest != "" && isBlank(rest[0]) {
		s = strings.TrimLeft(rest, " \t")
	}
	name, raw, found := strings.Cut(s, "=")
	if !found {
		return "", "", false, fmt.Errorf("expected KEY=value")
	}
	key = strings.TrimRight(name, " \t")
	if !validName(key) {
		// The text before "=" is not a name, so it may be anything the
		// user pasted: do not repeat it.
		return "", "", false, fmt.Errorf("invalid variable name before \"=\" (letters, digits and _ only)")
	}
	v := strings.TrimLeft(raw, " \t")
	if len(v) < len(raw) && strings.HasPrefix(v, "#") {
		return key, "", true, nil // "KEY= # note": empty value, then a comment
	}
	val, err = parseValue(v)
	if err != nil {
		return "", "", false, fmt.Errorf("%s: %w", key, err)
	}
	return key, val, true, nil
}

func parseValue(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	switch s[0] {
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", fmt.Errorf("missing closing single quote (values cannot span lines)")
		}
		return s[1 : 1+end], checkTail(s[2+end:])
	case '"':
		return parseDouble(s[1:])
	}
	return parseBare(s)
}

// parseDouble reads the inside of a double-quoted value up to the closing
// quote.
func parseDouble(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), checkTail(s[i+1:])
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`, s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("missing closing double quote (values cannot span lines)")
}

// parseBare reads an unquoted value, which ends at " #" or the line's end.
func parseBare(s string) (string, error) {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "\t#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, " \t")
	if strings.ContainsAny(s, " \t") {
		return "", fmt.Errorf("unquoted value contains a space; wrap the value in single quotes")
	}
	if strings.ContainsAny(s, `'"\`) {
		return "", fmt.Errorf("unquoted value contains a quote or backslash; wrap the whole value in single quotes")
	}
	return s, nil
}

// checkTail allows only blanks and a comment after a closing quote.
func checkTail(s string) error {
	t := strings.TrimLeft(s, " \t")
	if t == "" || (t[0] == '#' && len(t) < len(s)) {
		return nil
	}
	return fmt.Errorf("unexpected text after the closing quote (put a space before a # comment)")
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// validName reports whether s is a shell variable name.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// scanLines is bufio.ScanLines with a lone CR as a line end too; CRLF is
// one line end, so line numbers in errors match an editor's.
func scanLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	for i, c := range data {
		switch {
		case c == '\n':
			return i + 1, data[:i], nil
		case c != '\r':
		case i+1 < len(data) && data[i+1] == '\n':
			return i + 2, data[:i], nil
		case i+1 < len(data) || atEOF:
			return i + 1, data[:i], nil
		default:
			return 0, nil, nil // a CR at the end of the buffer: is an LF next?
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
