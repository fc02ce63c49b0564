# Phase "fresh build": the README's first command, scripts/build-packages.sh,
# on a Debian root that has never seen Go, as root, with no manual step: it
# must fetch Go itself (scripts/lib/go.sh: apt, backports, the Go module
# proxy) and make the packages. Sourced by scripts/test-install.sh; uses
# lib.sh. Runs in the amd64 root once the other amd64 phases are done with it.

# The targets built there: the point is the bootstrap of Go, which all four
# share; each further target costs a cold standard-library build.
FRESH_TARGETS=${DDNS_IT_FRESH_TARGETS:-amd64}

# fresh_source DIR: the repository's files as a clone has them (what git
# tracks, plus new files not ignored), without dist/ and build/.
fresh_source() {
	local dst=$1
	mkdir -p "$dst"
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard | grep -zv -E '^(dist|build)/' |
			tar --null -T - -cf - | tar -xf - -C "$dst"
	else
		tar --exclude=./dist --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$dst"
	fi
}

fresh_build_suite() {
	local r=$1 a="[amd64 fresh build]" src=/usr/src/ddns rc=0 t deb
	mount_chroot "$r"
	check "$a the root has no Go" test -z "$(in_root "$r" sh -c 'command -v go; ls -d /usr/lib/go* /usr/local/go 2>/dev/null')"
	rm -rf "${r:?}$src"
	fresh_source "$r$src"
	# The host's trust, so the root reaches the Go module proxy as this
	# machine does (some networks inspect TLS with their own CA); nothing
	# of Go comes from the host.
	cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/ca-certificates.crt"
	echo "      in the root: cd $src && TARGETS_ONLY='$FRESH_TARGETS' scripts/build-packages.sh (log $WORK/fresh-build.log)"
	in_root "$r" bash -c "cd $src && TARGETS_ONLY='$FRESH_TARGETS' scripts/build-packages.sh" \
		>"$WORK/fresh-build.log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then pass "$a scripts/build-packages.sh on a root without Go"; else
		fail "$a scripts/build-packages.sh exited $rc"
		tail -n 20 "$WORK/fresh-build.log" | sed 's/^/      | /'
	fi
	grep '^go: ' "$WORK/fresh-build.log" | grep -v '^go: downloading github\|^go: downloading golang.org/x\|^go: downloading [a-z]' | sed 's/^/      /' || true
	expect_grep "$a it said how it got Go" '^go: using ' "$(cat "$WORK/fresh-build.log")"
	for t in $FRESH_TARGETS; do
		deb=$r$src/dist/ddns_$t.deb
		expect_eq "$a dist/ddns_$t.deb is a ddns package" "$(dpkg-deb -f "$deb" Package 2>&1)" ddns
	done
	umount_chroot "$r"
}
