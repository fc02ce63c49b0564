package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerated fails when a committed file's generated part (the
// goreleaser targets and nfpms entry, the units' common settings) is not
// what its source gives: edit the source, then `go generate ./cmd/mkdeb`.
func TestGenerated(t *testing.T) {
	t.Parallel()
	for _, name := range generatedFiles {
		want, err := regenerate(repoRoot, name)
		if err != nil {
			t.Fatal(err)
		}
		have, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, want) {
			t.Errorf("%s is out of date with its sources; run go generate ./cmd/mkdeb:\n%s",
				name, lineDiff(string(have), string(want)))
		}
		if !bytes.Contains(have, []byte("# >>> from ")) {
			t.Errorf("%s has no generated part", name)
		}
	}
}

// TestGenerateRewrites edits a copy of the sources and checks that
// -generate carries the edit into every file that holds it.
func TestGenerateRewrites(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, name := range append([]string{definition, srcServiceCommon}, generatedFiles...) {
		raw, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) {
		p := filepath.Join(root, name)
		raw, _ := os.ReadFile(p)
		if !bytes.Contains(raw, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(p, bytes.Replace(raw, []byte(old), []byte(new), 1), 0o644)
	}
	edit(srcServiceCommon, "ProtectClock=yes\n", "ProtectClock=yes\nMarkerSetting=yes\n")
	edit(definition, "section: net", "section: admin")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-root", root, "-generate"}, func(string) string { return "" }, &stdout, &stderr); code != 0 {
		t.Fatalf("run -generate = %d: %s", code, stderr.String())
	}
	for _, name := range generatedFiles {
		if !strings.Contains(stdout.String(), "rewrote "+name) {
			t.Errorf("output %q does not name %s", stdout.String(), name)
		}
	}
	for name, want := range map[string]string{"packaging/ddns.service": "\nMarkerSetting=yes\n",
		"packaging/ddns@.service": "\nMarkerSetting=yes\n", ".goreleaser.yaml": "\n    section: admin\n"} {
		raw, _ := os.ReadFile(filepath.Join(root, name))
		if !strings.Contains(string(raw), want) {
			t.Errorf("%s lacks %q after -generate", name, want)
		}
	}
}

// TestTargetsList is the form scripts/build-packages.sh reads.
func TestTargetsList(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-targets"}, func(string) string { return "" }, &stdout, &stderr); code != 0 {
		t.Fatalf("run -targets = %d: %s", code, stderr.String())
	}
	want := "arm64 arm64 -\narmv7 arm 7\narmv6 arm 6\namd64 amd64 -\n"
	if stdout.String() != want {
		t.Errorf("-targets printed %q, want %q", stdout.String(), want)
	}
}
