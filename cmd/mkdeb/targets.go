package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// target is one build of ddns and its package. This table is the one
// list of architectures: scripts/build-packages.sh and check-packages.sh
// read it through `mkdeb -targets`, and .goreleaser.yaml's build targets
// are generated from it (go generate ./cmd/mkdeb).
type target struct {
	Name   string // what users pick from: -arch, ddns_<Name>.deb
	GOARCH string
	GOARM  string // only for GOARCH=arm
	NFPM   string // nfpm's name; it maps arm6 and arm7 both to Debian's armhf
	// CPU is the description's last paragraph: which machines it is for.
	// .goreleaser.yaml says the same in templates on .Arch and .Arm;
	// TestGoreleaserAgrees renders them and compares.
	CPU string
	// Preinst is a preinst of this package alone, relative to the root.
	Preinst string
}

var targets = []target{
	{Name: "arm64", GOARCH: "arm64", NFPM: "arm64",
		CPU: "This build is for 64-bit ARM (arm64): Raspberry Pi 3, 4, 5 and Zero 2 W\nwith a 64-bit OS."},
	{Name: "armv7", GOARCH: "arm", GOARM: "7", NFPM: "arm7",
		CPU: "This build is for ARMv7 and later CPUs with a 32-bit (armhf) OS: Raspberry\n" +
			"Pi 2, 3, 4, 5 and Zero 2 W. It refuses to install on the ARMv6 CPU of a\n" +
			"Pi Zero, Zero W or Pi 1, where ddns_armv6.deb is the one to use.",
		Preinst: "packaging/preinst-armv7"},
	{Name: "armv6", GOARCH: "arm", GOARM: "6", NFPM: "arm6",
		CPU: "This build is for ARMv6 and later CPUs with a 32-bit (armhf) OS: every\nRaspberry Pi, the Pi Zero, Zero W and Pi 1 included."},
	{Name: "amd64", GOARCH: "amd64", NFPM: "amd64",
		CPU: "This build is for 64-bit PCs (amd64)."},
}

// lookupTarget returns the target called name.
func lookupTarget(name string) (target, bool) {
	i := slices.IndexFunc(targets, func(t target) bool { return t.Name == name })
	if i < 0 {
		return target{}, false
	}
	return targets[i], true
}

// targetNames lists the names, sorted, for messages.
func targetNames() string {
	names := make([]string, 0, len(targets))
	for _, t := range targets {
		names = append(names, t.Name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// writeTargets prints "name goarch goarm" lines (goarm "-" when unset),
// the form the shell scripts read with `read -r name goarch goarm`.
func writeTargets(w io.Writer) {
	for _, t := range targets {
		arm := t.GOARM
		if arm == "" {
			arm = "-"
		}
		fmt.Fprintf(w, "%s %s %s\n", t.Name, t.GOARCH, arm)
	}
}

// goreleaserTarget is the target as goreleaser's builds.targets spells it.
func (t target) goreleaserTarget() string {
	switch {
	case t.GOARM != "":
		return "linux_" + t.GOARCH + "_" + t.GOARM
	case t.GOARCH == "amd64":
		return "linux_amd64_v1" // GOAMD64=v1, Go's default, as build-packages.sh builds
	default:
		return "linux_" + t.GOARCH
	}
}
