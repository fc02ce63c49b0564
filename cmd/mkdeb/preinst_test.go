package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runPreinst runs the ARMv7 package's preinst as dpkg would for a fresh
// install, with what the kernel reports replaced by machine and the
// cpuinfo file. It returns the exit status and stderr.
func runPreinst(t *testing.T, machine, cpuinfo string) (int, string) {
	t.Helper()
	cmd := exec.Command("sh", filepath.Join(repoRoot, mustTarget(t, "armv7").Preinst), "install")
	cmd.Env = append(os.Environ(), "DDNS_PREINST_MACHINE="+machine, "DDNS_PREINST_CPUINFO="+cpuinfo)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// TestPreinstRefusesARMv6 feeds the preinst what Raspberry Pis report.
// The Pi Zero's ARM1176 says "CPU architecture: 7" like a Pi 3, so only
// uname -m and the model name tell them apart.
func TestPreinstRefusesARMv6(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, machine, cpuinfo string
		refuse                 bool
	}{
		{"Pi Zero W, Raspberry Pi OS", "armv6l", "pi-zero-w.txt", true},
		{"Pi Zero W, uname hidden", "unknown", "pi-zero-w.txt", true},
		{"Pi 1 B, old kernel (Processor line)", "armv6l", "pi-1b-old-kernel.txt", true},
		{"Pi 1 B, old kernel, uname hidden", "unknown", "pi-1b-old-kernel.txt", true},
		{"armv6l kernel, no cpuinfo", "armv6l", "/nonexistent", true},
		{"Pi 3 B, 32-bit OS", "armv7l", "pi-3b-32bit.txt", false},
		{"Pi 4 B, 64-bit kernel, 32-bit OS", "aarch64", "pi-4b-64bit-kernel.txt", false},
		{"no cpuinfo, armv7l", "armv7l", "/nonexistent", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cpuinfo := tt.cpuinfo
			if !filepath.IsAbs(cpuinfo) {
				cpuinfo = filepath.Join("testdata", "cpuinfo", cpuinfo)
			}
			code, stderr := runPreinst(t, tt.machine, cpuinfo)
			if !tt.refuse {
				if code != 0 {
					t.Errorf("preinst refused (exit %d): %s", code, stderr)
				}
				return
			}
			if code == 0 {
				t.Fatal("preinst accepted an ARMv6 CPU")
			}
			if !strings.Contains(stderr, "Install ddns_armv6.deb instead") {
				t.Errorf("the refusal does not name ddns_armv6.deb:\n%s", stderr)
			}
		})
	}
}

// TestPreinstUnderQEMU asks qemu-arm-static, emulating each Pi's CPU, what
// uname -m says there (qemu answers from the CPU model, as the kernel does
// on the board), and gives that to the preinst.
func TestPreinstUnderQEMU(t *testing.T) {
	qemu, err := exec.LookPath("qemu-arm-static")
	if err != nil {
		t.Skip("qemu-arm-static is not installed (apt-get install qemu-user-static)")
	}
	bin := filepath.Join(t.TempDir(), "uname")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "./testdata/uname")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm", "GOARM=6")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the uname helper: %v\n%s", err, out)
	}
	tests := []struct {
		board, cpu string
		refuse     bool
	}{
		{"Pi Zero, Zero W, Pi 1 (ARM1176)", "arm1176", true},
		{"Pi 2 (Cortex-A7)", "cortex-a7", false},
		{"Pi 3, 4, 5 with a 32-bit OS (qemu-arm has no Cortex-A53; max is an ARMv8 in AArch32)", "max", false},
	}
	for _, tt := range tests {
		out, err := exec.Command(qemu, "-cpu", tt.cpu, bin).Output()
		if err != nil {
			t.Fatalf("%s: qemu-arm-static -cpu %s: %v", tt.board, tt.cpu, err)
		}
		machine := strings.TrimSpace(string(out))
		code, stderr := runPreinst(t, machine, "/nonexistent")
		t.Logf("%s: uname -m %s, preinst exit %d", tt.board, machine, code)
		if (code != 0) != tt.refuse {
			t.Errorf("%s (uname -m %s): preinst exit %d, want refusal %v; %s", tt.board, machine, code, tt.refuse, stderr)
		}
	}
}

func mustTarget(t *testing.T, name string) target {
	t.Helper()
	tg, ok := lookupTarget(name)
	if !ok {
		t.Fatalf("no target %s", name)
	}
	return tg
}
