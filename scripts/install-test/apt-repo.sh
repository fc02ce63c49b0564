# Phase "apt repository" of the booted amd64 root, run after
# boot_purge left the root clean: install ddns from the signed repository of
# scripts/build-apt-repo.sh, served by scripts/fakeserver -files on the
# host's 127.0.0.1; refuse the repository when its signature does not match;
# upgrade to a newer version published into it; then carry the password in
# an encrypted systemd credential and prove it is in no process environment.
# Sourced by scripts/test-install.sh; uses lib.sh, chroot.sh and boot.sh.

APT_KEYRING=/etc/apt/keyrings/ddns-archive-keyring.gpg
# Only ddns's repository: the Debian mirror is not under test, and leaving
# it out keeps apt-get update fast and independent of the network.
APT_ONLY_DDNS=(-o Dir::Etc::SourceList=/dev/null)

# apt_sources URL: /etc/apt/sources.list.d/ddns.sources as the README says,
# for the repository at URL; forgets what apt knew of earlier ones.
apt_sources() {
	cat >"$R/etc/apt/sources.list.d/ddns.sources" <<EOF
Types: deb
URIs: $1
Suites: stable
Components: main
Signed-By: $APT_KEYRING
EOF
	rm -f "$R"/var/lib/apt/lists/127.0.0.1_*
}

# apt_refused NAME PATTERN: apt-get update fails on the repository with
# PATTERN (NO_PUBKEY, BADSIG) in its output, and offers no ddns.
apt_refused() {
	local out rc=0
	out=$(in_ct timeout 120 apt-get "${APT_ONLY_DDNS[@]}" update 2>&1) || rc=$?
	expect_grep "$1: apt-get update reports $2 (exit $rc)" "$2" "$out"
	check "$1: apt-get update fails" test "$rc" != 0
	expect_grep "$1: apt offers no ddns" 'Candidate: \(none\)|^$' "$(in_ct apt-cache policy ddns 2>&1 | grep Candidate || true)"
}

# apt_publish DIST: the packages in DIST into the served repository, signed
# with the test key.
apt_publish() {
	DIST=$1 APT=$WORK/apt-serve/good APT_SIGNING_KEY=$WORK/apt-key.asc scripts/build-apt-repo.sh >"$WORK/apt-publish.log" 2>&1 ||
		{ cat "$WORK/apt-publish.log"; return 1; }
}

apt_repo_setup() {
	local serve=$WORK/apt-serve pid _
	rm -rf "$serve" && mkdir -p "$serve"
	scripts/build-apt-repo.sh --new-key "$WORK/apt-key.asc" >/dev/null
	scripts/build-apt-repo.sh --new-key "$WORK/apt-other-key.asc" >/dev/null
	apt_publish "$DIST" || return 1
	# Re-signed by a key apt does not trust, and altered after signing.
	DIST=$DIST APT=$serve/otherkey APT_SIGNING_KEY=$WORK/apt-other-key.asc scripts/build-apt-repo.sh >/dev/null 2>&1
	cp -a "$serve/good" "$serve/tampered"
	sed -i 's/^Label: ddns$/Label: not-ddns/' "$serve/tampered/dists/stable/InRelease" "$serve/tampered/dists/stable/Release"
	rm -f "$WORK/apt.addr"
	"$WORK/fakeserver" -listen 127.0.0.1:0 -addr-file "$WORK/apt.addr" -files "$serve" >"$WORK/apt-server.log" 2>&1 &
	pid=$!
	on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
	for _ in $(seq 100); do
		[ -s "$WORK/apt.addr" ] && break
		sleep 0.1
	done
	APT_URL="http://$(cat "$WORK/apt.addr")/files"
	mkdir -p "$R/etc/apt/keyrings"
	cp "$serve/good/ddns-archive-keyring.gpg" "$R$APT_KEYRING"
	chmod 0644 "$R$APT_KEYRING"
	echo "      repository: $APT_URL/good (key $(mkdir -p "$WORK/gnupg" && chmod 700 "$WORK/gnupg" &&
		gpg --homedir "$WORK/gnupg" --show-keys --with-colons "$R$APT_KEYRING" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }'))"
}

