package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goreleaser/nfpm/v2"
	"go.yaml.in/yaml/v3"
)

// Some committed files hold parts generated from one source, so that what
// the package is made of is written once:
//
//   - .goreleaser.yaml's build targets come from the targets table, and its
//     nfpms entry from packaging/nfpm.yaml;
//   - the [Service] settings ddns.service and ddns@.service share (the
//     sandbox) come from packaging/service-common.in.
//
// A generated part sits between a "# >>> from SOURCE" and a "# <<< from
// SOURCE" line, indented like them. `go generate ./cmd/mkdeb` (mkdeb
// -generate) rewrites them; TestGenerated fails when a committed file
// differs from what generation gives.
//
//go:generate go run . -root ../.. -generate

// generatedFiles are the files with generated parts, relative to the root.
var generatedFiles = []string{".goreleaser.yaml", "packaging/ddns.service", "packaging/ddns@.service"}

// Where each source's text comes from. The source names are what the
// markers say.
const (
	srcTargets       = "cmd/mkdeb/targets.go"
	srcNFPM          = definition
	srcServiceCommon = "packaging/service-common.in"
)

var markerLine = regexp.MustCompile(`^([ \t]*)# (>>>|<<<) from (\S+)$`)

// regenerate returns the file's content with every generated part
// replaced by what its source gives now.
func regenerate(root, name string) ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(raw), "\n")
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		m := markerLine.FindStringSubmatch(strings.TrimRight(lines[i], "\n"))
		if m == nil {
			continue
		}
		if m[2] != ">>>" {
			return nil, fmt.Errorf("%s:%d: %q without its \">>> from\" line", name, i+1, m[0])
		}
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != "# <<< from "+m[3] {
			end++
		}
		if end == len(lines) {
			return nil, fmt.Errorf("%s:%d: no \"# <<< from %s\" line", name, i+1, m[3])
		}
		text, err := generatePart(root, m[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		out.WriteString(indent(text, m[1]))
		out.WriteString(lines[end])
		i = end
	}
	return []byte(out.String()), nil
}

// writeGenerated rewrites the files whose generated parts are out of date
// and returns their names.
func writeGenerated(root string) ([]string, error) {
	var changed []string
	for _, name := range generatedFiles {
		want, err := regenerate(root, name)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(root, name)
		have, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if bytes.Equal(have, want) {
			continue
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			return nil, err
		}
		changed = append(changed, name)
	}
	return changed, nil
}

func generatePart(root, source string) (string, error) {
	switch source {
	case srcTargets:
		names := make([]string, 0, len(targets))
		for _, t := range targets {
			names = append(names, t.goreleaserTarget())
		}
		return "targets: [" + strings.Join(names, ", ") + "]\n", nil
	case srcNFPM:
		return goreleaserNFPMs(root)
	case srcServiceCommon:
		raw, err := os.ReadFile(filepath.Join(root, source))
		return string(raw), err
	}
	return "", fmt.Errorf("unknown source %q", source)
}

