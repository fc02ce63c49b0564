package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/files"
	"go.yaml.in/yaml/v3"

	"github.com/ddns-pi/ddns/internal/config"
)

// goreleaserNFPM is the part of .goreleaser.yaml's nfpms entry that
// must repeat packaging/nfpm.yaml.
type goreleaserNFPM struct {
	Section, Priority, Maintainer, Homepage, License, Description string
	Bindir                                                        string
	Dependencies                                                  []string
	Contents                                                      files.Contents
	Scripts                                                       nfpm.Scripts
}

// TestGoreleaserAgrees is the quick, static half of the proof that the two
// package definitions agree (scripts/check-packages.sh compares real
// goreleaser packages): same metadata, same files with the same sources,
// types, modes and owners, same maintainer scripts.
func TestGoreleaserAgrees(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(repoRoot, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var gr struct{ Nfpms []goreleaserNFPM }
	if err := yaml.Unmarshal(raw, &gr); err != nil {
		t.Fatal(err)
	}
	if len(gr.Nfpms) != 1 {
		t.Fatalf(".goreleaser.yaml has %d nfpms entries, want 1", len(gr.Nfpms))
	}
	entry := gr.Nfpms[0]
	for _, tg := range targets {
		name := tg.Name
		// mkdeb's generated docs directory is goreleaser's build/gen.
		vars := map[string]string{"DDNS_GEN": "build/gen", "DDNS_BINARY": "BINARY",
			"DDNS_NFPM_ARCH": tg.NFPM, "DDNS_VERSION": "1.0.0", "DDNS_CPU": tg.CPU}
		ours, err := nfpm.ParseFileWithEnvMapping(filepath.Join(repoRoot, definition),
			func(k string) string { return vars[k] })
		if err != nil {
			t.Fatal(err)
		}
		if tg.Preinst != "" {
			ours.Scripts.PreInstall = tg.Preinst
		}
		g := renderGoreleaser(t, entry, goreleaserTargets[name])
		check := func(field, a, b string) {
			if a != b {
				t.Errorf("%s %s: nfpm.yaml %q, .goreleaser.yaml %q", name, field, a, b)
			}
		}
		check("section", ours.Section, g.Section)
		check("priority", ours.Priority, g.Priority)
		check("maintainer", ours.Maintainer, g.Maintainer)
		check("homepage", ours.Homepage, g.Homepage)
		check("license", ours.License, g.License)
		check("description", ours.Description, g.Description)
		check("depends", strings.Join(ours.Depends, ","), strings.Join(g.Dependencies, ","))
		check("scripts", fmt.Sprint(ours.Scripts), fmt.Sprint(g.Scripts))
		if name != "arm64" {
			continue // the contents are the same for every target
		}
		// goreleaser adds the binary itself, as bindir/ddns with mode 0755.
		want := describeContents(ours.Contents)
		got := describeContents(append(g.Contents, &files.Content{Source: "BINARY",
			Destination: filepath.Join(g.Bindir, "ddns"), FileInfo: &files.ContentFileInfo{
				Mode: 0o755, Owner: "root", Group: "root"}}))
		if d := lineDiff(want, got); d != "" {
			t.Errorf("contents differ (- nfpm.yaml, + .goreleaser.yaml):\n%s", d)
		}
	}
}

// goreleaserTargets are the template fields goreleaser sets for each of
// our targets (its .Arch is GOARCH, .Arm is GOARM).
var goreleaserTargets = map[string]map[string]string{
	"arm64": {"Arch": "arm64", "Arm": ""},
	"armv7": {"Arch": "arm", "Arm": "7"},
	"armv6": {"Arch": "arm", "Arm": "6"},
	"amd64": {"Arch": "amd64", "Arm": ""},
}

// renderGoreleaser applies goreleaser's templates in the fields that
// differ by target (the description and the preinst) the way goreleaser
// does, with Go's text/template.
func renderGoreleaser(t *testing.T, g goreleaserNFPM, fields map[string]string) goreleaserNFPM {
	t.Helper()
	render := func(s string) string {
		tp, err := template.New("").Option("missingkey=error").Parse(s)
		if err != nil {
			t.Fatalf(".goreleaser.yaml template %q: %v", s, err)
		}
		var b strings.Builder
		if err := tp.Execute(&b, fields); err != nil {
			t.Fatalf(".goreleaser.yaml template %q: %v", s, err)
		}
		return b.String()
	}
	g.Description = render(g.Description)
	g.Scripts.PreInstall = render(g.Scripts.PreInstall)
	return g
}

// describeContents lists the entries one per line, sorted by destination.
func describeContents(cs files.Contents) string {
	var lines []string
	for _, c := range cs {
		fi := c.FileInfo
		if fi == nil {
			fi = &files.ContentFileInfo{}
		}
		lines = append(lines, fmt.Sprintf("%s <- %s type=%q mode=%o %s:%s",
			c.Destination, c.Source, c.Type, fi.Mode, fi.Owner, fi.Group))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestTemplateDocumentsEverySetting keeps /etc/default/ddns complete: each
// variable ddns reads appears there, commented out, so a fresh install
// sets nothing and `ddns check` says what is missing.
func TestTemplateDocumentsEverySetting(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(repoRoot, "packaging/ddns.default"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, v := range config.Vars(&config.Config{}) {
		if !strings.Contains(text, "\n#"+v.Name+"=") {
			t.Errorf("packaging/ddns.default has no commented-out %s= line", v.Name)
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
			t.Errorf("line %d is not commented out: %q", i+1, line)
		}
	}
}
