#!/usr/bin/env bash
# Builds a signed APT repository in dist/apt/ from the four packages in
# dist/ (scripts/build-packages.sh), with Debian's apt-ftparchive and GnuPG:
#
#   APT_SIGNING_KEY=/path/to/secret-key.asc scripts/build-apt-repo.sh
#   scripts/build-apt-repo.sh                  # signs with a throwaway key (tests)
#   scripts/build-apt-repo.sh --new-key FILE   # only writes a fresh throwaway
#                                              # secret key (no passphrase) to FILE
#
# Layout (publish dist/apt/ as is, e.g. at https://example.org/ddns/):
#
#   dists/stable/         arm64, amd64 and armhf; armhf is the ARMv6 build,
#                         which runs on every Raspberry Pi
#   dists/stable-armv7/   armhf only: the ARMv7 build (Pi 2, 3, 4, 5, Zero 2 W
#                         with a 32-bit OS), for those who choose it
#   pool/main/, pool/armv7/   the packages, as ddns_VERSION_ARCH.deb
#   ddns-archive-keyring.gpg  the public key (binary) for Signed-By:
#
# Both 32-bit builds are ddns/armhf with the same version, so they cannot
# share one armhf index: apt would see one version with two different
# files. A separate suite keeps them apart; a machine lists exactly one.
#
# Publishing a newer version: build the packages with a higher VERSION and
# run this again. Packages already in dist/apt/pool stay and stay listed, so
# users can still install an older version with apt install ddns=VERSION.
#
# Environment: DIST (default dist), APT (default $DIST/apt), APT_SIGNING_KEY (an
# armored or binary OpenPGP secret key file; unset: a throwaway key),
# APT_KEY_PASSPHRASE_FILE (when that key has a passphrase).
set -euo pipefail
cd "$(dirname "$0")/.."

DIST=${DIST:-dist}
APT=${APT:-$DIST/apt}
# our target name -> Debian architecture, suite and pool directory
TARGETS=(
	"amd64 amd64 stable main"
	"arm64 arm64 stable main"
	"armv6 armhf stable main"
	"armv7 armhf stable-armv7 armv7"
)
ARCHS_stable="amd64 arm64 armhf"
ARCHS_stable_armv7="armhf"

die() { echo "build-apt-repo: $*" >&2; exit 1; }

need=()
command -v apt-ftparchive >/dev/null || need+=(apt-utils)
command -v gpg >/dev/null || need+=(gnupg)
if [ ${#need[@]} -gt 0 ]; then
	echo "apt-get install ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT

# new_key: a throwaway signing key in $GNUPGHOME (Ed25519, no passphrase).
new_key() {
	gpg --batch --quiet --passphrase '' --quick-gen-key \
		"ddns throwaway test archive key <ddns@ddns-pi.invalid>" ed25519 sign never
}
fingerprint() { gpg --batch --quiet --no-auto-check-trustdb --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }'; }

if [ "${1:-}" = --new-key ]; then
	[ -n "${2:-}" ] || die "--new-key needs a file name"
	new_key
	(umask 077 && gpg --batch --armor --export-secret-keys "$(fingerprint)" >"$2")
	echo "throwaway secret key $(fingerprint) written to $2"
	exit 0
fi
[ $# = 0 ] || die "unexpected argument $1 (see the comment at the top)"

if [ -n "${APT_SIGNING_KEY:-}" ]; then
	[ -r "$APT_SIGNING_KEY" ] || die "APT_SIGNING_KEY=$APT_SIGNING_KEY: no such readable file"
	gpg --batch --quiet --import "$APT_SIGNING_KEY"
	SIGN=(--batch --yes)
	if [ -n "${APT_KEY_PASSPHRASE_FILE:-}" ]; then
		SIGN+=(--pinentry-mode loopback --passphrase-file "$APT_KEY_PASSPHRASE_FILE")
	fi
else
	echo "build-apt-repo: APT_SIGNING_KEY is unset: signing with a throwaway key (for tests only)"
	new_key
	SIGN=(--batch --yes)
fi
FPR=$(fingerprint)
[ -n "$FPR" ] || die "no secret key to sign with in ${APT_SIGNING_KEY:-the throwaway keyring}"
SIGN+=(--local-user "$FPR")

# --- pool -----------------------------------------------------------------
mkdir -p "$APT"
for t in "${TARGETS[@]}"; do
	read -r name arch _ pool <<<"$t"
	deb=$DIST/ddns_$name.deb
	[ -s "$deb" ] || die "$deb is missing: run scripts/build-packages.sh first"
	got=$(dpkg-deb -f "$deb" Architecture)
	[ "$got" = "$arch" ] || die "$deb is $got, want $arch"
	ver=$(dpkg-deb -f "$deb" Version)
	mkdir -p "$APT/pool/$pool/d/ddns"
	cp "$deb" "$APT/pool/$pool/d/ddns/ddns_${ver}_$arch.deb"
done

# --- indexes and signed Release files ------------------------------------------
# suite SUITE POOL: Packages for each architecture of SUITE from pool/POOL,
# then Release, InRelease and Release.gpg.
suite() {
	local s=$1 pool=$2 a archs dir
	archs=ARCHS_${s//-/_}
	archs=${!archs}
	rm -rf "$APT/dists/$s"
	for a in $archs; do
		dir=$APT/dists/$s/main/binary-$a
		mkdir -p "$dir"
		(cd "$APT" && apt-ftparchive --arch "$a" packages "pool/$pool") >"$dir/Packages"
		[ -s "$dir/Packages" ] || die "no $a package in pool/$pool"
		gzip -9n <"$dir/Packages" >"$dir/Packages.gz"
	done
	apt-ftparchive \
		-o APT::FTPArchive::Release::Origin=ddns \
		-o APT::FTPArchive::Release::Label=ddns \
		-o APT::FTPArchive::Release::Suite="$s" \
		-o APT::FTPArchive::Release::Codename="$s" \
		-o APT::FTPArchive::Release::Architectures="$archs" \
		-o APT::FTPArchive::Release::Components=main \
		-o APT::FTPArchive::Release::Description="ddns, dynamic DNS updater for the Raspberry Pi" \
		release "$APT/dists/$s" >"$APT/dists/$s/Release.tmp"
	mv "$APT/dists/$s/Release.tmp" "$APT/dists/$s/Release"
	gpg "${SIGN[@]}" --clearsign -o "$APT/dists/$s/InRelease" "$APT/dists/$s/Release"
	gpg "${SIGN[@]}" --armor --detach-sign -o "$APT/dists/$s/Release.gpg" "$APT/dists/$s/Release"
}
suite stable main
suite stable-armv7 armv7

gpg --batch --export "$FPR" >"$APT/ddns-archive-keyring.gpg"

# What apt will do: check both signatures against the published key.
for s in stable stable-armv7; do
	gpgv --quiet --keyring "$APT/ddns-archive-keyring.gpg" "$APT/dists/$s/InRelease" 2>/dev/null ||
		die "dists/$s/InRelease does not verify with ddns-archive-keyring.gpg"
	gpgv --quiet --keyring "$APT/ddns-archive-keyring.gpg" "$APT/dists/$s/Release.gpg" "$APT/dists/$s/Release" 2>/dev/null ||
		die "dists/$s/Release.gpg does not verify with ddns-archive-keyring.gpg"
done

echo "APT repository in $APT, signed by $FPR:"
(cd "$APT" && find dists pool ddns-archive-keyring.gpg -type f | sort | sed 's/^/  /')
