package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReproducible builds the same package twice, with the input files'
// own mtimes changed in between: the bytes must not change, because
// every timestamp comes from the job.
func TestReproducible(t *testing.T) {
	t.Parallel()
	bin := fakeBinary(t)
	j := job{Root: repoRoot, Arch: "armv7", Binary: bin, Version: "1.2.3",
		MTime: time.Unix(1700000000, 0).UTC()}
	var debs [2][]byte
	for i := range debs {
		if err := os.Chtimes(bin, time.Now(), time.Unix(int64(1e9*(i+1)), 0)); err != nil {
			t.Fatal(err)
		}
		j.Out = t.TempDir()
		path, err := build(j)
		if err != nil {
			t.Fatal(err)
		}
		if debs[i], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(debs[0], debs[1]) {
		t.Error("two builds of the same inputs differ")
	}
	j.MTime = j.MTime.Add(time.Second)
	j.Out = t.TempDir()
	path, err := build(j)
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := os.ReadFile(path); bytes.Equal(other, debs[0]) {
		t.Error("a different SOURCE_DATE_EPOCH gave the same bytes: the timestamp is not used")
	}
}

func TestRunRejects(t *testing.T) {
	t.Parallel()
	bin := fakeBinary(t)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // in stderr
	}{
		{name: "unknown arch", args: []string{"-arch", "armv5", "-binary", bin},
			want: `-arch "armv5": want one of amd64, arm64, armv6, armv7`},
		{name: "no binary", args: []string{"-arch", "arm64"},
			want: "-binary: the ddns binary to package is required"},
		{name: "missing binary", args: []string{"-arch", "arm64", "-binary", bin + ".gone"},
			want: "no such file"},
		{name: "bad epoch", args: []string{"-arch", "arm64", "-binary", bin},
			env: map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, want: `SOURCE_DATE_EPOCH="yesterday"`},
		{name: "stray argument", args: []string{"-arch", "arm64", "extra"},
			want: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			args := append([]string{"-root", repoRoot, "-out", out}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := run(args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("left %d files in the output directory", len(entries))
			}
		})
	}
}

// TestChangelogTop reads the shipped changelog: its top entry gives the
// default version and SOURCE_DATE_EPOCH, so it must parse.
func TestChangelogTop(t *testing.T) {
	t.Parallel()
	version, date, err := changelogTop(filepath.Join(repoRoot, "packaging/changelog"))
	if err != nil {
		t.Fatal(err)
	}
	if version == "" || strings.ContainsAny(version, " ()") {
		t.Errorf("version %q", version)
	}
	if date.Year() < 2020 {
		t.Errorf("date %v", date)
	}
}

// TestGenDocs checks the -gen mode goreleaser's hook uses: gzip -9n
// output, the same bytes every time.
func TestGenDocs(t *testing.T) {
	t.Parallel()
	var gz [2][]byte
	for i := range gz {
		dir := t.TempDir()
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-root", repoRoot, "-gen", dir}, func(string) string { return "" },
			&stdout, &stderr); code != 0 {
			t.Fatalf("run -gen = %d: %s", code, stderr.String())
		}
		var err error
		if gz[i], err = os.ReadFile(filepath.Join(dir, "ddns.8.gz")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(gz[0], gz[1]) {
		t.Error("two -gen runs wrote different ddns.8.gz")
	}
	// gzip header: no name flag, zero mtime, "maximum compression" flag.
	if h := gz[0]; len(h) < 10 || h[3] != 0 || !bytes.Equal(h[4:8], []byte{0, 0, 0, 0}) || h[8] != 2 {
		t.Errorf("gzip header % x: want no name, zero mtime, XFL=2", gz[0][:10])
	}
}
