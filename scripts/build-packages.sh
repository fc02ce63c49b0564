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
# Environment overrides: VERSION (default: top of packaging/changelog),
# COMMIT, SOURCE_DATE_EPOCH, DIST (default: dist), BUILD (default: build).
set -euo pipefail

cd "$(dirname "$0")/.."

# target name -> GOARCH GOARM; mkdeb uses the same names for the files.
TARGETS=(
	"arm64 arm64 -"
	"armv7 arm 7"
	"armv6 arm 6"
	"amd64 amd64 -"
)

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
