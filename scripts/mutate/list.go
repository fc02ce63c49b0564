package main

import (
	"fmt"
	"strings"
)

// mutant is one deliberate bug: in File, the single occurrence of Find is
// replaced by Repl, and the tests of Tests (go package patterns) must fail.
type mutant struct {
	Name  string
	File  string
	Find  string
	Repl  string
	Tests []string
	Why   string // what the bug would break; printed when it survives
}

// parse reads the list format (see mutants.txt): blocks that start with
// "[name]", then "key: value" lines (file, find, repl, test, why), where a
// value is the rest of the line after "key: " taken verbatim. "test"
// defaults to the package of file.
func parse(text string) ([]mutant, error) {
	var out []mutant
	var cur *mutant
	names := map[string]bool{}
	for n, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]"):
			name := strings.TrimSpace(trimmed[1 : len(trimmed)-1])
			if names[name] {
				return nil, fmt.Errorf("line %d: mutant %q listed twice", n+1, name)
			}
			names[name] = true
			out = append(out, mutant{Name: name})
			cur = &out[len(out)-1]
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || cur == nil {
			return nil, fmt.Errorf("line %d: want [name] or key: value", n+1)
		}
		val = strings.TrimPrefix(val, " ")
		switch strings.TrimSpace(key) {
		case "file":
			cur.File = val
		case "find":
			cur.Find = val
		case "repl":
			cur.Repl = val
		case "test":
			cur.Tests = strings.Fields(val)
		case "why":
			cur.Why = val
		default:
			return nil, fmt.Errorf("line %d: unknown key %q", n+1, key)
		}
	}
	for i := range out {
		m := &out[i]
		if m.File == "" || m.Find == "" {
			return nil, fmt.Errorf("mutant %q: file and find are required", m.Name)
		}
		if m.Find == m.Repl {
			return nil, fmt.Errorf("mutant %q: repl equals find", m.Name)
		}
		if len(m.Tests) == 0 {
			dir := m.File[:max(strings.LastIndex(m.File, "/"), 0)]
			m.Tests = []string{"./" + dir}
		}
	}
	return out, nil
}