func indent(text, prefix string) string {
	if prefix == "" {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// binaryMark stands for ${DDNS_BINARY} while the definition is read for
// goreleaser, which adds the binary itself (as bindir/ddns).
const binaryMark = "\x00binary"

// cpuMark stands for ${DDNS_CPU}, the per-target paragraph, which
// goreleaser gets as a template choosing by .Arch and .Arm.
const cpuMark = "\x00cpu"

// goreleaserNFPMs renders packaging/nfpm.yaml as .goreleaser.yaml's nfpms
// list. The gzipped docs come from goreleaser's before-hook (mkdeb -gen
// build/gen), the binary from its build.
func goreleaserNFPMs(root string) (string, error) {
	vars := map[string]string{"DDNS_GEN": "build/gen", "DDNS_BINARY": binaryMark,
		"DDNS_NFPM_ARCH": "all", "DDNS_VERSION": "0", "DDNS_CPU": cpuMark}
	cfg, err := nfpm.ParseFileWithEnvMapping(filepath.Join(root, definition),
		func(k string) string { return vars[k] })
	if err != nil {
		return "", fmt.Errorf("read %s: %w", definition, err)
	}
	if err := unrendered(&cfg); err != nil {
		return "", err
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("- id: %s\n", cfg.Name)
	w("  package_name: %s\n", scalar(cfg.Name))
	w("  # ddns_arm64.deb, ddns_armv7.deb, ddns_armv6.deb, ddns_amd64.deb: nfpm\n")
	w("  # calls both 32-bit ARM builds armhf, so the name carries the version.\n")
	w("  file_name_template: >-\n")
	w("    ddns_{{ if eq .Arch \"arm\" }}armv{{ .Arm }}{{ else }}{{ .Arch }}{{ end }}\n")
	w("  formats: [deb]\n")
	bindir := ""
	for _, c := range cfg.Contents {
		if c.Source == binaryMark {
			bindir = filepath.Dir(c.Destination)
		}
	}
	if bindir == "" {
		return "", fmt.Errorf("%s: no entry with src ${DDNS_BINARY}", definition)
	}
	w("  bindir: %s\n", bindir)
	w("  mtime: \"{{ .CommitDate }}\"\n")
	for _, f := range [][2]string{{"section", cfg.Section}, {"priority", cfg.Priority},
		{"maintainer", cfg.Maintainer}, {"homepage", cfg.Homepage}, {"license", cfg.License}} {
		if f[1] != "" {
			w("  %s: %s\n", f[0], scalar(f[1]))
		}
	}
	w("  description: |-\n%s\n", indent(strings.Replace(cfg.Description, cpuMark, cpuTemplate(), 1), "    "))
	if len(cfg.Depends) > 0 {
		w("  dependencies:\n")
		for _, d := range cfg.Depends {
			w("    - %s\n", scalar(d))
		}
	}
	if cfg.Deb.Compression != "" {
		w("  deb:\n    compression: %s\n", scalar(cfg.Deb.Compression))
	}
	w("  contents:\n")
	for _, c := range cfg.Contents {
		if c.Source == binaryMark {
			continue
		}
		w("    - src: %s\n      dst: %s\n", scalar(c.Source), scalar(c.Destination))
		if c.Type != "" {
			w("      type: %s\n", c.Type)
		}
		if fi := c.FileInfo; fi != nil {
			w("      file_info: {mode: 0%o, owner: %s, group: %s}\n", fi.Mode, fi.Owner, fi.Group)
		}
	}
	s := cfg.Scripts
	if s.PreInstall != "" {
		return "", fmt.Errorf("%s sets a preinstall for every target; give it per target in cmd/mkdeb/targets.go", definition)
	}
	s.PreInstall = preinstTemplate()
	w("  scripts:\n")
	for _, f := range [][2]string{{"preinstall", s.PreInstall}, {"postinstall", s.PostInstall},
		{"preremove", s.PreRemove}, {"postremove", s.PostRemove}} {
		if f[1] != "" {
			w("    %s: %s\n", f[0], scalar(f[1]))
		}
	}
	return b.String(), nil
}

// goreleaserCond is the template condition that selects t.
func (t target) goreleaserCond() string {
	if t.GOARM != "" {
		return fmt.Sprintf("and (eq .Arch %q) (eq .Arm %q)", t.GOARCH, t.GOARM)
	}
	return fmt.Sprintf("eq .Arch %q", t.GOARCH)
}

// cpuTemplate chooses each target's CPU paragraph.
func cpuTemplate() string {
	var b strings.Builder
	for i, t := range targets {
		word := "{{- else if "
		if i == 0 {
			word = "{{ if "
		}
		fmt.Fprintf(&b, "%s%s }}%s\n", word, t.goreleaserCond(), t.CPU)
	}
	b.WriteString("{{- end }}")
	return b.String()
}

// preinstTemplate names the preinst of the targets that have one.
func preinstTemplate() string {
	var b strings.Builder
	for _, t := range targets {
		if t.Preinst != "" {
			fmt.Fprintf(&b, "{{ if %s }}%s{{ end }}", t.goreleaserCond(), t.Preinst)
		}
	}
	return b.String()
}

// unrendered refuses a definition using fields goreleaserNFPMs does not
// carry over yet, rather than silently making a different package.
func unrendered(cfg *nfpm.Config) error {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"recommends", len(cfg.Recommends) > 0}, {"suggests", len(cfg.Suggests) > 0},
		{"conflicts", len(cfg.Conflicts) > 0}, {"replaces", len(cfg.Replaces) > 0},
		{"provides", len(cfg.Provides) > 0}, {"deb.breaks", len(cfg.Deb.Breaks) > 0},
		{"deb.fields", len(cfg.Deb.Fields) > 0}, {"overrides", len(cfg.Overrides) > 0},
	} {
		if f.set {
			return fmt.Errorf("%s sets %s, which mkdeb's generator does not render for .goreleaser.yaml yet (cmd/mkdeb/generate.go)", definition, f.name)
		}
	}
	return nil
}

// scalar writes s as a YAML scalar, quoted only when YAML needs it.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}
