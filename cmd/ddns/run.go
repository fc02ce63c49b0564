package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// build is what the linker stamped into the binary.
type build struct{ version, commit, date string }

func (b build) String() string {
	s := "ddns " + b.version
	extra := []string{platform()}
	if b.commit != "" {
		extra = append(extra, "commit "+b.commit)
	}
	if b.date != "" {
		extra = append(extra, "built "+b.date)
	}
	return s + " (" + strings.Join(extra, ", ") + ")"
}

// errUsage marks a command line ddns does not understand (exit 2).
var errUsage = errors.New("usage")

// run is the whole program minus process exit: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, b build) int {
	cmd := "run"
	if len(args) > 0 {
		cmd = args[0]
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "ddns: %s takes no arguments (got %q); see 'ddns help'\n", cmd, args[1:])
		return exitConfig
	}
	var err error
	switch cmd {
	case "run":
		err = cmdRun(ctx, stderr, b)
	case "check":
		err = cmdCheck(stdout)
	case "status":
		err = cmdStatus(stdout)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, b)
		return exitOK
	case "help", "--help", "-h":
		fmt.Fprint(stdout, helpText)
		return exitOK
	default:
		err = fmt.Errorf("%w: unknown command %q; see 'ddns help'", errUsage, cmd)
	}
	if err != nil && cmd != "run" {
		// cmdRun logs its own final error through the logger.
		fmt.Fprintln(stderr, "ddns: "+err.Error())
	}
	return exitCode(err)
}

// getenv is os.Getenv; named so the wiring reads as data flow.
func getenv(k string) string { return os.Getenv(k) }
