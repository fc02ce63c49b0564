package main

import (
	"runtime"
	"runtime/debug"
)

// platform names what the binary was built for, e.g. "linux/arm64" or
// "linux/arm GOARM=6": both 32-bit ARM packages are Debian's armhf, and
// only GOARM tells the Pi Zero/1 build (6) from the Pi 2+ one (7).
func platform() string {
	p := runtime.GOOS + "/" + runtime.GOARCH
	if runtime.GOARCH != "arm" {
		return p
	}
	goarm := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOARM" {
				goarm = s.Value
			}
		}
	}
	return p + " GOARM=" + goarm
}
