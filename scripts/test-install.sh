#!/usr/bin/env bash
# Proves the ddns packages install and run for real:
#
#   amd64 chroot  debootstrap'd bookworm (minbase + systemd), no systemd
#                 running: apt install ./ddns_amd64.deb, files and modes,
#                 conffile edit kept over reinstall and upgrade, remove, purge
#                 leaves the file listing exactly as before install.
#   amd64 boot    the same root booted with systemd-nspawn: the user's path.
#                 /etc/default/ddns points at scripts/fakeserver on the host's
#                 127.0.0.1, the timer fires, the hardened service sends one
#                 update, the next firings send none, then remove and purge
#                 clean up what systemd made. Also a ddns@work instance.
#   arm64 chroot  the same chroot lifecycle for ddns_arm64.deb in an arm64
#                 root run through qemu-user-static and binfmt_misc.
#   amd64 hooks   (install-test/hooks.sh) in the booted amd64 root, before
#                 purge: the network managers' hooks publish a changed
#                 address of an iface: source within seconds (measured),
#                 start nothing with the timers disabled, and do nothing in
#                 a chroot.
#   amd64 apt     (install-test/apt-repo.sh, credential.sh) in the booted
#                 amd64 root: the signed repository of build-apt-repo.sh,
#                 install, apt upgrade, bad signatures refused; then the
#                 password as an encrypted credential, in no environment.
#   amd64 fresh   scripts/build-packages.sh in that root, which has no Go:
#                 it must fetch Go itself (apt, the module proxy) and build.
#   arm64 boot    the same boot checks in that root under qemu, with two
#                 named drop-ins (PrivateUsers=no, LoadCredentialEncrypted=:
#                 qemu-user has no user namespaces and cannot set up
#                 credentials); see qemu_dropins in install-test/boot.sh.
#
# Needs root. Prints PASS/FAIL per check and the time of each phase; exits
# non-zero if any check failed. Builds dist/ with scripts/build-packages.sh
# when a package is missing.
#
# Environment: DIST (default dist), DDNS_IT_WORK (default
# /var/tmp/ddns-install-test: roots, logs, and outside CI a cache of the
# debootstrap tarballs), DDNS_IT_MIRROR (default: this machine's apt mirror),
# DDNS_IT_ARM64=0 skips the arm64 phases and DDNS_IT_FRESH=0 the fresh build
# (each prints a SKIP line, and fails the run under CI=true),
# DDNS_IT_FRESH_TARGETS (default amd64) what the fresh build makes,
# DDNS_IT_KEEP=1 keeps the roots.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS=-buildvcs=false
# shellcheck source=lib/go.sh
. scripts/lib/go.sh
ensure_go

# shellcheck source-path=SCRIPTDIR/..
. scripts/install-test/lib.sh
. scripts/install-test/chroot.sh
. scripts/install-test/boot.sh
. scripts/install-test/boot-checks.sh
. scripts/install-test/apt-repo.sh
. scripts/install-test/credential.sh
. scripts/install-test/fresh-build.sh
. scripts/install-test/hooks.sh

DIST=$(realpath -m "${DIST:-dist}")
WORK=${DDNS_IT_WORK:-/var/tmp/ddns-install-test}
ARM64=${DDNS_IT_ARM64:-1}
FRESH=${DDNS_IT_FRESH:-1}
SKIPS=()
[ "$ARM64" = 1 ] || SKIPS+=("arm64 chroot and boot phases (DDNS_IT_ARM64=$ARM64)")
[ "$FRESH" = 1 ] || SKIPS+=("fresh build on a root without Go (DDNS_IT_FRESH=$FRESH)")

# Random per run, so no secret is written into the repository; it still ends
# up in throwaway files under $WORK only.
FAKE_PASSWORD=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
export FAKE_PASSWORD

if [ "$(id -u)" != 0 ]; then
	echo "test-install: needs root (debootstrap, chroot, systemd-nspawn)" >&2
	exit 2
fi

START=$(date +%s)
# A signal can arrive while a function runs with its output redirected
# (wait_run ... >/dev/null); the report must still reach the real stdout.
exec 3>&1 4>&2
finish() {
	local rc=$?
	exec 1>&3 2>&4
	phase_end
	run_cleanups
	if [ "${DDNS_IT_KEEP:-0}" != 1 ]; then rm -rf "$WORK/root-amd64" "$WORK/root-arm64"; fi
	printf '\ntimings:\n'
	printf '  %s\n' "${TIMINGS[@]}"
	if [ "$rc" -ne 0 ]; then
		FAILED=$((FAILED + 1))
		echo "FAIL  test-install.sh stopped early (exit $rc)"
	fi
	# A skipped phase proves nothing: said in the summary, and a failure
	# under CI.
	local s
	for s in "${SKIPS[@]}"; do
		echo "SKIP  $s"
		if [ "${CI:-}" = true ]; then fail "skipped under CI=true: $s"; fi
	done
	printf 'install test took %ss\n' "$(($(date +%s) - START))"
	printf 'install-test: %d passed, %d failed\n' "$PASSED" "$FAILED"
	[ "$FAILED" -eq 0 ] || exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

phase "setup: tools, packages, binfmt"
mkdir -p "$WORK"
need=()
for p in debootstrap systemd-container qemu-user-static binfmt-support curl; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "apt-get install ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
for a in amd64 arm64; do
	if [ ! -s "$DIST/ddns_$a.deb" ]; then
		echo "no $DIST/ddns_$a.deb: running scripts/build-packages.sh"
		DIST=$DIST scripts/build-packages.sh
		break
	fi
done
go build -o "$WORK/fakeserver" ./scripts/fakeserver
if [ "$ARM64" = 1 ]; then
	binfmt_arm64
	# debootstrap of a foreign root is the slowest step (every maintainer
	# script runs under qemu): start it now, alongside the amd64 phases.
	(
		rc=0
		(make_root arm64 "$WORK/root-arm64") >"$WORK/root-arm64.out" 2>&1 || rc=$?
		echo "$rc" >"$WORK/root-arm64.rc"
	) &
	ARM64_BOOTSTRAP=$!
	on_exit "kill $ARM64_BOOTSTRAP 2>/dev/null; wait $ARM64_BOOTSTRAP 2>/dev/null"
fi

phase "amd64 root (debootstrap)"
make_root amd64 "$WORK/root-amd64"

phase "amd64 chroot: install, upgrade, remove, purge"
chroot_suite amd64 "$WORK/root-amd64" "$DIST/ddns_amd64.deb"

phase "amd64 boot: systemd-nspawn, timer, service, purge"
boot_suite amd64 "$WORK/root-amd64" "$DIST/ddns_amd64.deb"

if [ "$FRESH" = 1 ]; then
	phase "amd64 fresh build: scripts/build-packages.sh where there is no Go"
	fresh_build_suite "$WORK/root-amd64"
fi

if [ "$ARM64" = 1 ]; then
	phase "arm64 root (debootstrap under qemu, started in setup)"
	wait "$ARM64_BOOTSTRAP" || true
	cat "$WORK/root-arm64.out"
	if [ "$(cat "$WORK/root-arm64.rc" 2>/dev/null)" = 0 ]; then
		phase "arm64 chroot under qemu: install, upgrade, remove, purge"
		chroot_suite arm64 "$WORK/root-arm64" "$DIST/ddns_arm64.deb"
		phase "arm64 boot under qemu: systemd-nspawn, timer, service, purge"
		boot_suite arm64 "$WORK/root-arm64" "$DIST/ddns_arm64.deb"
	else
		fail "[arm64] debootstrap of the arm64 root"
	fi
fi
