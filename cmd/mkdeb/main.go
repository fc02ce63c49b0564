// Command mkdeb builds the ddns Debian package for one architecture with
// the nfpm library, from the definition in packaging/nfpm.yaml:
//
//	go run ./cmd/mkdeb -arch armv6 -binary build/ddns_armv6 -out dist
//
// writes dist/ddns_armv6.deb. The four architectures have their own file
// names because nfpm (like Debian) calls both 32-bit ARM builds "armhf".
//
// Builds are reproducible: every timestamp in the package is
// SOURCE_DATE_EPOCH, or the date of the top entry of packaging/changelog
// when that is unset, so the same sources give the same bytes.
//
// With -gen DIR it only writes the gzipped man page and changelog into
// DIR: goreleaser's before-hook uses that so both builds ship the same
// bytes.
//
// With -targets it prints the architectures it builds, one "name goarch
// goarm" line each, for the build scripts. With -generate it rewrites the
// generated parts of .goreleaser.yaml and the systemd units (generate.go).
//
// mkdeb is a build-time tool; deps_test.go checks that the ddns binary
// never links nfpm.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run parses the flags, builds one package and prints its path.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mkdeb", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var j job
	fs.StringVar(&j.Arch, "arch", "", "target: "+targetNames())
	fs.StringVar(&j.Binary, "binary", "", "the ddns binary built for -arch")
	fs.StringVar(&j.Version, "version", "", "package version (default: the top entry of packaging/changelog)")
	fs.StringVar(&j.Root, "root", ".", "repository root; packaging/ is read from there")
	fs.StringVar(&j.Out, "out", "dist", "directory for the .deb")
	gen := fs.String("gen", "", "only write ddns.8.gz and changelog.gz into this directory")
	listTargets := fs.Bool("targets", false, "only print the targets, one \"name goarch goarm\" line each")
	generate := fs.Bool("generate", false, "only rewrite the generated parts of .goreleaser.yaml and the units")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mkdeb: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	switch {
	case *listTargets:
		writeTargets(stdout)
		return 0
	case *generate:
		changed, err := writeGenerated(j.Root)
		if err != nil {
			fmt.Fprintf(stderr, "mkdeb: generate: %v\n", err)
			return 1
		}
		for _, name := range changed {
			fmt.Fprintf(stdout, "rewrote %s\n", name)
		}
		return 0
	}
	if *gen != "" {
		if err := writeDocs(j.Root, *gen); err != nil {
			fmt.Fprintf(stderr, "mkdeb: %v\n", err)
			return 1
		}
		return 0
	}
	epoch, err := sourceDateEpoch(getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		fmt.Fprintf(stderr, "mkdeb: %v\n", err)
		return 2
	}
	j.MTime = epoch
	path, err := build(j)
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "mkdeb: %v\n", err)
		fs.Usage()
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "mkdeb: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, filepath.ToSlash(path))
	return 0
}

// usageError is a mistake in the command line rather than in the build.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
