# Shared helpers for scripts/test-install.sh: results, timing, the Debian
# root cache, chroot mounts and cleanup. Sourced, not run.

FAILED=0
PASSED=0

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }

# check NAME CMD...: runs CMD quietly; PASS or FAIL with its output.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1 ($2)"; else fail "$1: got '$2', want '$3'"; fi
}

# expect_grep NAME PATTERN TEXT: PATTERN is an extended regex.
expect_grep() {
	if grep -Eq -- "$2" <<<"$3"; then
		pass "$1"
	else
		fail "$1: no line matches /$2/ in:"
		printf '%s\n' "$3" | tail -n 20 | sed 's/^/      | /'
	fi
}

PHASE_NAME=
PHASE_START=0
TIMINGS=()
phase() {
	phase_end
	PHASE_NAME=$1
	PHASE_START=$(date +%s)
	printf '\n--- %s\n' "$PHASE_NAME"
}
phase_end() {
	[ -n "$PHASE_NAME" ] || return 0
	local s=$(($(date +%s) - PHASE_START))
	TIMINGS+=("$(printf '%5ss  %s' "$s" "$PHASE_NAME")")
	printf -- '--- %s: %ss\n' "$PHASE_NAME" "$s"
	PHASE_NAME=
}

# --- cleanup: every phase registers what it leaves behind --------------------

CLEANUPS=()
on_exit() { CLEANUPS+=("$*"); }
run_cleanups() {
	local i
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}" || true
	done
	CLEANUPS=()
}

# --- the Debian mirror this machine's apt uses ------------------------------

# debian_mirror prints the first configured URI serving bookworm's main
# archive (deb822 .sources or one-line .list), so debootstrap fetches from
# wherever apt-get does here; DDNS_IT_MIRROR overrides it.
debian_mirror() {
	if [ -n "${DDNS_IT_MIRROR:-}" ]; then
		echo "$DDNS_IT_MIRROR"
		return
	fi
	local m
	m=$(awk '
		/^[[:space:]]*$/ { if (uri != "" && suite) { print uri; exit } uri = ""; suite = 0; next }
		/^URIs:/ { uri = $2 }
		/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite = 1 }
		END { if (uri != "" && suite) print uri }
	' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
	if [ -z "$m" ]; then
		m=$(sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+bookworm[[:space:]].*/\2/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1)
	fi
	echo "${m:-http://deb.debian.org/debian}"
}

# --- Debian roots ------------------------------------------------------------

# make_root ARCH DIR: a fresh minbase bookworm with systemd in DIR. Outside CI
# the debootstrap result is kept as a tarball in $WORK/cache and unpacked on
# later runs; CI always bootstraps, so a broken mirror or package set shows.
make_root() {
	local arch=$1 dir=$2 tar="$WORK/cache/bookworm-$1.tar"
	rm -rf "$dir"
	if [ "${CI:-}" != true ] && [ -s "$tar" ]; then
		mkdir -p "$dir"
		tar -C "$dir" -xpf "$tar"
		echo "root: unpacked cached $tar"
		return
	fi
	local log="$WORK/debootstrap-$arch.log"
	echo "root: debootstrap $arch from $(debian_mirror) (log $log)"
	if ! debootstrap --arch="$arch" --variant=minbase \
		--include=systemd,systemd-sysv,dbus,ca-certificates \
		bookworm "$dir" "$(debian_mirror)" >"$log" 2>&1; then
		tail -n 30 "$log"
		return 1
	fi
	# Clean apt's download cache so the root is small and listings stable.
	rm -f "$dir"/var/cache/apt/archives/*.deb
	[ "${CI:-}" != true ] || return 0
	mkdir -p "$WORK/cache"
	tar -C "$dir" -cpf "$tar.tmp" . && mv "$tar.tmp" "$tar"
}

# mount_chroot DIR: /proc, /sys and /dev for apt and dpkg inside DIR, each
# registered for unmounting. The root's /run stays empty, so maintainer
# scripts see no running systemd - the chroot case they must handle.
mount_chroot() {
	local d=$1 m
	for m in proc sys dev dev/pts; do
		mkdir -p "$d/$m"
	done
	on_exit "umount_chroot '$d'"
	mount -t proc proc "$d/proc"
	mount --rbind /sys "$d/sys"
	mount --make-rslave "$d/sys"
	mount --bind /dev "$d/dev"
	mount --bind /dev/pts "$d/dev/pts"
}

umount_chroot() {
	local d=$1 m
	for m in dev/pts dev sys proc; do
		if mountpoint -q "$d/$m"; then umount -R -l "$d/$m"; fi
	done
}

# in_root DIR CMD...: CMD inside DIR with a clean environment.
in_root() {
	local d=$1
	shift
	chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# listing DIR: every path of the root with its type, mode and owner, less what
# apt, dpkg and logs change on their own. Comparing two listings proves a purge
# left nothing behind (dpkg's own records are checked separately).
listing() {
	(cd "$1" && find . -xdev -printf '%y %m %u:%g %p\n') |
		grep -Ev ' \./(proc|sys|dev|run|tmp)(/|$)| \./var/(log|cache)/| \./var/lib/(dpkg|apt)/' |
		sort -k4
}

# binfmt_arm64: lets the kernel run arm64 binaries through qemu-user-static,
# so debootstrap and chroot work in an arm64 root. The F flag (from the
# qemu-user-static binfmt.d file) opens the interpreter now, so it need not
# exist inside the root.
binfmt_arm64() {
	local mnt=/proc/sys/fs/binfmt_misc
	mountpoint -q "$mnt" || mount -t binfmt_misc binfmt_misc "$mnt"
	if [ ! -e "$mnt/qemu-aarch64" ]; then
		/lib/systemd/systemd-binfmt /usr/lib/binfmt.d/qemu-aarch64.conf
	fi
	echo "binfmt: qemu-aarch64 $(head -n1 "$mnt/qemu-aarch64")"
}
