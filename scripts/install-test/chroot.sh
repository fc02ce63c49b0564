# Phase "chroot": install, reinstall, upgrade, remove and purge a package in a
# Debian root where no systemd runs, as in an image build or a container.
# Sourced by scripts/test-install.sh; uses lib.sh.

# sample_config PORT: a complete settings file that `ddns check` accepts,
# pointing at the fake provider on 127.0.0.1:PORT. The marker line proves an
# upgrade kept the user's edit.
EDIT_MARKER='# edited by test-install: keep me'
sample_config() {
	cat <<EOF
$EDIT_MARKER
DDNS_PROVIDER=namecheap
DDNS_DOMAIN=example.com
DDNS_HOSTS=home
DDNS_API_PASSWORD=${FAKE_PASSWORD}
DDNS_SERVER=http://127.0.0.1:$1
DDNS_IP_SOURCES=http://127.0.0.1:$1/ip
EOF
}

# next_deb IN OUT: the same package with a higher version whose shipped
# /etc/default/ddns also changed, so that dpkg meets a real conffile
# conflict on upgrade (the case --force-confold decides).
next_deb() {
	local in=$1 out=$2 t ver
	t=$(mktemp -d)
	dpkg-deb -R "$in" "$t/pkg"
	ver=$(dpkg-deb -f "$in" Version)
	sed -i "s/^Version: .*/Version: ${ver}+inst1/" "$t/pkg/DEBIAN/control"
	echo "# a line added upstream in ${ver}+inst1" >>"$t/pkg/etc/default/ddns"
	(cd "$t/pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
		>"$t/pkg/DEBIAN/md5sums"
	dpkg-deb --root-owner-group -Zgzip -b "$t/pkg" "$out" >/dev/null
	rm -rf "$t"
}

# mode_of ROOT PATH: "mode owner:group" of PATH inside ROOT.
mode_of() { stat -c '%a %U:%G' "$1$2" 2>&1; }

# apt_in ROOT ARGS...: apt-get inside ROOT; its output goes to $APT_OUT.
# Judged by exit status only: in a chroot apt may print "E: Can not write
# log" and still succeed.
apt_in() {
	local r=$1
	shift
	APT_OUT=$(in_root "$r" timeout 300 apt-get -y -o Dpkg::Options::=--force-confdef \
		-o Dpkg::Options::=--force-confold "$@" 2>&1)
}

# chroot_suite ARCH ROOT DEB: the whole non-booted lifecycle.
chroot_suite() {
	local arch=$1 r=$2 deb=$3 a="[$1 chroot]"
	mount_chroot "$r"
	mkdir -p "$r/tmp/debs"
	cp "$deb" "$r/tmp/debs/ddns.deb"
	next_deb "$deb" "$r/tmp/debs/ddns-next.deb"
	# systemd makes /var/lib/private at the first DynamicUser start of any
	# service and /var/lib/systemd/timers for the first stamp: neither is
	# ddns's to remove.
	install -d -m 0700 "$r/var/lib/private"
	mkdir -p "$r/var/lib/systemd/timers"
	listing "$r" >"$WORK/$arch-before.txt"

	if apt_in "$r" install /tmp/debs/ddns.deb; then pass "$a apt-get install ./ddns_$arch.deb"; else
		fail "$a apt-get install ./ddns_$arch.deb"
		printf '%s\n' "$APT_OUT" | tail -n 20
		umount_chroot "$r"
		return
	fi
	expect_grep "$a install prints what to edit and how to enable" \
		'edit /etc/default/ddns.*systemctl enable --now ddns.timer' "$APT_OUT"
	chroot_files "$r" "$a"
	check "$a ddns version runs" in_root "$r" ddns version
	echo "      $(in_root "$r" ddns version 2>&1 | head -n1)"
	local rc=0
	in_root "$r" ddns check >/dev/null 2>&1 || rc=$?
	expect_eq "$a ddns check on the shipped (unfilled) settings exits 2" "$rc" 2
	if [ -e "$r/etc/systemd/system/timers.target.wants/ddns.timer" ]; then
		fail "$a install enabled ddns.timer (it must wait for the user)"
	else pass "$a install enabled nothing"; fi

	# The user's edit: append a full config, as an editor would keep the mode.
	# Port 9 (discard): nothing here contacts the server.
	sample_config 9 >>"$r/etc/default/ddns"
	check "$a ddns check accepts the edited settings" in_root "$r" ddns check
	chroot_upgrade "$r" "$a"
	chroot_remove_purge "$arch" "$r" "$a"
	umount_chroot "$r"
}

chroot_files() {
	local r=$1 a=$2 f
	expect_eq "$a /usr/bin/ddns mode" "$(mode_of "$r" /usr/bin/ddns)" "755 root:root"
	expect_eq "$a /etc/default/ddns mode" "$(mode_of "$r" /etc/default/ddns)" "600 root:root"
	expect_grep "$a /etc/default/ddns is a conffile" '^ ?/etc/default/ddns ' \
		"$(in_root "$r" dpkg-query -W -f='${Conffiles}\n' ddns)"
	for f in ddns.service ddns.timer ddns@.service ddns@.timer; do
		expect_eq "$a /usr/lib/systemd/system/$f" "$(mode_of "$r" "/usr/lib/systemd/system/$f")" "644 root:root"
	done
	for f in /usr/share/man/man8/ddns.8.gz /usr/share/doc/ddns/copyright /usr/share/doc/ddns/changelog.gz; do
		expect_eq "$a $f" "$(mode_of "$r" "$f")" "644 root:root"
	done
}

chroot_upgrade() {
	local r=$1 a=$2 ver
	ver=$(in_root "$r" dpkg-query -W -f='${Version}' ddns || true)
	if apt_in "$r" install --reinstall /tmp/debs/ddns.deb; then pass "$a reinstall $ver"; else
		fail "$a reinstall $ver"
		printf '%s\n' "$APT_OUT" | tail -n 20
	fi
	expect_grep "$a reinstall keeps the edited /etc/default/ddns" "^$EDIT_MARKER" "$(cat "$r/etc/default/ddns")"
	if apt_in "$r" install /tmp/debs/ddns-next.deb; then pass "$a upgrade to $ver+inst1 (--force-confold)"; else
		fail "$a upgrade to $ver+inst1"
		printf '%s\n' "$APT_OUT" | tail -n 20
	fi
	expect_eq "$a version after upgrade" "$(in_root "$r" dpkg-query -W -f='${Version}' ddns)" "$ver+inst1"
	expect_grep "$a upgrade keeps the edited /etc/default/ddns" "^$EDIT_MARKER" "$(cat "$r/etc/default/ddns")"
	expect_grep "$a upgrade puts the new conffile aside as .dpkg-dist" "added upstream" \
		"$(cat "$r/etc/default/ddns.dpkg-dist" 2>&1)"
	expect_eq "$a /etc/default/ddns mode after upgrade" "$(mode_of "$r" /etc/default/ddns)" "600 root:root"
	check "$a ddns check still accepts the settings" in_root "$r" ddns check
}

# fake_runtime_state ROOT: what a booted system leaves after the timer ran
# (made by hand here; the boot phase makes it for real): systemd's private
# state directories and their symlinks (ddns and a ddns@work instance),
# timer stamps, enable links for the timer and the instance.
fake_runtime_state() {
	local r=$1
	install -d -m 0700 -o 61234 -g 61234 "$r/var/lib/private/ddns"
	echo '{}' >"$r/var/lib/private/ddns/state.json"
	chown 61234:61234 "$r/var/lib/private/ddns/state.json"
	ln -s private/ddns "$r/var/lib/ddns"
	install -d -m 0755 "$r/var/lib/private/ddns-instance" "$r/var/lib/ddns-instance"
	install -d -m 0700 -o 61235 -g 61235 "$r/var/lib/private/ddns-instance/work"
	ln -s ../private/ddns-instance/work "$r/var/lib/ddns-instance/work"
	touch "$r/var/lib/systemd/timers/stamp-ddns.timer" "$r/var/lib/systemd/timers/stamp-ddns@work.timer"
	in_root "$r" systemctl enable ddns.timer ddns@work.timer >/dev/null 2>&1
}

chroot_remove_purge() {
	local arch=$1 r=$2 a=$3 d
	fake_runtime_state "$r"
	check "$a systemctl enable (offline) made the timer links" \
		test -L "$r/etc/systemd/system/timers.target.wants/ddns.timer" -a \
		-L "$r/etc/systemd/system/timers.target.wants/ddns@work.timer"
	if apt_in "$r" remove ddns; then pass "$a apt-get remove"; else
		fail "$a apt-get remove"
		printf '%s\n' "$APT_OUT" | tail -n 20
	fi
	expect_eq "$a dpkg status after remove" "$(in_root "$r" dpkg-query -W -f='${db:Status-Abbrev}' ddns)" "rc "
	check "$a remove keeps /etc/default/ddns" test -f "$r/etc/default/ddns"
	check "$a remove deletes /usr/bin/ddns" test ! -e "$r/usr/bin/ddns"
	check "$a remove deletes the timer enable links" \
		test ! -e "$r/etc/systemd/system/timers.target.wants/ddns.timer" -a \
		! -L "$r/etc/systemd/system/timers.target.wants/ddns@work.timer"
	if apt_in "$r" purge ddns; then pass "$a apt-get purge"; else
		fail "$a apt-get purge"
		printf '%s\n' "$APT_OUT" | tail -n 20
	fi
	for d in /var/lib/private/ddns /var/lib/ddns /var/lib/private/ddns-instance /var/lib/ddns-instance \
		/var/lib/systemd/timers/stamp-ddns.timer /var/lib/systemd/timers/stamp-ddns@work.timer \
		/etc/default/ddns /etc/default/ddns.dpkg-dist; do
		check "$a purge removes $d" test ! -e "$r$d" -a ! -L "$r$d"
	done
	check "$a dpkg forgot ddns" test -z "$(ls "$r"/var/lib/dpkg/info/ddns.* 2>/dev/null)"
	listing "$r" >"$WORK/$arch-after.txt"
	if diff -u "$WORK/$arch-before.txt" "$WORK/$arch-after.txt" >"$WORK/$arch-purge.diff"; then
		pass "$a purge leaves the root as before install (file listing identical)"
	else
		fail "$a purge left differences (< before install, > after purge):"
		grep -E '^[-+][^-+]' "$WORK/$arch-purge.diff" | head -n 30 | sed 's/^/      | /'
	fi
}
