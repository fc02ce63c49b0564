// Command ddns points DNS records at this machine's public address. One
// invocation is one pass; systemd's ddns.timer provides the schedule.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...
// -X main.date=...". These are the only package variables: the linker can
// only stamp package-level strings.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go exitSoonAfter(ctx)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, build{version, commit, date})
	stop()
	os.Exit(code)
}

// exitSoonAfter ends the process with exit 1 shortly after SIGINT or
// SIGTERM, whatever stage the run is in: every stage honours the context,
// but a read of a hung file system cannot be interrupted, and systemd's
// stop must not wait for it.
func exitSoonAfter(ctx context.Context) {
	<-ctx.Done()
	time.Sleep(2 * time.Second)
	os.Exit(exitTemporary)
}

// tuneGC sets the collector for a process that lives for milliseconds and
// turns most of what it allocates (TLS handshakes, log lines) into garbage
// at once. A soft limit of 8 MiB makes the collector work harder only when
// a run with many records grows, instead of letting the heap double:
// measured with scripts/bench.sh, 1000 records at 16 connections peak at
// +3.5 MiB over 1 record instead of +5.2 MiB, for ~10% more wall time on
// that run and nothing on a normal one. GOGC 50 trims the small runs.
// GOGC and GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(8 << 20)
	}
}
