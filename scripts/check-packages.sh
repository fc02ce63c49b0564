#!/usr/bin/env bash
# Proves the Debian packages are right, on this machine:
#   1. builds them (scripts/build-packages.sh) and builds them again with an
#      empty Go build cache: every .deb must have the same sha256;
#   2. go test ./cmd/mkdeb: dpkg-deb -I/-c golden files, mkdeb's own tests,
#      and that cmd/ddns does not link nfpm;
#   3. lintian on every package: no errors, no warnings;
#   4. every ARM binary under qemu-user-static: `ddns version`, `ddns check`
#      on a sample config (exit 0) and on the shipped template (exit 2);
#      armv6 on a Pi Zero/1 CPU (arm1176), where a GOARM=7 build must die
#      with SIGILL; arm64 on a Pi 3 CPU (cortex-a53);
#   5. systemd-analyze security --offline: exposure at most 1.2;
#      systemd-analyze verify --root on the unpacked package: exit 0 and
#      nothing on stderr;
#   6. goreleaser check, and a goreleaser --snapshot build whose packages
#      must agree with ours file for file and field for field.
#
#   scripts/check-packages.sh
#
# Installs what it needs with apt-get when missing, and goreleaser with go
# install into a cache, $TOOLS_CACHE/goreleaser-<its version>-<Go version>
# (TOOLS_CACHE default /var/tmp/ddns-cache): built once per goreleaser and Go
# version (3 to 9 minutes on 2 cores), rebuilt whenever it is missing.
# GORELEASER=path uses that binary instead. SKIP_GORELEASER=1 skips step 6
# (the summary says SKIP, and under CI=true the script then fails);
# REPRO_WARM=1 reuses the Go build cache for the second build of step 1
# (faster, weaker proof).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=lib/go.sh
. scripts/lib/go.sh
ensure_go
ROOT=$PWD
DIST=${DIST:-dist}
BUILD=${BUILD:-build}
MAX_EXPOSURE=1.2
GORELEASER_VERSION=v2.16.0
TOOLS_CACHE=${TOOLS_CACHE:-/var/tmp/ddns-cache}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
SUMMARY=()
SKIPPED=()
note() { SUMMARY+=("$*"); echo "$*"; }
skip() { SKIPPED+=("$*"); echo "SKIP  $*"; }

# --- tools -------------------------------------------------------------------
need=()
for pair in lintian:lintian qemu-arm-static:qemu-user-static \
	qemu-aarch64-static:qemu-user-static systemd-analyze:systemd \
	dpkg-deb:dpkg man:man-db git:git; do
	command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
	step "apt-get install ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# goreleaser depends on the Go that builds it, so the cache key has both.
GORELEASER_DIR=$TOOLS_CACHE/goreleaser-$GORELEASER_VERSION-$(go env GOVERSION)
GORELEASER=${GORELEASER:-$GORELEASER_DIR/goreleaser}
if [ "${SKIP_GORELEASER:-}" != 1 ] && [ ! -x "$GORELEASER" ]; then
	step "go install goreleaser $GORELEASER_VERSION into $GORELEASER_DIR (3 to 9 minutes, once per Go version)"
	# Installed aside and renamed, so an interrupted build leaves no
	# half-written binary the next run would trust, and two runs at once
	# do not write into the same directory.
	mkdir -p "$TOOLS_CACHE"
	tmp=$(mktemp -d "$GORELEASER_DIR.tmp.XXXXXX") && chmod 755 "$tmp"
	GOBIN=$tmp go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
	mv -T "$tmp" "$GORELEASER_DIR" 2>/dev/null || rm -rf "$tmp" # another run was first
	[ -x "$GORELEASER" ] || fail "no $GORELEASER after go install"
fi

# --- 1. build, twice ---------------------------------------------------------
step "build"
DIST=$DIST BUILD=$BUILD scripts/build-packages.sh
# The architectures, from mkdeb's table (the one list of them).
mapfile -t TARGETS < <("$BUILD/mkdeb" -targets | cut -d' ' -f1)

step "reproducible: a second build must give the same bytes"
cache=$(go env GOCACHE)
[ "${REPRO_WARM:-}" = 1 ] || cache=$WORK/gocache
GOCACHE=$cache DIST=$WORK/again BUILD=$WORK/build scripts/build-packages.sh >/dev/null
for a in "${TARGETS[@]}"; do
	s1=$(sha256sum <"$DIST/ddns_$a.deb" | cut -d' ' -f1)
	s2=$(sha256sum <"$WORK/again/ddns_$a.deb" | cut -d' ' -f1)
	[ "$s1" = "$s2" ] || fail "ddns_$a.deb differs between two builds ($s1 vs $s2)"
	echo "  ddns_$a.deb $s1"
