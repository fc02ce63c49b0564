package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// scaleBudget caps the measured time of one scale point; a slow point gets
// fewer runs (the JSON says how many) rather than a ten-minute bench.
const scaleBudget = 20 * time.Second

// collect sets up the CA and the echo, builds ddns, and runs every
// scenario. A scenario that fails is recorded in Errors and the others
// still run, so one broken rival does not hide the rest.
func collect(ctx context.Context, o options, log io.Writer) (*results, error) {
	kinds, err := selectKinds(o.providers)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "ddns-bench-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	now := time.Now()
	b, stop, err := newBench(tmp, now, o.runs)
	if err != nil {
		return nil, err
	}
	defer stop()
	res := &results{Time: now.UTC(), Commit: gitCommit(), Go: runtime.Version(),
		Host: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	bin, err := binary(ctx, o, log, res)
	if err != nil {
		return nil, err
	}
	res.Settings = settings{Runs: o.runs, ScaleRuns: o.scaleRuns, DelayMs: o.delay.Milliseconds(), Binary: bin, Env: o.env}
	for _, k := range kinds {
		fmt.Fprintln(log, "bench: ddns with", k.Name)
		res.DDNS = append(res.DDNS, b.providerRuns(ctx, bin, k, o, res))
	}
	res.InitTrace = b.initTrace(ctx, bin, kinds[0], res)
	if o.rivals {
		for _, r := range rivals() {
			fmt.Fprintln(log, "bench:", r.Name)
			res.Rivals = append(res.Rivals, b.rivalRuns(ctx, r, res))
		}
	}
	return res, ctx.Err()
}

// selectKinds picks the providers named by -providers (all when empty).
func selectKinds(names []string) ([]providerKind, error) {
	var kinds []providerKind
	for _, k := range providerKinds() {
		if len(names) == 0 || slices.Contains(names, k.Name) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil, fmt.Errorf("-providers: none of %q is known to the bench", names)
	}
	return kinds, nil
}

// binary returns the absolute path of the ddns to measure: -bin, or the
// native one of the release builds, whose sizes go into res.
func binary(ctx context.Context, o options, log io.Writer, res *results) (string, error) {
	bin := o.bin
	if bin == "" {
		fmt.Fprintln(log, "bench: building ./cmd/ddns for", len(platforms), "platforms")
		dir := filepath.Join(o.out, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("out dir: %w", err)
		}
		var err error
		if res.Sizes, bin, err = buildAll(ctx, dir); err != nil {
			return "", err
		}
	}
	// Children run in their state directories: a relative path would miss.
	abs, err := filepath.Abs(bin)
	if err != nil {
		return "", fmt.Errorf("binary path: %w", err)
	}
	return abs, nil
}

func (b *bench) providerRuns(ctx context.Context, bin string, k providerKind, o options, res *results) providerResult {
	pr := providerResult{Provider: k.Name}
	var err error
	c := ddnsCase{bin: bin, kind: k, hosts: 1, runs: o.runs, extra: o.env}
	if pr.Unchanged, err = b.runDDNS(ctx, c); err != nil {
		res.ddnsFail("ddns %s unchanged: %v", k.Name, err)
	}
	c.changed = true
	if pr.Changed, err = b.runDDNS(ctx, c); err != nil {
		res.ddnsFail("ddns %s changed: %v", k.Name, err)
	}
	for _, n := range o.scale {
		c := ddnsCase{bin: bin, kind: k, hosts: n, runs: o.scaleRuns, changed: true, delay: o.delay, extra: o.env,
			budget: scaleBudget, wrapped: true}
		s, err := b.runDDNS(ctx, c)
		if err != nil {
			res.ddnsFail("ddns %s scale %d: %v", k.Name, n, err)
		}
		pr.Scale = append(pr.Scale, scalePoint{Records: n, DelayMs: o.delay.Milliseconds(), Result: s})
	}
	return pr
}

func (b *bench) rivalRuns(ctx context.Context, r rival, res *results) rivalResult {
	rr := rivalResult{Name: r.Name, Version: r.Version, Transport: "https"}
	var err error
	if rr.Unchanged, err = b.runRival(ctx, r, false); err != nil {
		res.fail("%s unchanged: %v", r.Name, err)
	}
	if rr.Changed, err = b.runRival(ctx, r, true); err != nil {
		res.fail("%s changed: %v", r.Name, err)
	}
	return rr
}

// initTrace runs one unchanged pass with GODEBUG=inittrace=1: the start-up
// cost that no request explains.
func (b *bench) initTrace(ctx context.Context, bin string, k providerKind, res *results) initTrace {
	c := ddnsCase{bin: bin, kind: k, hosts: 1, runs: 1, extra: []string{"GODEBUG=inittrace=1"}}
	out, err := b.captureDDNS(ctx, c)
	if err != nil {
		res.ddnsFail("init trace: %v", err)
	}
	all := parseInitTrace(out)
	var t initTrace
	for _, c := range all {
		t.TotalMs += c.ClockMs
	}
	t.Top = all[:min(10, len(all))]
	return t
}

// gitCommit names the measured tree; empty outside a repository or before
// the first commit.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
