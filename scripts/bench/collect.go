package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// results is everything one bench run measured; it is results.json.
type results struct {
	Time      time.Time        `json:"time"`
	Settings  settings         `json:"settings"`
	Commit    string           `json:"commit,omitempty"`
	Go        string           `json:"go"`
	Host      string           `json:"host"`
	Sizes     []binSize        `json:"binary_sizes,omitempty"`
	DDNS      []providerResult `json:"ddns"`
	Rivals    []rivalResult    `json:"rivals,omitempty"`
	InitTrace initTrace        `json:"init_trace"`
	Targets   []targetResult   `json:"targets"`
	Errors    []string         `json:"errors,omitempty"`
}

// settings are the knobs of this run, so two result files can be compared.
type settings struct {
	Runs      int    `json:"runs"`
	ScaleRuns int    `json:"scale_runs"`
	DelayMs   int64  `json:"scale_provider_delay_ms"`
	Binary    string `json:"binary"`
}

// providerResult is ddns against one provider fake.
type providerResult struct {
	Provider  string       `json:"provider"`
	Unchanged series       `json:"unchanged"`
	Changed   series       `json:"changed"`
	Scale     []scalePoint `json:"scale"`
}

type scalePoint struct {
	Records int    `json:"records"`
	DelayMs int64  `json:"provider_delay_ms"`
	Result  series `json:"result"`
}

type rivalResult struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Transport string `json:"transport"`
	Unchanged series `json:"unchanged"`
	Changed   series `json:"changed"`
}

type initTrace struct {
	TotalMs float64    `json:"total_clock_ms"`
	Top     []initCost `json:"top"`
}

// scaleBudget caps the measured time of one scale point; a slow point gets
// fewer runs (the JSON says how many) rather than a ten-minute bench.
const scaleBudget = 20 * time.Second

// collect sets up the CA and the echo, builds ddns, and runs every
// scenario. A scenario that fails is recorded in Errors and the others
// still run, so one broken rival does not hide the rest.
func collect(ctx context.Context, o options, log io.Writer) (*results, error) {
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
	bin := o.bin
	if bin == "" {
		fmt.Fprintln(log, "bench: building ./cmd/ddns for", len(platforms), "platforms")
		if err := os.MkdirAll(filepath.Join(o.out, "bin"), 0o755); err != nil {
			return nil, fmt.Errorf("out dir: %w", err)
		}
		res.Sizes, bin, err = buildAll(ctx, filepath.Join(o.out, "bin"))
		if err != nil {
			return nil, err
		}
	}
	// Children run in their state directories: a relative path would miss.
	if bin, err = filepath.Abs(bin); err != nil {
		return nil, fmt.Errorf("binary path: %w", err)
	}
	res.Settings = settings{Runs: o.runs, ScaleRuns: o.scaleRuns, DelayMs: o.delay.Milliseconds(), Binary: bin}
	var kinds []providerKind
	for _, k := range providerKinds() {
		if len(o.providers) == 0 || slices.Contains(o.providers, k.Name) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil, fmt.Errorf("-providers: none of %q is known to the bench", o.providers)
	}
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

func (b *bench) providerRuns(ctx context.Context, bin string, k providerKind, o options, res *results) providerResult {
	pr := providerResult{Provider: k.Name}
	var err error
	c := ddnsCase{bin: bin, kind: k, hosts: 1, runs: o.runs}
	if pr.Unchanged, err = b.runDDNS(ctx, c); err != nil {
		res.fail("ddns %s unchanged: %v", k.Name, err)
	}
	c.changed = true
	if pr.Changed, err = b.runDDNS(ctx, c); err != nil {
		res.fail("ddns %s changed: %v", k.Name, err)
	}
	for _, n := range o.scale {
		c := ddnsCase{bin: bin, kind: k, hosts: n, runs: o.scaleRuns, changed: true, delay: o.delay,
			budget: scaleBudget, wrapped: true}
		s, err := b.runDDNS(ctx, c)
		if err != nil {
			res.fail("ddns %s scale %d: %v", k.Name, n, err)
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
		res.fail("init trace: %v", err)
	}
	all := parseInitTrace(out)
	var t initTrace
	for _, c := range all {
		t.TotalMs += c.ClockMs
	}
	t.Top = all[:min(10, len(all))]
	return t
}

func (r *results) fail(format string, args ...any) {
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
}