done
note "reproducible: all four packages identical across two builds"

# --- 2. go tests ---------------------------------------------------------------
step "go test ./cmd/mkdeb (golden dpkg-deb -I/-c, runtime deps)"
go test -count=1 ./cmd/mkdeb

# --- 3. lintian ----------------------------------------------------------------
step "lintian"
debs=()
for a in "${TARGETS[@]}"; do debs+=("$DIST/ddns_$a.deb"); done
# One package at a time so a finding names the file; --fail-on makes
# warnings fatal too. "running with root privileges" is lintian's note
# about being run as root, not about the package.
for d in "${debs[@]}"; do
	out=$(lintian --fail-on error,warning --display-info "$d" 2>&1) || { echo "$out"; fail "lintian $d"; }
	out=$(grep -v '^running with root privileges' <<<"$out" || true)
	[ -z "$out" ] || { echo "$out"; fail "lintian $d printed findings"; }
	echo "  $d: clean"
done
note "lintian --fail-on error,warning --display-info: no findings on any package"

# --- 4. qemu -------------------------------------------------------------------
step "qemu-user: ARM binaries"
ulimit -c 0 # the SIGILL check must not leave core files
# The sample config, given both ways ddns reads settings: as the file
# DDNS_CONFIG names and as environment variables.
SAMPLE=(
	DDNS_PROVIDER=namecheap
	DDNS_DOMAIN=example.com
	DDNS_HOSTS=@,www
	DDNS_API_PASSWORD=0123456789abcdef0123456789abcdef
	DDNS_IP=203.0.113.7
)
printf '%s\n' "${SAMPLE[@]}" >"$WORK/sample.env"
# run_check NAME EMULATOR... : version, check on the sample, check on the
# shipped (all commented out) template.
run_check() {
	local name=$1
	shift
	local bin=$BUILD/bin/ddns_$name out code=0
	out=$("$@" "$bin" version) || fail "$name: ddns version under $*"
	echo "  $name ($*): $out"
	# env -i: ddns refuses unknown DDNS_* variables, and the caller's
	# environment may hold some (DDNS_IT_WORK for test-install.sh).
	env -i PATH="$PATH" "${SAMPLE[@]}" DDNS_CONFIG="$WORK/sample.env" DDNS_STATE_DIR="$WORK/state-$name" \
		"$@" "$bin" check >/dev/null 2>"$WORK/err" || code=$?
	[ "$code" = 0 ] || { cat "$WORK/err"; fail "$name: ddns check on the sample exited $code under $*"; }
	code=0
	env -i PATH="$PATH" DDNS_CONFIG="$ROOT/packaging/ddns.default" DDNS_STATE_DIR="$WORK/state-$name" \
		"$@" "$bin" check >/dev/null 2>"$WORK/err" || code=$?
	[ "$code" = 2 ] || fail "$name: ddns check on the shipped template exited $code, want 2"
	echo "  $name: check ok on the sample, exit 2 on the fresh template: $(head -n1 "$WORK/err")"
}
run_check amd64 env
run_check arm64 qemu-aarch64-static -cpu cortex-a53
run_check armv7 qemu-arm-static -cpu cortex-a7
run_check armv6 qemu-arm-static -cpu arm1176
# In a subshell with stderr discarded: bash's own "Illegal instruction"
# report is expected here.
code=$( (qemu-arm-static -cpu arm1176 "$BUILD/bin/ddns_armv7" version >/dev/null 2>&1; echo $?) 2>/dev/null)
if [ "$code" = 132 ]; then
	note "qemu: armv6 runs on arm1176 (Pi Zero/1); armv7 dies there with SIGILL as it should; arm64 runs on cortex-a53"
else
	fail "the GOARM=7 build exited $code on arm1176, expected 132 (SIGILL): the CPU model check proves nothing"
fi

# --- 5. systemd ----------------------------------------------------------------
step "systemd-analyze security --offline=true"
for unit in ddns.service ddns@.service; do
	score=$(systemd-analyze security --offline=true "packaging/$unit" 2>&1 |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	[ -n "$score" ] || fail "no exposure score for $unit"
	awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }' ||
		fail "$unit exposure $score is above $MAX_EXPOSURE"
	note "systemd-analyze security $unit: exposure $score (limit $MAX_EXPOSURE)"
