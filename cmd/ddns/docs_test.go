package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/all"
	"github.com/ddns-pi/ddns/internal/provider/providertest/example"
)

var update = flag.Bool("update", false, "rewrite the generated parts of README.md and ddns(8)")

// docs are the documents that describe settings and providers. The ones
// with generated blocks are checked block by block; all of them must name
// only real settings.
var docs = []struct {
	path   string
	blocks func(*app) []docBlock
}{
	{path: "../../README.md", blocks: (*app).readmeBlocks},
	{path: "../../packaging/ddns.8", blocks: (*app).manBlocks},
	{path: "../../packaging/ddns.default"},
}

func testApp(registry []provider.Factory) (*app, *bytes.Buffer) {
	var out bytes.Buffer
	return &app{registry: registry, env: config.OSEnvironment{}, stdout: &out, stderr: &out}, &out
}

// TestDocs fails when a generated block of README.md or ddns(8) is not
// what the registry says (a provider or setting added, renamed or gone).
func TestDocs(t *testing.T) {
	a, _ := testApp(all.Factories())
	for _, d := range docs {
		if d.blocks == nil {
			continue
		}
		b, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, blk := range d.blocks(a) {
			got, ok := replaceBlock(text, blk)
			if !ok {
				t.Errorf("%s: no block between %q and %q", d.path, blk.begin, blk.end)
				continue
			}
			if got != text && !*update {
				t.Errorf("%s: generated block %q is stale; run go test ./cmd/ddns -run TestDocs -update", d.path, blk.name)
			}
			text = got
		}
		if *update {
			if err := os.WriteFile(d.path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// replaceBlock puts blk's text between its markers in doc.
func replaceBlock(doc string, blk docBlock) (string, bool) {
	i := strings.Index(doc, blk.begin)
	j := strings.Index(doc, blk.end)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(blk.begin)] + blk.text + doc[j:], true
}

var settingName = regexp.MustCompile(`DDNS_[A-Z0-9_]*[A-Z0-9]`)

// TestDocsNameOnlyRealSettings fails when a document mentions a DDNS_*
// variable that ddns does not read, and when ddns.default, README.md or
// the man page leaves out a shared setting.
func TestDocsNameOnlyRealSettings(t *testing.T) {
	a, _ := testApp(all.Factories())
	known := a.knownNames()
	for _, d := range docs {
		b, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range settingName.FindAllString(string(b), -1) {
			if !slices.Contains(known, name) {
				t.Errorf("%s mentions %s, which is not a ddns setting", d.path, name)
			}
		}
		for _, v := range sharedVars() {
			if !bytes.Contains(b, []byte(v.Name)) {
				t.Errorf("%s does not mention %s", d.path, v.Name)
			}
		}
	}
}

// TestThrowawayProvider adds a provider that lives in its own test-only
// folder and shows that everything registry-derived picks it up with no
// other file touched.
func TestThrowawayProvider(t *testing.T) {
	a, out := testApp(append(all.Factories(), example.Factory))
	if err := a.cmdProviders(nil); err != nil || !strings.Contains(out.String(), "example ") {
		t.Errorf("ddns providers: %v\n%s", err, out)
	}
	out.Reset()
	if err := a.cmdProviders([]string{"example"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DDNS_EXAMPLE_ZONE_ID", "(required)", "DDNS_EXAMPLE_SECOND_KEY_FILE",
		"the first half of the API key pair", "https://dns.example.net/docs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ddns providers example lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "DDNS_USERNAME") {
		t.Errorf("ddns providers example lists DDNS_USERNAME, which it does not use:\n%s", out)
	}
	if !strings.Contains(a.helpText(), "example ") {
		t.Error("help does not list the provider")
	}
	s := settings{cfg: config.Config{Seen: []string{"DDNS_EXAMPLE_ZONE_ID", "DDNS_EXAMPLE_ZONE"}}, factory: example.Factory}
	errs, _ := a.checkNames(s)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "DDNS_EXAMPLE_ZONE: is not a ddns setting; did you mean DDNS_EXAMPLE_ZONE_ID?") {
		t.Errorf("unknown-name check = %v", errs)
	}
	base, _ := testApp(all.Factories())
	if errs, _ := base.checkNames(s); len(errs) != 2 {
		t.Errorf("without the provider, its settings should be unknown: %v", errs)
	}
	for _, blk := range append(a.readmeBlocks(), a.manBlocks()...) {
		if blk.name == "providers" && !strings.Contains(blk.text, "example") {
			t.Errorf("docs block %s lacks the provider:\n%s", blk.name, blk.text)
		}
	}
	readme, _ := os.ReadFile("../../README.md")
	if got, _ := replaceBlock(string(readme), a.readmeBlocks()[1]); got == string(readme) {
		t.Error("the docs check would not notice a provider missing from README.md")
	}
}

// TestProviderSettingsEndToEnd reads the throwaway provider's settings the
// way a run does: required, secret with _FILE, Validate, warnings.
func TestProviderSettingsEndToEnd(t *testing.T) {
	a, _ := testApp(append(all.Factories(), example.Factory))
	// Only this test's settings: the suite may run with DDNS_IT_* and the
	// like in its environment.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(strings.ToUpper(k), "DDNS_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	keyFile := t.TempDir() + "/key2"
	if err := os.WriteFile(keyFile, []byte("second-half-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DDNS_CONFIG", "/dev/null")
	t.Setenv("DDNS_PROVIDER", "example")
	t.Setenv("DDNS_DOMAIN", "example.com")
	t.Setenv("DDNS_HOSTS", "home")
	t.Setenv("DDNS_API_PASSWORD", "first-half-secret")
	t.Setenv("DDNS_USERNAME", "me")
	if _, err := a.loadSettings(context.Background()); err == nil || !strings.Contains(err.Error(), "DDNS_EXAMPLE_ZONE_ID: is not set") {
		t.Errorf("missing required provider setting: %v", err)
	}
	t.Setenv("DDNS_EXAMPLE_ZONE_ID", "bad")
	if _, err := a.loadSettings(context.Background()); exitCode(err) != exitConfig || !strings.Contains(err.Error(), `"bad" is not a zone id`) {
		t.Errorf("provider's Validate: exit %d, %v", exitCode(err), err)
	}
	t.Setenv("DDNS_EXAMPLE_ZONE_ID", "z1")
	t.Setenv("DDNS_EXAMPLE_SECOND_KEY_FILE", keyFile)
	s, err := a.loadSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := s.own.(*example.Settings).ExampleSecondKey.Reveal(); got != "second-half-secret" {
		t.Errorf("second key from file = %q", got)
	}
	if !slices.Contains(s.secrets(), "second-half-secret") || !slices.Contains(s.secrets(), "first-half-secret") {
		t.Error("not every secret is bound for redaction")
	}
	if !slices.ContainsFunc(s.warnings, func(w string) bool { return strings.Contains(w, "DDNS_USERNAME is set, but example does not use it") }) {
		t.Errorf("warnings = %q", s.warnings)
	}
	fp := fingerprint(s, "home.example.com")
	t.Setenv("DDNS_EXAMPLE_ZONE_ID", "z2")
	s2, _ := a.loadSettings(context.Background())
	if fingerprint(s2, "home.example.com") == fp {
		t.Error("changing a provider setting does not change the refusal fingerprint")
	}
}
