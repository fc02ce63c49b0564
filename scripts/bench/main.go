// Command bench measures ddns on loopback fakes and compares it with
// Debian's ddclient and inadyn: an unchanged run, a changed run,
// 1 to 1000 records at 50 ms provider latency, and stripped binary sizes.
// It prints a Markdown table and writes the same figures as JSON to
// dist/bench/results.json for comparison between commits.
//
// It is a benchmark, not a test: the only failing verdict is functional
// (an unchanged run must make exactly one echo request and no provider
// request); timings are reported against their targets, never asserted.
//
// Run it from the module root: go run ./scripts/bench (scripts/bench.sh
// installs ddclient, inadyn and GNU time first). BENCH_WRAP_DEBUG, e.g.
// "strace -ff -e trace=connect -o /tmp/st/t", prefixes every child command
// to check that nothing leaves loopback; the figures then include it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"
)

// options are the command-line settings.
type options struct {
	bin       string
	out       string
	runs      int
	scaleRuns int
	scale     []int
	delay     time.Duration
	providers []string
	rivals    bool
	env       []string // extra environment for ddns runs
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var scale, provs string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.bin, "bin", "", "ddns binary to measure (default: build ./cmd/ddns for every platform)")
	fs.StringVar(&o.out, "out", "dist/bench", "directory for results.json and the builds")
	fs.IntVar(&o.runs, "runs", 7, "measured runs per scenario")
	fs.IntVar(&o.scaleRuns, "scale-runs", 3, "measured runs per scale point")
	fs.StringVar(&scale, "scale", "1,10,100,1000", "record counts for the scale test")
	fs.DurationVar(&o.delay, "delay", 50*time.Millisecond, "provider latency in the scale test")
	fs.StringVar(&provs, "providers", "", "providers to drive, comma list (default: all the bench knows)")
	fs.BoolVar(&o.rivals, "rivals", true, "also measure ddclient and inadyn")
	fs.Func("env", "extra NAME=value for every ddns run, repeatable (e.g. -env GOGC=50 to try a knob)", func(v string) error {
		if !strings.Contains(v, "=") {
			return fmt.Errorf("%q is not NAME=value", v)
		}
		o.env = append(o.env, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, f := range strings.Split(scale, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-scale: %q is not a record count", f)
		}
		o.scale = append(o.scale, n)
	}
	if provs != "" {
		o.providers = strings.Split(provs, ",")
	}
	if o.runs < 1 || o.scaleRuns < 1 {
		return o, fmt.Errorf("-runs and -scale-runs must be at least 1")
	}
	return o, nil
}

// run returns 0 when every ddns scenario ran and the functional target
// holds, 1 when an unchanged run made the wrong requests, 2 when ddns or
// the harness could not run. A rival that cannot run is reported only.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	res, err := collect(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	res.Targets = evaluate(res)
	if err := writeJSON(o.out, res); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	writeMarkdown(stdout, res)
	if res.ddnsBroken {
		fmt.Fprintln(stderr, "bench: a ddns scenario did not run (see the errors under the tables)")
		return 2
	}
	if !functionalOK(res) {
		fmt.Fprintln(stderr, "bench: FAIL: an unchanged run must make exactly 1 echo request and 0 provider requests")
		return 1
	}
	return 0
}
