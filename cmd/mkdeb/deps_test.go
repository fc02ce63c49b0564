package main

import (
	"os/exec"
	"strings"
	"testing"
)

// buildOnly are module paths of build-time code (nfpm and what it pulls
// in, and this tool) that must never end up in the ddns binary.
var buildOnly = []string{
	"github.com/ddns-pi/ddns/cmd/mkdeb",
	"github.com/goreleaser/",
	"github.com/blakesmith/ar",
	"github.com/klauspost/compress",
	"github.com/ulikunitz/xz",
	"github.com/ProtonMail/",
	"github.com/go-git/",
	"github.com/Masterminds/",
	"github.com/google/uuid",
	"dario.cat/mergo",
	"gitlab.com/digitalxero/",
	"go.yaml.in/yaml/",
}

// buildOnlyDeps lists the packages pkg depends on that are build-time only.
func buildOnlyDeps(t *testing.T, pkg string) []string {
	t.Helper()
	// -e: a package another change has left not compiling still has
	// its imports listed, which is all this check needs.
	cmd := exec.Command("go", "list", "-e", "-deps", pkg)
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -e -deps %s: %v", pkg, err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != strings.Replace(pkg, "./", "github.com/ddns-pi/ddns/", 1) {
		t.Fatalf("go list -deps %s: unexpected output %q", pkg, out)
	}
	var bad []string
	for _, d := range deps {
		for _, prefix := range buildOnly {
			if strings.HasPrefix(d, prefix) {
				bad = append(bad, d)
			}
		}
	}
	return bad
}

// TestRuntimeDoesNotLinkBuildTools keeps nfpm and friends out of the
// binary that runs on the Pi.
func TestRuntimeDoesNotLinkBuildTools(t *testing.T) {
	t.Parallel()
	if bad := buildOnlyDeps(t, "./cmd/ddns"); len(bad) > 0 {
		t.Errorf("cmd/ddns links build-time packages:\n  %s", strings.Join(bad, "\n  "))
	}
}

// TestBuildOnlyListWorks proves the check above can fail: mkdeb itself
// must be caught by it.
func TestBuildOnlyListWorks(t *testing.T) {
	t.Parallel()
	bad := buildOnlyDeps(t, "./cmd/mkdeb")
	if !strings.Contains(strings.Join(bad, " "), "github.com/goreleaser/nfpm/v2/deb") {
		t.Errorf("the build-only list does not catch nfpm in cmd/mkdeb; found only %v", bad)
	}
}
