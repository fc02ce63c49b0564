package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// docs are the files gzipped for the package: source under the root,
// name in the generated directory. Debian wants both compressed with
// gzip -9n (no name, no timestamp), which is what gzipBytes does.
var docs = []struct{ src, name string }{
	{"packaging/ddns.8", "ddns.8.gz"},
	{"packaging/changelog", "changelog.gz"},
}

// writeDocs writes the gzipped documentation into dir.
func writeDocs(root, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	for _, d := range docs {
		raw, err := os.ReadFile(filepath.Join(root, d.src))
		if err != nil {
			return fmt.Errorf("read documentation: %w", err)
		}
		gz, err := gzipBytes(raw)
		if err != nil {
			return fmt.Errorf("compress %s: %w", d.src, err)
		}
		if err := os.WriteFile(filepath.Join(dir, d.name), gz, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", d.name, err)
		}
	}
	return nil
}

// gzipBytes compresses like `gzip -9n`: the zero header (no name, no
// mtime) makes the output depend on the input only, and level 9 sets the
// "maximum compression" flag lintian looks for.
func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Debian changelog lines: "ddns (0.1.0) unstable; urgency=medium" and
// " -- Name <mail>  Sun, 22 Nov 2026 00:00:00 +0000".
var (
	headerLine  = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]* \(([^)]+)\) `)
	trailerLine = regexp.MustCompile(`^ -- .+>  (.+)$`)
)

// changelogTop returns the version and date of the newest entry of a
// Debian changelog, the defaults for the package version and timestamps
// (dpkg-buildpackage derives SOURCE_DATE_EPOCH the same way).
func changelogTop(path string) (version string, date time.Time, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("read changelog: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := headerLine.FindStringSubmatch(line); m != nil && version == "" {
			version = m[1]
		}
		if m := trailerLine.FindStringSubmatch(line); m != nil && version != "" {
			date, err = time.Parse(time.RFC1123Z, strings.TrimSpace(m[1]))
			if err != nil {
				return "", time.Time{}, fmt.Errorf("%s: entry date: %w", path, err)
			}
			return version, date.UTC(), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", time.Time{}, fmt.Errorf("read changelog: %w", err)
	}
	return "", time.Time{}, fmt.Errorf("%s: no complete entry (header and \" -- \" line)", path)
}

// sourceDateEpoch parses $SOURCE_DATE_EPOCH; empty gives the zero time,
// meaning "use the changelog's date".
func sourceDateEpoch(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970 (e.g. git log -1 --format=%%ct)", s)
	}
	return time.Unix(n, 0).UTC(), nil
}
