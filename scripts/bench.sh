#!/usr/bin/env bash
# The ddns benchmark: ddns against loopback HTTPS fakes, side by
# side with Debian's ddclient and inadyn, plus stripped binary sizes.
#
#   scripts/bench.sh [bench flags]     e.g. -runs 3, -rivals=false, -scale 1,100
#
# Installs ddclient, inadyn and GNU time (peak RSS) with apt-get when they
# are missing (root only; without the rivals their rows say "did not run"),
# then builds and runs the Go program in scripts/bench, which builds
# ./cmd/ddns stripped for arm64, armv6, armv7 and amd64 into dist/bench/bin,
# measures, prints a Markdown table and writes dist/bench/results.json.
# A full run takes about two minutes, most of it 1000 records at 50 ms.
#
# Exit status: 0 done; 1 the functional target failed (an unchanged run must
# make exactly one echo request and no provider request); 2 ddns or the
# harness could not run. Timings never fail it: they are reported against targets.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS=-buildvcs=false
# shellcheck source=lib/go.sh
. scripts/lib/go.sh
ensure_go

need=()
command -v ddclient >/dev/null || need+=(ddclient libio-socket-ssl-perl)
command -v inadyn >/dev/null || need+=(inadyn)
[ -x /usr/bin/time ] || need+=(time) # GNU time: peak RSS without the harness's memory
# shellcheck source=lib/apt.sh
. scripts/lib/apt.sh
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		# Without starting the daemons: ddclient's would contact real services.
		apt_quiet_install bench.sh "${need[@]}" || exit 2
	else
		echo "bench.sh: ${need[*]} missing and not root: comparing without them" >&2
	fi
fi

# The rivals are only measured here, never meant to run as daemons.
units_disabled bench.sh ddclient.service inadyn.service || exit 2

# Built rather than `go run`, which turns every failure into exit status 1.
mkdir -p dist/bench/bin
go build -o dist/bench/bin/bench ./scripts/bench
exec dist/bench/bin/bench "$@"
