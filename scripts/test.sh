#!/usr/bin/env bash
# The whole ddns test suite, in the order a failure is cheapest to find:
# static checks, unit and end-to-end tests, packages (golden, lintian,
# qemu, systemd-analyze, goreleaser agreement), install and boot proofs, and
# the benchmark's functional targets. CI (.ci/run) runs exactly this, as
# README.md says. Needs root for apt-get, debootstrap and systemd-nspawn.
set -euo pipefail
cd "$(dirname "$0")/.."
# HOME: Go keeps its module cache under it, and CI's environment may lack it.
export HOME="${HOME:-/root}"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

phase() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
start=$(date +%s)

phase "static checks"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt: not formatted: $unformatted"; exit 1; fi
go mod tidy -diff
go vet ./...

phase "unit and end-to-end tests"
command -v named >/dev/null || [ -x /usr/sbin/named ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bind9 bind9-dnsutils >/dev/null; } # BIND for the rfc2136 provider's tests
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
