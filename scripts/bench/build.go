package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// platform is one release build target.
type platform struct {
	Name, GOARCH, GOARM string
}

// platforms are the builds whose stripped size the bench reports.
var platforms = []platform{
	{"linux/arm64", "arm64", ""},
	{"linux/armv6", "arm", "6"},
	{"linux/armv7", "arm", "7"},
	{"linux/amd64", "amd64", ""},
}

// binSize is the size of one stripped build.
type binSize struct {
	Platform string `json:"platform"`
	Bytes    int64  `json:"bytes"`
}

// buildDDNS builds ./cmd/ddns the way releases are built (static,
// trimmed, stripped) for p into dir and returns the path.
func buildDDNS(ctx context.Context, dir string, p platform) (string, error) {
	out := filepath.Join(dir, "ddns_"+p.GOARCH+p.GOARM)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, "./cmd/ddns")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+p.GOARCH, "GOARM="+p.GOARM)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build %s: %w: %s", p.Name, err, tail(string(msg)))
	}
	return out, nil
}

// buildAll builds every platform and returns their sizes and the path of
// the build that runs here.
func buildAll(ctx context.Context, dir string) ([]binSize, string, error) {
	var sizes []binSize
	native := ""
	for _, p := range platforms {
		path, err := buildDDNS(ctx, dir, p)
		if err != nil {
			return nil, "", err
		}
		fi, err := os.Stat(path)
		if err != nil {
			return nil, "", fmt.Errorf("size of %s: %w", p.Name, err)
		}
		sizes = append(sizes, binSize{Platform: p.Name, Bytes: fi.Size()})
		if p.GOARCH == runtime.GOARCH && (p.GOARM == "" || p.GOARM == "7") {
			native = path
		}
	}
	if native == "" {
		return nil, "", fmt.Errorf("no build for this machine (%s)", runtime.GOARCH)
	}
	return sizes, native, nil
}
