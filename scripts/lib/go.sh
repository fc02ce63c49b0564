# ensure_go: makes the Go that go.mod asks for the first `go` on PATH, on a
# machine that may have no Go at all. Sourced by the scripts that build
# (build-packages.sh, test.sh, check-packages.sh, bench.sh, test-install.sh):
#
#   . scripts/lib/go.sh && ensure_go
#
# In order, it takes the first of these that works, and says on stderr
# which one it took:
#   1. a `go` at least as new as go.mod's `go` line: on PATH, in
#      /usr/local/go (the official tarball's place), or a toolchain Go
#      downloaded earlier into the module cache;
#   2. a Go 1.21 or newer (the first that can fetch toolchains), fetching
#      the exact release through the Go module proxy (GOTOOLCHAIN=goX.Y.Z:
#      golang.org/toolchain, checked against the checksum database);
#   3. as root on Debian: apt-get install the newest golang-1.2x-go apt
#      offers (Debian 12's own golang-go is 1.19, too old for step 2; its
#      backports have 1.2x: their apt source is added when missing), then 2.
# Afterwards GOTOOLCHAIN=local, so no later command fetches anything.
#
# Environment: GO_BOOTSTRAP_APT=0 forbids step 3 (fail instead).

# go_required: the version go.mod's `go` line (or its `toolchain` line,
# when newer) asks for, e.g. 1.26.8.
go_required() {
	local root=${1:-.} v t
	v=$(sed -n 's/^go \([0-9][0-9.]*\)$/\1/p' "$root/go.mod" | head -n1)
	t=$(sed -n 's/^toolchain go\([0-9][0-9.]*\)$/\1/p' "$root/go.mod" | head -n1)
	if [ -n "$t" ] && version_ge "$t" "$v"; then v=$t; fi
	echo "$v"
}

# version_ge A B: A >= B, comparing dotted versions numerically.
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }

# go_version_of GO: "1.26.8" for that go binary, empty if it does not run.
# GOTOOLCHAIN=local: ask the binary itself, never let it switch.
go_version_of() {
	GOTOOLCHAIN=local "$1" env GOVERSION 2>/dev/null | sed -n 's/^go\([0-9][0-9.]*\).*/\1/p'
}

# go_candidates: every go binary on this machine, best guesses first.
go_candidates() {
	local modcache=${GOMODCACHE:-${GOPATH:-$HOME/go}/pkg/mod} g
	command -v go 2>/dev/null || true
	for g in /usr/local/go/bin/go "$modcache"/golang.org/toolchain@v0.0.1-go*/bin/go \
		$(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -rV); do
		[ -x "$g" ] && echo "$g"
	done
}

# go_use GO: put GO's directory first on PATH, for this shell and its children.
go_use() {
	PATH="$(dirname "$1"):$PATH"
	export PATH GOTOOLCHAIN=local
	hash -r
}

ensure_go() {
	local want g v best= bestv=0 root
	root=$PWD # callers cd to the repository root first
	want=$(go_required "$root")
	[ -n "$want" ] || { echo "ensure_go: no 'go' line in $root/go.mod" >&2; return 1; }
	export HOME=${HOME:-/root} # Go's module cache and build cache live under it
	for g in $(go_candidates | awk '!seen[$0]++'); do
		v=$(go_version_of "$g")
		[ -n "$v" ] || continue
		if version_ge "$v" "$want"; then
			go_use "$g"
			echo "go: using $g (go$v; go.mod wants $want)" >&2
			return 0
		fi
		if version_ge "$v" "$bestv"; then best=$g bestv=$v; fi
	done
	if ! version_ge "$bestv" 1.21; then
		go_apt_install || return 1
		best=$(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -V | tail -n1)
		bestv=$(go_version_of "$best")
	fi
	go_fetch_toolchain "$best" "$bestv" "$want"
}

# go_fetch_toolchain GO GOVERSION WANT: GO downloads go$WANT through the
# module proxy into the module cache, which later runs find in step 1.
go_fetch_toolchain() {
	local g=$1 v=$2 want=$3 goroot
	echo "go: found go$v ($g), older than go.mod's $want: fetching go$want through the Go module proxy ($(GOTOOLCHAIN=local "$g" env GOPROXY))" >&2
	if ! goroot=$(GOTOOLCHAIN="go$want" "$g" env GOROOT) || [ ! -x "$goroot/bin/go" ]; then
		echo "ensure_go: could not fetch go$want with $g (GOTOOLCHAIN=go$want)" >&2
		return 1
	fi
	go_use "$goroot/bin/go"
	echo "go: using $goroot/bin/go (go$(go_version_of "$goroot/bin/go"))" >&2
}

# go_apt_install: a Go new enough to fetch toolchains, from Debian.
go_apt_install() {
	if [ "${GO_BOOTSTRAP_APT:-1}" = 0 ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		echo "ensure_go: no Go 1.21 or newer here; install Go $(go_required) (https://go.dev/dl/) or run this as root on Debian" >&2
		return 1
	fi
	local pkg
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	pkg=$(go_apt_candidate)
	if [ -z "$pkg" ]; then
		go_add_backports || return 1
		apt-get update -qq
		pkg=$(go_apt_candidate)
	fi
	[ -n "$pkg" ] || { echo "ensure_go: apt offers no golang-1.2x-go, even from backports" >&2; return 1; }
	echo "go: apt-get install $pkg (to fetch the Go toolchain go.mod asks for)" >&2
	apt-get install -y -qq --no-install-recommends -t "$(go_apt_release "$pkg")" "$pkg" >/dev/null
}

# go_apt_candidate: the newest golang-1.NN-go (NN >= 21) apt can install.
go_apt_candidate() {
	apt-cache pkgnames golang-1. 2>/dev/null | grep -E '^golang-1\.(2[1-9]|[3-9][0-9])-go$' | sort -V | tail -n1
}

# go_apt_release PKG: the release (suite) whose version of PKG apt would
# take with -t, e.g. bookworm-backports (backports are not installed
# without -t).
go_apt_release() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	if apt-cache policy "$1" | grep -q -- "-backports"; then echo "$codename-backports"; else echo "$codename"; fi
}

# go_add_backports: adds Debian's backports suite of this release, from the
# mirror apt already uses, as /etc/apt/sources.list.d/ddns-backports.sources.
go_add_backports() {
	local codename mirror f=/etc/apt/sources.list.d/ddns-backports.sources
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "ensure_go: unknown Debian release (/etc/os-release)" >&2; return 1; }
	mirror=$(grep -h -o -E 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | tr -d ' ')
	mirror=${mirror:-http://deb.debian.org/debian}
	echo "go: adding $codename-backports from $mirror ($f)" >&2
	printf '%s\n' "# Added by ddns's scripts/lib/go.sh: a Go new enough to fetch toolchains." \
		'Types: deb' "URIs: $mirror" "Suites: $codename-backports" 'Components: main' \
		'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' >"$f"
}
