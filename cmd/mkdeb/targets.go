package main

// target is what differs between the four packages besides the binary.
type target struct {
	nfpmArch string // nfpm's name; it maps arm6 and arm7 both to armhf
	cpu      string // the description's last paragraph: which machines
	preinst  string // a preinst of this package alone, relative to the root
}

// targets is keyed by our names, the ones in the file names users pick
// from. .goreleaser.yaml says the same in templates on .Arch and .Arm;
// TestGoreleaserAgrees renders them and compares.
var targets = map[string]target{
	"arm64": {nfpmArch: "arm64",
		cpu: "This build is for 64-bit ARM (arm64): Raspberry Pi 3, 4, 5 and Zero 2 W\nwith a 64-bit OS."},
	"armv7": {nfpmArch: "arm7",
		cpu: "This build is for ARMv7 and later CPUs with a 32-bit (armhf) OS: Raspberry\n" +
			"Pi 2, 3, 4, 5 and Zero 2 W. It refuses to install on the ARMv6 CPU of a\n" +
			"Pi Zero, Zero W or Pi 1, where ddns_armv6.deb is the one to use.",
		preinst: "packaging/preinst-armv7"},
	"armv6": {nfpmArch: "arm6",
		cpu: "This build is for ARMv6 and later CPUs with a 32-bit (armhf) OS: every\nRaspberry Pi, the Pi Zero, Zero W and Pi 1 included."},
	"amd64": {nfpmArch: "amd64",
		cpu: "This build is for 64-bit PCs (amd64)."},
}
