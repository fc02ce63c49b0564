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
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "bench.sh: installing ${need[*]}" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# policy-rc.d exit 101 tells the packages' maintainer scripts not to
		# start their daemons: ddclient's would contact real services.
		own_policy=
		if [ ! -e /usr/sbin/policy-rc.d ]; then
			printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
			chmod 755 /usr/sbin/policy-rc.d
			own_policy=1
		fi
		rc=0
		apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || rc=$?
		[ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
		[ "$rc" -eq 0 ] || exit 2
	else
		echo "bench.sh: ${need[*]} missing and not root: comparing without them" >&2
	fi
fi

# The rivals are only measured here, never meant to run as daemons that
# would talk to real services. Their maintainer scripts enable them (the
# multi-user.target.wants link is made even when systemd is not running,
# and policy-rc.d only stops the start), so disable them, on every run: an
# older run of this script may have left them enabled.
if [ "$(id -u)" -eq 0 ] && command -v systemctl >/dev/null; then
	for unit in ddclient.service inadyn.service; do
		[ -e "/lib/systemd/system/$unit" ] || [ -e "/etc/systemd/system/$unit" ] || continue
		if [ -d /run/systemd/system ]; then
			systemctl disable --now "$unit" >/dev/null 2>&1 || true
		else
			# Without a running systemd, disable works on the files alone.
			systemctl disable "$unit" >/dev/null 2>&1 || true
		fi
		left=$(find /etc/systemd/system -name "$unit" -path '*.wants/*' 2>/dev/null)
		if [ -n "$left" ] || [ "$(systemctl is-enabled "$unit" 2>/dev/null)" = enabled ]; then
			echo "bench.sh: $unit is still enabled after systemctl disable: ${left:-is-enabled says so}" >&2
			exit 2
		fi
	done
fi

# Built rather than `go run`, which turns every failure into exit status 1.
mkdir -p dist/bench/bin
go build -o dist/bench/bin/bench ./scripts/bench
exec dist/bench/bin/bench "$@"