done

step "systemd-analyze verify --root on the unpacked amd64 package"
vroot=$WORK/root
mkdir -p "$vroot/usr/lib/systemd"
# systemd's own units (sysinit.target, timers.target...) for the
# dependencies, then the package on top.
cp -a /usr/lib/systemd/system "$vroot/usr/lib/systemd/"
dpkg -x "$DIST/ddns_amd64.deb" "$vroot"
# MANPATH: verify runs `man` for Documentation=man:ddns(8); this proves
# the page is in the package.
code=0
MANPATH=$vroot/usr/share/man systemd-analyze verify --root="$vroot" \
	ddns.service ddns.timer ddns@check.service ddns@check.timer 2>"$WORK/verify" || code=$?
if [ "$code" != 0 ] || [ -s "$WORK/verify" ]; then
	cat "$WORK/verify"
	fail "systemd-analyze verify exited $code"
fi
note "systemd-analyze verify: ddns.service ddns.timer ddns@.service ddns@.timer clean"

# --- 6. goreleaser ---------------------------------------------------------------
if [ "${SKIP_GORELEASER:-}" = 1 ]; then
	skip "goreleaser: SKIP_GORELEASER=1, the packages goreleaser builds were not compared with ours"
else
	step "goreleaser check and --snapshot build ($("$GORELEASER" --version 2>/dev/null | sed -n 's/^GitVersion: *//p'))"
	# In a copy of the working tree committed to a throwaway repository:
	# goreleaser needs a commit, and this checks what is here, edits
	# included, without touching the real repository.
	copy=$WORK/src
	mkdir -p "$copy"
	tar --exclude=./.git --exclude="./$DIST" --exclude="./$BUILD" -cf - . | tar -xf - -C "$copy"
	(
		cd "$copy"
		git init -q
		git add -A
		git -c user.name=check -c user.email=check@invalid commit -qm snapshot
		"$GORELEASER" check
		"$GORELEASER" release --snapshot --clean --skip=publish >"$WORK/goreleaser.log" 2>&1 ||
			{ cat "$WORK/goreleaser.log"; exit 1; }
	) || fail "goreleaser"
	# Fields that legitimately differ: the version (a snapshot's), the
	# installed size (follows the binary), and Architecture-Variant, which
	# goreleaser always writes for amd64 (from GOAMD64) and lintian calls
	# an unknown field; ours leaves it out.
	fields() { dpkg-deb -f "$1" | grep -Ev '^(Version|Installed-Size|Architecture-Variant):'; }
	listing() { dpkg-deb -c "$1" | awk '{ $3 = $4 = $5 = ""; print }'; }
	# Control files, and the checksums of every file but the binary
	# (goreleaser's carries a snapshot version string).
	scripts() {
		for s in conffiles preinst postinst prerm postrm; do dpkg-deb -I "$1" "$s" 2>/dev/null || echo "no $s"; done
		dpkg-deb -I "$1" md5sums | grep -v ' usr/bin/ddns$'
	}
	for a in "${TARGETS[@]}"; do
		ours=$DIST/ddns_$a.deb theirs=$copy/build/goreleaser/ddns_$a.deb
		[ -f "$theirs" ] || fail "goreleaser made no ddns_$a.deb"
		diff -u <(fields "$ours") <(fields "$theirs") || fail "control fields of ddns_$a.deb differ"
		diff -u <(listing "$ours") <(listing "$theirs") || fail "contents of ddns_$a.deb differ"
		diff -u <(scripts "$ours") <(scripts "$theirs") >/dev/null || fail "maintainer scripts or file contents of ddns_$a.deb differ"
		echo "  ddns_$a.deb: same files, modes, owners, contents, fields and scripts"
	done
	note "goreleaser $GORELEASER_VERSION snapshot: packages agree with ours file for file"
fi

step "summary"
for a in "${TARGETS[@]}"; do
	printf '  %-16s %8d bytes\n' "ddns_$a.deb" "$(stat -c %s "$DIST/ddns_$a.deb")"
done
printf '  %s\n' "${SUMMARY[@]}"
if [ ${#SKIPPED[@]} -gt 0 ]; then
	printf '  SKIP  %s\n' "${SKIPPED[@]}"
	# A skipped check proves nothing; CI must not report it as a pass.
	[ "${CI:-}" != true ] || fail "a check was skipped under CI=true"
	echo "package checks passed, but ${#SKIPPED[@]} skipped"
else
	echo "all package checks passed"
fi
