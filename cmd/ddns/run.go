package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider/all"
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
	return osApp(stdout, stderr, b, all.Factories()).main(ctx, args)
}

// main runs one command and returns its exit code.
func (a *app) main(ctx context.Context, args []string) int {
	cmd := "run"
	if len(args) > 0 {
		cmd = args[0]
	}
	maxArgs := 1
	if cmd == "providers" {
		maxArgs = 2
	}
	if len(args) > maxArgs {
		fmt.Fprintf(a.stderr, "ddns: %s takes no more arguments (got %q); see 'ddns help'\n", cmd, args[maxArgs:])
		return exitConfig
	}
	var err error
	switch cmd {
	case "run":
		err = a.cmdRun(ctx)
	case "check":
		err = a.cmdCheck(ctx)
	case "status":
		err = a.cmdStatus(ctx)
	case "providers":
		err = a.cmdProviders(args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(a.stdout, a.build)
		return exitOK
	case "help", "--help", "-h":
		fmt.Fprint(a.stdout, a.helpText())
		return exitOK
	default:
		err = fmt.Errorf("%w: unknown command %q; see 'ddns help'", errUsage, cmd)
	}
	if err != nil && !logged(err) {
		fmt.Fprint(a.stderr, joinLines(err))
	}
	return exitCode(err)
}

// loggedError is a run's error after the logger has reported it.
type loggedError struct{ error }

func (e loggedError) Unwrap() error { return e.error }

func logged(err error) bool {
	var l loggedError
	return errors.As(err, &l)
}

// splitLines splits a joined error into its lines.
func splitLines(s string) []string { return strings.Split(s, "\n") }
