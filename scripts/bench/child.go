package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// sample is one measured run of one program.
type sample struct {
	Wall     time.Duration
	CPU      time.Duration // user + system
	MaxRSS   int64         // KiB, from GNU time (0: not measured in this run)
	Echo     int           // requests the echo saw
	Provider int           // requests the provider fake saw
	Listings int           // of those, whole-zone listings
	Conns    int           // TLS connections the provider fake accepted
	out      string        // the child's stdout and stderr
}

// spawn runs one program to completion and reads its wall time and CPU
// (user+sys from wait4); peak RSS needs peakRSS.
func spawn(ctx context.Context, argv, env []string, dir string) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if w := os.Getenv("BENCH_WRAP_DEBUG"); w != "" {
		argv = append(strings.Fields(w), argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, fmt.Errorf("start %s: %w", argv[0], err)
	}
	s := sample{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), out: out.String()}
	if err != nil {
		return s, fmt.Errorf("%s: %w: %s", argv[0], err, tail(out.String()))
	}
	return s, nil
}

// tail keeps the last lines of a child's output for an error message.
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 6 {
		lines = lines[len(lines)-6:]
	}
	return strings.Join(lines, " | ")
}

// spawnRSS is spawn under GNU time, which also gives the peak RSS in KiB.
// spawn alone cannot: Go starts children with CLONE_VM|CLONE_VFORK, and at
// exec Linux folds the shared (harness) address space's high-water mark
// into the child's ru_maxrss, so a 100 MiB parent makes /bin/true "peak"
// at 100 MiB. GNU time forks a fresh address space of about 1 MiB, which
// is then the floor of what it can report. Wall and CPU include GNU
// time's own start (a few ms).
func spawnRSS(ctx context.Context, argv, env []string, dir string) (sample, error) {
	out := filepath.Join(dir, "peak-rss")
	wrapped := append([]string{gnuTime, "-f", "%M", "-o", out}, argv...)
	s, err := spawn(ctx, wrapped, env, dir)
	if err != nil {
		return s, err
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return s, fmt.Errorf("read peak rss: %w", err)
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return s, fmt.Errorf("peak rss: empty report from %s", gnuTime)
	}
	if s.MaxRSS, err = strconv.ParseInt(f[len(f)-1], 10, 64); err != nil {
		return s, fmt.Errorf("peak rss: %w", err)
	}
	return s, nil
}

// gnuTime is GNU time (Debian package "time"), which scripts/bench.sh
// installs when missing.
const gnuTime = "/usr/bin/time"
