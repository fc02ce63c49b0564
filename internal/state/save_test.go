package state

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// recorder stands between Save and the directory and logs each step.
type recorder struct {
	saveDir
	log *[]string
}

func (r recorder) createTemp() (tempFile, error) {
	f, err := r.saveDir.createTemp()
	if err != nil {
		return nil, err
	}
	*r.log = append(*r.log, "create "+filepath.Base(f.Name()))
	return recordedFile{f, r.log}, nil
}

func (r recorder) rename(from, to string) error {
	*r.log = append(*r.log, "rename "+from+" "+to)
	return r.saveDir.rename(from, to)
}

func (r recorder) sync() error {
	*r.log = append(*r.log, "sync dir")
	return r.saveDir.sync()
}

type recordedFile struct {
	tempFile
	log *[]string
}

func (f recordedFile) Write(b []byte) (int, error) {
	*f.log = append(*f.log, "write")
	return f.tempFile.Write(b)
}

func (f recordedFile) Sync() error {
	*f.log = append(*f.log, "sync")
	return f.tempFile.Sync()
}

func (f recordedFile) Close() error {
	*f.log = append(*f.log, "close")
	return f.tempFile.Close()
}

// TestSaveOrder: the state survives a power cut only
// if Save writes a temporary file, syncs and closes it, renames it over
// state.json and then syncs the directory, in that order. A Save without
// the fsync, or one that writes state.json in place, fails here.
func TestSaveOrder(t *testing.T) {
	t.Parallel()
	s := New(t.TempDir())
	var log []string
	s.wrap = func(d saveDir) saveDir { return recorder{d, &log} }
	if err := s.Save(sample()); err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 {
		t.Fatal("Save did nothing through its directory")
	}
	tmp := strings.TrimPrefix(log[0], "create ")
	if ok, _ := filepath.Match(tempPattern, tmp); !ok || tmp == FileName {
		t.Fatalf("Save first created %q, want a temporary file named like %s", tmp, tempPattern)
	}
	want := []string{"create " + tmp, "write", "sync", "close", "rename " + tmp + " " + FileName, "sync dir"}
	if !slices.Equal(log, want) {
		t.Errorf("Save did\n  %q\nwant\n  %q", log, want)
	}
}

// TestSaveNotInPlace checks from outside, without hooks, that Save never
// writes into the existing state.json: a second name for the old file
// keeps the old content, as it would after a power cut mid-write.
func TestSaveNotInPlace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	if err := s.Save(Empty()); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	peek := filepath.Join(dir, "peek")
	if err := os.Link(s.Path(), peek); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sample()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(peek); string(after) != string(before) {
		t.Errorf("Save wrote into the old file in place:\n%s", after)
	}
	if got, err := s.Load(); err != nil || len(got.Records) != 2 {
		t.Errorf("Load after Save = %d records, %v", len(got.Records), err)
	}
}
