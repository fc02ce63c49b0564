// Command mutate applies a fixed list of hand-picked mutants (deliberate
// bugs) to a scratch copy of the ddns tree, one at a time, runs the tests
// of the packages that should catch each, and reports which the tests kill.
//
//	go run ./scripts/mutate [-list scripts/mutate/mutants.txt] [-run REGEXP] [-timeout 3m] [-v]
//
// The working tree is never modified. A mutant whose "find" text no longer
// occurs exactly once in its file is STALE, one that does not compile is
// NOBUILD: both fail the run like a survivor, so that the list follows the
// code. Exit status: 0 every mutant killed; 1 a mutant survived, is stale
// or does not build; 2 the harness could not run (or the unmutated tests
// fail).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	list := flag.String("list", "scripts/mutate/mutants.txt", "mutant list")
	only := flag.String("run", "", "only mutants whose name matches this regexp")
	timeout := flag.Duration("timeout", 3*time.Minute, "limit for one package test run")
	verbose := flag.Bool("v", false, "print the test output of survivors and failures")
	flag.Parse()
	code, err := run(*list, *only, *timeout, *verbose, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func run(listPath, only string, timeout time.Duration, verbose bool, out io.Writer) (int, error) {
	text, err := os.ReadFile(listPath)
	if err != nil {
		return 0, err
	}
	mutants, err := parse(string(text))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", listPath, err)
	}
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			return 0, fmt.Errorf("-run: %w", err)
		}
		mutants = filter(mutants, re)
	}
	scratch, err := os.MkdirTemp("", "ddns-mutate-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(scratch)
	if err := copyTree(".", scratch); err != nil {
		return 0, fmt.Errorf("copy the tree: %w", err)
	}
	start := time.Now()
	if res := goTest(scratch, packages(mutants), timeout); res.err != nil {
		fmt.Fprint(out, res.output)
		return 0, errors.New("the unmutated tests fail; fix them first")
	}
	fmt.Fprintf(out, "baseline passes (%s); %d mutants\n\n", time.Since(start).Round(time.Second), len(mutants))
	var tally = map[status]int{}
	for i, m := range mutants {
		r := apply(scratch, m, timeout)
		tally[r.status]++
		fmt.Fprintf(out, "%2d/%d %-8s %-44s %5s  %s\n", i+1, len(mutants), r.status, m.Name,
			r.took.Round(100*time.Millisecond), r.detail)
		if verbose && r.status != killed && r.output != "" {
			fmt.Fprintln(out, indent(r.output))
		}
	}
	fmt.Fprintf(out, "\nscore: %d/%d killed (%d survived, %d stale, %d do not build) in %s\n",
		tally[killed], len(mutants), tally[survived], tally[stale], tally[nobuild],
		time.Since(start).Round(time.Second))
	if tally[killed] != len(mutants) {
		return 1, nil
	}
	return 0, nil
}

func filter(ms []mutant, re *regexp.Regexp) []mutant {
	var out []mutant
	for _, m := range ms {
		if re.MatchString(m.Name) {
			out = append(out, m)
		}
	}
	return out
}

// packages is every package any mutant names, for the baseline run.
func packages(ms []mutant) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for _, p := range m.Tests {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

type status string

const (
	killed   status = "killed"
	survived status = "SURVIVED"
	stale    status = "STALE"
	nobuild  status = "NOBUILD"
)

type result struct {
	status status
	detail string // the first failing test, or why the mutant is stale
	output string
	took   time.Duration
}

// apply mutates one file in the scratch tree, tests, and restores it.
func apply(root string, m mutant, timeout time.Duration) result {
	path := filepath.Join(root, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		return result{status: stale, detail: err.Error()}
	}
	if n := bytes.Count(orig, []byte(m.Find)); n != 1 {
		return result{status: stale, detail: fmt.Sprintf("%q occurs %d times in %s, want once", m.Find, n, m.File)}
	}
	mutated := bytes.Replace(orig, []byte(m.Find), []byte(m.Repl), 1)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return result{status: stale, detail: err.Error()}
	}
	defer os.WriteFile(path, orig, 0o644)
	start := time.Now()
	res := goTest(root, m.Tests, timeout)
	r := result{took: time.Since(start), output: res.output}
	switch {
	case res.err == nil:
		r.status, r.detail = survived, m.Why
	case res.buildFailed:
		r.status, r.detail = nobuild, firstLine(res.output)
	default:
		r.status, r.detail = killed, firstFailure(res.output)
	}
	return r
}

type testRun struct {
	err         error
	buildFailed bool
	output      string
}

func goTest(root string, pkgs []string, timeout time.Duration) testRun {
	ctx, cancel := context.WithTimeout(context.Background(), timeout+30*time.Second)
	defer cancel()
	args := append([]string{"test", "-count=1", "-timeout", timeout.String()}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	b, err := cmd.CombinedOutput()
	out := string(b)
	return testRun{err: err, output: out,
		buildFailed: strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]")}
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

func firstFailure(out string) string {
	if m := failLine.FindStringSubmatch(out); m != nil {
		return "by " + m[1]
	}
	if strings.Contains(out, "panic: test timed out") {
		return "by the test timeout"
	}
	return firstLine(out)
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
