package config

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// SystemdPitfalls lists the lines of an env file that ddns reads one way
// and systemd's EnvironmentFile= (which feeds the service) another: systemd
// drops "export NAME=..." lines as invalid names, and keeps a trailing
// "# comment" as part of an unquoted value. `ddns check` prints these so a
// file that works by hand also works under the timer. Values are never
// quoted back: a line may hold the password.
func SystemdPitfalls(r io.Reader) []string {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	sc.Split(scanLines)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		name, val, _ := strings.Cut(s, "=")
		if rest, ok := strings.CutPrefix(name, "export "); ok {
			out = append(out, fmt.Sprintf("line %d: systemd ignores lines starting with \"export\"; write %s=... without it",
				n, strings.TrimSpace(rest)))
			continue
		}
		if val != "" && val[0] != '\'' && val[0] != '"' && (strings.Contains(val, " #") || strings.Contains(val, "\t#")) {
			out = append(out, fmt.Sprintf("line %d: systemd keeps a trailing # comment as part of %s's value; move the comment to its own line",
				n, strings.TrimSpace(name)))
		}
	}
	return out
}
