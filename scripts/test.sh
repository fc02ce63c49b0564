#!/usr/bin/env bash
# The whole ddns test suite, in the order a failure is cheapest to find:
# static checks, unit and end-to-end tests, packages (golden, lintian,
# qemu, systemd-analyze, goreleaser agreement), install and boot proofs, and
# the benchmark's functional targets. CI (.ci/run) runs exactly this, as
# README.md says. Needs root for apt-get, debootstrap and systemd-nspawn.
# It begins by printing what it will install and change on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# HOME: Go keeps its module cache under it, and CI's environment may lack it.
export HOME="${HOME:-/root}"
export GOFLAGS=-buildvcs=false

phase() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
start=$(date +%s)

# What the scripts below install with apt-get when missing (check-packages.sh,
# test-install.sh, bench.sh each install their own; keep this list with them).
HOST_PACKAGES=(lintian qemu-user-static binfmt-support systemd man-db dpkg git
	debootstrap systemd-container curl ddclient libio-socket-ssl-perl inadyn time
	bind9 bind9-dnsutils iproute2)
host_changes() {
	local p missing=() present=()
	for p in "${HOST_PACKAGES[@]}"; do
		if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
			present+=("$p")
		else missing+=("$p"); fi
	done
	echo "This suite changes this machine:"
	echo "  apt-get install (missing now): ${missing[*]:-nothing}"
	echo "    already installed: ${present[*]:-nothing}"
	echo "  without a Go >= $(go_required .): apt-get install golang-1.2x-go (adding"
	echo "    /etc/apt/sources.list.d/ddns-backports.sources if apt lacks it), then Go's own"
	echo "    toolchain download into the module cache (scripts/lib/go.sh)"
	echo "  bind9 (the rfc2136 tests start their own named), ddclient and inadyn (benchmark only):"
	echo "    installed with /usr/sbin/policy-rc.d forbidding their start, then systemctl disable;"
	echo "    the suite fails if one stays enabled"
	echo "  binfmt_misc: qemu-user-static registers its handlers (qemu-aarch64, qemu-arm...)"
	echo "  caches: ${TOOLS_CACHE:-/var/tmp/ddns-cache}/goreleaser-<version>-<go version> (goreleaser,"
	echo "    built with go install when missing), ${DDNS_IT_WORK:-/var/tmp/ddns-install-test}"
	echo "    (Debian roots, removed after the run; logs; outside CI the debootstrap tarballs),"
	echo "    Go's module and build caches under $HOME/go and $HOME/.cache/go-build"
	echo "  in the repository: dist/ and build/"
}

# shellcheck source=lib/go.sh
. scripts/lib/go.sh
# shellcheck source=lib/apt.sh
. scripts/lib/apt.sh
host_changes
ensure_go

phase "static checks"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt: not formatted: $unformatted"; exit 1; fi
go mod tidy -diff
go vet ./...

phase "unit and end-to-end tests"
# The tests start their own named (rfc2136) and make network namespaces
# with ip (iface: sources); neither may run as a service of the machine.
need=()
command -v named >/dev/null || [ -x /usr/sbin/named ] || need+=(bind9 bind9-dnsutils)
command -v ip >/dev/null || need+=(iproute2)
[ ${#need[@]} -eq 0 ] || apt_quiet_install test.sh "${need[@]}"
units_disabled test.sh named.service || exit 2
go test -count=1 ./...

phase "race detector on the libraries"
go test -count=1 -race ./internal/...

phase "packages"
scripts/build-packages.sh
scripts/check-packages.sh

phase "install, upgrade, purge and systemd boot"
scripts/test-install.sh

phase "benchmark (functional targets only fail the suite)"
scripts/bench.sh

echo
echo "all checks passed in $(( $(date +%s) - start ))s"
