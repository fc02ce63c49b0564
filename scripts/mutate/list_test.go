package main

import (
	"os"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	ms, err := parse(`# comment
[a]
file: internal/x/y.go
find: if a || b {
repl:
why: it matters

[b]
file: cmd/ddns/wire.go
find: x: y
repl: z
test: ./cmd/ddns ./internal/...
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("got %d mutants", len(ms))
	}
	if a := ms[0]; a.Find != "if a || b {" || a.Repl != "" || strings.Join(a.Tests, " ") != "./internal/x" || a.Why != "it matters" {
		t.Errorf("a = %+v", a)
	}
	if b := ms[1]; b.Find != "x: y" || strings.Join(b.Tests, " ") != "./cmd/ddns ./internal/..." {
		t.Errorf("b = %+v", b)
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"duplicate":   "[a]\nfile: f\nfind: x\n[a]\nfile: f\nfind: y\n",
		"no find":     "[a]\nfile: f\n",
		"no-op":       "[a]\nfile: f\nfind: x\nrepl: x\n",
		"unknown key": "[a]\nfile: f\nfind: x\nfnid: y\n",
		"no block":    "file: f\n",
	} {
		if _, err := parse(text); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The shipped list must at least parse; whether each mutant still applies
// is the mutation run's own check (STALE), kept out of the unit tests so
// that a refactoring elsewhere does not fail them.
func TestShippedListParses(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("mutants.txt")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := parse(string(b))
	if err != nil || len(ms) < 30 {
		t.Errorf("mutants.txt: %d mutants, %v", len(ms), err)
	}
}
