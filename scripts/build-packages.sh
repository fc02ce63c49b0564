#!/usr/bin/env bash
# Builds the ddns binary for every target and packages each one into
# dist/: ddns_arm64.deb, ddns_armv7.deb, ddns_armv6.deb, ddns_amd64.deb.
#
#   scripts/build-packages.sh
#
# Reproducible: the same commit gives the same bytes. Binaries are static
# (CGO_ENABLED=0), stripped and built with -trimpath; every timestamp is
# SOURCE_DATE_EPOCH (default: the last commit's time, or the changelog's
# date when there is no commit yet).
#
# Needs Go as go.mod says; without it, scripts/lib/go.sh fetches it (as
# root on Debian: apt-get and the Go module proxy) and says what it did.
#
# Environment overrides: VERSION (default: top of packaging/changelog),
# COMMIT, SOURCE_DATE_EPOCH, DIST (default: dist), BUILD (default: build),
# TARGETS_ONLY (space-separated target names, e.g. "amd64": build only
# those; default all that `mkdeb -targets` lists).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=lib/go.sh
. scripts/lib/go.sh
ensure_go

changelog_version() { sed -n '1s/^ddns (\([^)]*\)).*/\1/p' packaging/changelog; }
changelog_epoch() { date -u -d "$(sed -n 's/^ -- .*>  //p' packaging/changelog | head -n1)" +%s; }

VERSION=${VERSION:-$(changelog_version)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || changelog_epoch)}
export SOURCE_DATE_EPOCH
DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
DIST=${DIST:-dist}
BUILD=${BUILD:-build}

LDFLAGS="-s -w -X main.version=$VERSION -X main.commit=$COMMIT -X main.date=$DATE"
echo "ddns $VERSION (commit $COMMIT, date $DATE)"

mkdir -p "$BUILD/bin" "$DIST"
go build -trimpath -buildvcs=false -o "$BUILD/mkdeb" ./cmd/mkdeb

# "name goarch goarm" per target, from mkdeb's table (the one list of
# architectures), less those TARGETS_ONLY leaves out.
TARGETS=()
while read -r name goarch goarm; do
	if [ -n "${TARGETS_ONLY:-}" ] && [[ " $TARGETS_ONLY " != *" $name "* ]]; then continue; fi
	TARGETS+=("$name $goarch $goarm")
done < <("$BUILD/mkdeb" -targets)
[ ${#TARGETS[@]} -gt 0 ] || { echo "build-packages: TARGETS_ONLY='${TARGETS_ONLY:-}' names no target ($("$BUILD/mkdeb" -targets | cut -d' ' -f1 | tr '\n' ' '))" >&2; exit 2; }

for t in "${TARGETS[@]}"; do
	read -r name goarch goarm <<<"$t"
	[ "$goarm" = - ] && goarm=
	bin="$BUILD/bin/ddns_$name"
	CGO_ENABLED=0 GOOS=linux GOARCH=$goarch GOARM=$goarm \
		go build -trimpath -buildvcs=false -ldflags "$LDFLAGS" -o "$bin" ./cmd/ddns
	"$BUILD/mkdeb" -arch "$name" -binary "$bin" -version "$VERSION" -out "$DIST" >/dev/null
done

echo "packages:"
for t in "${TARGETS[@]}"; do
	read -r name _ <<<"$t"
	f="$DIST/ddns_$name.deb"
	printf '  %-22s %8d bytes  (binary %d bytes)\n' "$f" "$(stat -c %s "$f")" \
		"$(stat -c %s "$BUILD/bin/ddns_$name")"
done
