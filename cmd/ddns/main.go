// Command ddns points DNS records at this machine's public address. One
// invocation is one pass; systemd's ddns.timer provides the schedule.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, build{version, commit, date})
	stop()
	os.Exit(code)
}