apt_repo_install() {
	local a=$1 out rc=0 ver t1
	apt_sources "$APT_URL/otherkey"
	apt_refused "$a repository signed by another key" NO_PUBKEY
	apt_sources "$APT_URL/tampered"
	apt_refused "$a InRelease altered after signing" BADSIG
	apt_sources "$APT_URL/good"
	check "$a apt-get update with ddns.sources (Signed-By)" in_ct timeout 120 apt-get "${APT_ONLY_DDNS[@]}" update
	out=$(in_ct timeout 300 apt-get "${APT_ONLY_DDNS[@]}" install -y ddns 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a apt-get install ddns from the repository"; else
		fail "$a apt-get install ddns (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
		return 1
	fi
	ver=$(dpkg-deb -f "$DIST/ddns_amd64.deb" Version)
	expect_eq "$a installed version" "$(in_ct dpkg-query -W -f='${Version}' ddns)" "$ver"
	sample_config "${FAKE##*:}" >>"$R/etc/default/ddns"
	timer_dropin ddns.timer
	in_ct systemctl daemon-reload
	check "$a systemctl enable --now ddns.timer" in_ct systemctl enable --now ddns.timer
	t1=$(wait_run ddns.service 0) || fail "$a the timer did not start ddns.service"
	expect_run_ok "$a first run of the repository's ddns" ddns.service
}

# apt_repo_upgrade: a newer amd64 build (a real new binary, so that ddns
# version shows it) published into the repository; apt upgrade takes it.
apt_repo_upgrade() {
	local a=$1 ver next out rc=0 t1 d=$WORK/dist-next
	ver=$(dpkg-deb -f "$DIST/ddns_amd64.deb" Version)
	next="$ver+repo1"
	rm -rf "$d" && mkdir -p "$d"
	cp "$DIST"/ddns_{arm64,armv6,armv7}.deb "$d/"
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$next" -o "$WORK/ddns-next" ./cmd/ddns
	go run ./cmd/mkdeb -arch amd64 -binary "$WORK/ddns-next" -version "$next" -out "$d" >/dev/null
	check "$a publish $next into the repository" apt_publish "$d"
	check "$a apt-get update sees it" in_ct timeout 120 apt-get "${APT_ONLY_DDNS[@]}" update
	out=$(in_ct timeout 300 apt-get "${APT_ONLY_DDNS[@]}" upgrade -y 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a apt-get upgrade"; else
		fail "$a apt-get upgrade (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
	fi
	expect_eq "$a version after apt upgrade" "$(in_ct dpkg-query -W -f='${Version}' ddns)" "$next"
	expect_grep "$a ddns version runs the new binary" "^ddns ${next//+/\\+} " "$(in_ct ddns version)"
	expect_grep "$a apt upgrade kept the edited /etc/default/ddns" "^$EDIT_MARKER" "$(cat "$R/etc/default/ddns")"
	expect_eq "$a timer still enabled and active" \
		"$(in_ct systemctl is-enabled ddns.timer) $(in_ct systemctl is-active ddns.timer)" "enabled active"
	t1=$(run_start ddns.service || true)
	wait_run ddns.service "$t1" >/dev/null || fail "$a no firing after apt upgrade"
	expect_run_ok "$a the timer's run of $next succeeded" ddns.service
}

apt_repo_cleanup() {
	in_ct timeout 300 apt-get purge -y ddns >/dev/null 2>&1 || fail "$BL apt-get purge ddns after the repository checks"
	rm -rf "$R/etc/apt/sources.list.d/ddns.sources" "$R$APT_KEYRING" "$R"/var/lib/apt/lists/127.0.0.1_* \
		"$R/etc/credstore.encrypted" "$R/etc/systemd/system/ddns.timer.d"
}

# apt_repo_suite: the whole phase (amd64 boot only).
apt_repo_suite() {
	local a="$BL apt"
	apt_repo_setup || { fail "$a could not build or serve the repository"; return; }
	if apt_repo_install "$a"; then
		apt_repo_upgrade "$a"
		credential_checks "$BL credential"
	fi
	apt_repo_cleanup
}
