package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
)

// definition is the package definition, relative to the repository root.
const definition = "packaging/nfpm.yaml"

// job is one package to build.
type job struct {
	Root    string    // repository root
	Arch    string    // a target name (targets.go)
	Binary  string    // path of the ddns binary
	Version string    // empty: the changelog's
	Out     string    // output directory
	MTime   time.Time // zero: the changelog's date
}

// build writes Out/ddns_<Arch>.deb and returns its path. The file appears
// complete or not at all (written aside, then renamed).
func build(j job) (string, error) {
	gen, err := os.MkdirTemp("", "mkdeb-docs-")
	if err != nil {
		return "", fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(gen)
	info, err := loadInfo(j, gen)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(j.Out, 0o755); err != nil {
		return "", fmt.Errorf("create output directory: %w", err)
	}
	path := filepath.Join(j.Out, "ddns_"+j.Arch+".deb")
	tmp, err := os.CreateTemp(j.Out, ".mkdeb-*")
	if err != nil {
		return "", fmt.Errorf("create package file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename this fails harmlessly
	if err := deb.Default.Package(info, tmp); err != nil {
		tmp.Close()
		return "", fmt.Errorf("package %s: %w", j.Arch, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return "", fmt.Errorf("package %s: %w", j.Arch, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// loadInfo reads the definition with the job's values substituted and
// the documentation gzipped into gen, ready for the deb packager.
func loadInfo(j job, gen string) (*nfpm.Info, error) {
	tgt, ok := lookupTarget(j.Arch)
	if !ok {
		return nil, usageError{fmt.Sprintf("-arch %q: want one of %s", j.Arch, targetNames())}
	}
	if j.Binary == "" {
		return nil, usageError{"-binary: the ddns binary to package is required"}
	}
	if _, err := os.Stat(j.Binary); err != nil {
		return nil, usageError{fmt.Sprintf("-binary: %v", err)}
	}
	version, date, err := changelogTop(filepath.Join(j.Root, "packaging/changelog"))
	if err != nil {
		return nil, err
	}
	if j.Version != "" {
		version = j.Version
	}
	if j.MTime.IsZero() {
		j.MTime = date
	}
	if err := writeDocs(j.Root, gen); err != nil {
		return nil, err
	}
	vars := map[string]string{
		"DDNS_NFPM_ARCH": tgt.NFPM,
		"DDNS_CPU":       tgt.CPU,
		"DDNS_VERSION":   version,
		"DDNS_BINARY":    j.Binary,
		"DDNS_GEN":       gen,
	}
	cfg, err := nfpm.ParseFileWithEnvMapping(filepath.Join(j.Root, definition),
		func(k string) string { return vars[k] })
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", definition, err)
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", definition, err)
	}
	info.MTime = j.MTime
	if tgt.Preinst != "" {
		info.Scripts.PreInstall = tgt.Preinst
	}
	rebase(info, j.Root)
	if err := nfpm.Validate(info); err != nil {
		return nil, fmt.Errorf("%s: %w", definition, err)
	}
	return info, nil
}

// rebase makes the definition's relative paths (written relative to the
// repository root, as goreleaser reads them) independent of the current
// directory.
func rebase(info *nfpm.Info, root string) {
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	for _, c := range info.Contents {
		if c.Type != "symlink" && c.Type != "dir" {
			c.Source = abs(c.Source)
		}
	}
	s := &info.Scripts
	s.PreInstall, s.PostInstall = abs(s.PreInstall), abs(s.PostInstall)
	s.PreRemove, s.PostRemove = abs(s.PreRemove), abs(s.PostRemove)
}
