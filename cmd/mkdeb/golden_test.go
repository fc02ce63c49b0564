package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Refresh the golden files after an intended change of the packages:
//
//	go test ./cmd/mkdeb -run TestGolden -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the packages built now")

// repoRoot is the repository root seen from this package's directory,
// where `go test` runs.
const repoRoot = "../.."

// fakeBinary writes a tiny stand-in for the ddns binary: the package
// metadata under test must not depend on what the binary contains.
func fakeBinary(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ddns")
	if err := os.WriteFile(p, []byte("#!/bin/sh\necho ddns\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGolden builds every package through run (flags included) and
// compares what dpkg-deb reports - control fields, conffiles, maintainer
// scripts, and every path with its mode and owner - with testdata.
func TestGolden(t *testing.T) {
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Fatal("dpkg-deb is needed (apt-get install dpkg)")
	}
	bin := fakeBinary(t)
	for _, tgt := range targets {
		arch := tgt.Name
		t.Run(arch, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			args := []string{"-arch", arch, "-binary", bin, "-version", "1.2.3",
				"-root", repoRoot, "-out", out}
			env := func(k string) string {
				return map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}[k]
			}
			if code := run(args, env, &stdout, &stderr); code != 0 {
				t.Fatalf("run = %d, stderr: %s", code, stderr.String())
			}
			deb := filepath.Join(out, "ddns_"+arch+".deb")
			if got := strings.TrimSpace(stdout.String()); got != filepath.ToSlash(deb) {
				t.Errorf("printed %q, want the package path %q", got, deb)
			}
			got := describe(t, deb)
			golden := filepath.Join("testdata", "ddns_"+arch+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (if intended, rerun with -update):\n%s",
					deb, golden, lineDiff(string(want), got))
			}
		})
	}
}

// Parts of dpkg-deb's output that change with sizes and dates rather than
// with what the package contains.
var (
	sizeLine    = regexp.MustCompile(`size \d+ bytes: control archive=\d+ bytes`)
	memberLine  = regexp.MustCompile(`^\s+\d+ bytes,\s+\d+ lines(\s+\*)?\s+(\S+)\s*(.*)$`)
	instSize    = regexp.MustCompile(`(?m)^ Installed-Size: \d+$`)
	listingLine = regexp.MustCompile(`^(\S+) (\S+)\s+\d+ \d{4}-\d\d-\d\d \d\d:\d\d (.*)$`)
)

// describe returns dpkg-deb -I, the conffiles and dpkg-deb -c of a
// package, normalised.
func describe(t *testing.T, deb string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# dpkg-deb -I\n")
	for _, l := range lines(t, "dpkg-deb", "-I", deb) {
		l = sizeLine.ReplaceAllString(l, "size * bytes: control archive=* bytes")
		if m := memberLine.FindStringSubmatch(l); m != nil {
			l = "member " + m[2]
			if m[1] != "" {
				l += " (executable)"
			}
			if m[3] != "" {
				l += " " + m[3]
			}
		}
		l = instSize.ReplaceAllString(l, " Installed-Size: *")
		b.WriteString(l + "\n")
	}
	b.WriteString("# conffiles\n")
	for _, l := range lines(t, "dpkg-deb", "-I", deb, "conffiles") {
		b.WriteString(l + "\n")
	}
	b.WriteString("# dpkg-deb -c (mode owner path)\n")
	for _, l := range lines(t, "dpkg-deb", "-c", deb) {
		if m := listingLine.FindStringSubmatch(l); m != nil {
			l = m[1] + " " + m[2] + " " + m[3]
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

func lines(t *testing.T, name string, args ...string) []string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	count := func(s string) map[string]int {
		m := make(map[string]int)
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := count(want), count(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] < w[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if w[l] < g[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
