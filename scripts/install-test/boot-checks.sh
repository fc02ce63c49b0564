# The checks of the "boot" phase, in the order a user meets them. Sourced by
# scripts/test-install.sh; uses lib.sh, chroot.sh and boot.sh.

WANTS=/etc/systemd/system/timers.target.wants

# known NAME VALUE: VALUE, read before an action to compare with after it,
# is a number. An empty one (the fake or systemd did not answer) would make
# the comparison pass or fail for the wrong reason: that is a failure itself.
known() {
	[[ "$2" =~ ^[0-9]+$ ]] && return 0
	fail "$1: the value before is '$2', not a number: nothing to compare with"
	return 1
}

boot_install() {
	local a=$BL out rc=0
	out=$(in_ct timeout 300 apt-get install -y /mnt/ddns-debs/ddns.deb 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a apt-get install ./ddns_$BOOT_ARCH.deb with systemd running"; else
		fail "$a apt-get install (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
		return 1
	fi
	expect_eq "$a install leaves ddns.timer disabled" "$(in_ct systemctl is-enabled ddns.timer 2>&1)" disabled
	expect_eq "$a install starts nothing" \
		"$(in_ct systemctl is-active ddns.timer ddns.service 2>&1 | tr '\n' ' ')" "inactive inactive "

	# The user fills in the settings (mode stays 0600) ...
	sample_config "${FAKE##*:}" >>"$R/etc/default/ddns"
	expect_eq "$a /etc/default/ddns mode after the edit" "$(mode_of "$R" /etc/default/ddns)" "600 root:root"
	check "$a ddns check accepts the settings" in_ct ddns check
	out=$(in_ct ddns status 2>&1 || true)
	expect_grep "$a ddns status before any run says so" 'no update yet' "$out"
}

boot_timer() {
	local a=$BL t1 t2 t3 out uid
	timer_dropin ddns.timer
	in_ct systemctl daemon-reload
	expect_grep "$a the interval drop-in keeps a boot trigger" 'OnBootUSec=1s.*OnUnitActiveUSec=5s|OnUnitActiveUSec=5s.*OnBootUSec=1s' \
		"$(in_ct systemctl show ddns.timer -p TimersMonotonic | tr '\n' ' ')"
	check "$a systemctl enable --now ddns.timer" in_ct systemctl enable --now ddns.timer
	check "$a enable link $WANTS/ddns.timer" test -L "$R$WANTS/ddns.timer"

	if t1=$(wait_run ddns.service 0); then pass "$a the timer started ddns.service"; else
		fail "$a ddns.service did not run within 30s of enabling the timer"
		in_ct journalctl -u ddns.timer -u ddns.service --no-pager -n 20 | sed 's/^/      | /'
		return
	fi
	expect_run_ok "$a first run succeeded" ddns.service
	expect_eq "$a the fake received exactly one update" "$(stat_of provider_requests)" 1
	expect_eq "$a the fake published home.example.com" "$(host_addr home)" 203.0.113.7
	out=$(in_ct journalctl -u ddns.service -o cat --no-pager || true)
	expect_grep "$a journalctl -u ddns shows the change to 203.0.113.7" \
		'home\.example\.com.*203\.0\.113\.7|203\.0\.113\.7.*home\.example\.com' "$out"
	printf '%s\n' "$out" >"$WORK/$BOOT_ARCH-journal.txt"
	printf '      journal: %s\n' "$(grep -E 'home\.example\.com.*203\.0\.113\.7|203\.0\.113\.7.*home\.example\.com' <<<"$out" | head -n1)"
	boot_sandbox

	local echoes
	echoes=$(stat_of echo_requests || true)
	if t2=$(wait_run ddns.service "$t1"); then pass "$a the timer fired again"; else fail "$a no second firing in 30s"; fi
	expect_run_ok "$a second run succeeded" ddns.service
	expect_eq "$a second run sent nothing (still one update)" "$(stat_of provider_requests)" 1
	if known "$a echo requests before the second run" "$echoes"; then
		check "$a second run did look the address up" test "$(stat_of echo_requests)" -gt "$echoes"
	fi

	# A hand run as root (lesson: it must not leave a file the dynamic user
	# cannot read, or the next timer run updates again).
	check "$a a hand 'ddns run' as root succeeds" in_ct ddns run
	# A missing directory or state file would make "no file of another
	# owner" true of nothing: both must be there.
	uid=$(stat -c %u "$R/var/lib/private/ddns" || echo none)
	if [ "$uid" = none ] || [ ! -f "$R/var/lib/private/ddns/state.json" ]; then
		fail "$a after the hand run there is no /var/lib/private/ddns/state.json to check"
	else
		check "$a after the hand run every state file still belongs to the service's user" \
			test -z "$(find "$R/var/lib/private/ddns" ! -uid "$uid")"
	fi
	t3=$(wait_run ddns.service "$t2") || fail "$a no firing after the hand run"
	expect_run_ok "$a the timer run after the hand run succeeded" ddns.service
	expect_eq "$a ...and sent nothing" "$(stat_of provider_requests)" 1
	expect_grep "$a ddns status shows the published address" '203\.0\.113\.7' "$(in_ct ddns status 2>&1)"

	# The address changes: exactly one more update on the next firing.
	curl -fsS -d 198.51.100.23 "http://$FAKE/control/ip" >/dev/null
	wait_run ddns.service "$t3" >/dev/null || fail "$a no firing after the address change"
	expect_run_ok "$a the run after the address change succeeded" ddns.service
	expect_eq "$a the new address was sent once" "$(stat_of provider_requests)" 2
	expect_eq "$a the fake published the new address" "$(host_addr home)" 198.51.100.23
	check "$a systemd wrote the timer stamp (Persistent=true in the drop-in)" \
		test -e "$R/var/lib/systemd/timers/stamp-ddns.timer"
}

# boot_sandbox: the service ran as a dynamic user with systemd's private
# state directory, and what systemd-analyze scores it (printed only: the
# package check gates on the score).
boot_sandbox() {
	local a=$BL uid uids
	uid=$(stat -c %u "$R/var/lib/private/ddns" 2>/dev/null || echo none)
	if [ "$uid" != none ] && [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ]; then
		pass "$a /var/lib/private/ddns belongs to a dynamic user (uid $uid)"
	else fail "$a /var/lib/private/ddns owner '$uid' is not a DynamicUser uid (61184-65519)"; fi
	expect_eq "$a /var/lib/ddns is systemd's symlink" "$(readlink "$R/var/lib/ddns")" private/ddns
	uids=$(in_ct journalctl -u ddns.service -o export --no-pager | grep -a '^_UID=' | sort -u | tr '\n' ' ' || true)
	expect_grep "$a ddns's own log lines came from uid $uid, not root" "_UID=$uid" "$uids"
	local note=
	[ "$BOOT_ARCH" = amd64 ] || note=" (with the qemu drop-in PrivateUsers=no)"
	printf '      %s%s\n' "$(in_ct systemd-analyze security ddns.service --no-pager 2>&1 | tail -n1)" "$note"
}

boot_instance() {
	local a="$BL ddns@work" t1 t2 f=/etc/default/ddns-work
	sample_config "${FAKE##*:}" | sed 's/^DDNS_HOSTS=.*/DDNS_HOSTS=work/' >"$R$f"
	chmod 0600 "$R$f"
	timer_dropin ddns@work.timer
	in_ct systemctl daemon-reload
	local before
	before=$(stat_of provider_requests || true)
	known "$a provider requests before the instance ran" "$before" || return 0
	check "$a systemctl enable --now ddns@work.timer" in_ct systemctl enable --now ddns@work.timer
	if t1=$(wait_run ddns@work.service 0); then pass "$a the timer started ddns@work.service"; else
		fail "$a ddns@work.service did not run"
		in_ct journalctl -u ddns@work.service --no-pager -n 20 | sed 's/^/      | /'
		return
	fi
	expect_run_ok "$a first run succeeded" ddns@work.service
	expect_eq "$a the fake published work.example.com" "$(host_addr work)" 198.51.100.23
	expect_eq "$a one update for work" "$(stat_of provider_requests)" $((before + 1))
	check "$a its own state directory /var/lib/private/ddns-instance/work" \
		test -d "$R/var/lib/private/ddns-instance/work"
	t2=$(wait_run ddns@work.service "$t1") || fail "$a no second firing"
	expect_run_ok "$a second run succeeded" ddns@work.service
	expect_eq "$a second run sent nothing" "$(stat_of provider_requests)" $((before + 1))
	expect_grep "$a ddns.service still succeeds beside the instance" 'Result=success' \
		"$(in_ct systemctl show ddns.service -p Result)"
}

# boot_upgrade: an upgrade with the timers enabled restarts them (postinst),
# keeps the edited settings and the state: the next run sends nothing.
boot_upgrade() {
	local a=$BL out rc=0 before t1 n
	before=$(in_ct systemctl show ddns.timer -p ActiveEnterTimestampMonotonic --value || true)
	n=$(stat_of provider_requests || true)
	known "$a ddns.timer's activation time before the upgrade" "$before" || return 0
	known "$a provider requests before the upgrade" "$n" || return 0
	out=$(in_ct timeout 300 apt-get install -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		/mnt/ddns-debs/ddns-next.deb 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a upgrade with the timers running"; else
		fail "$a upgrade (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
	fi
	expect_grep "$a upgrade keeps the edited /etc/default/ddns" "^$EDIT_MARKER" "$(cat "$R/etc/default/ddns")"
	expect_eq "$a timers still enabled and active after the upgrade" \
		"$(in_ct systemctl is-enabled ddns.timer ddns@work.timer | tr '\n' ' ')$(in_ct systemctl is-active ddns.timer ddns@work.timer | tr '\n' ' ')" \
		"enabled enabled active active "
	check "$a postinst restarted ddns.timer" \
		test "$(in_ct systemctl show ddns.timer -p ActiveEnterTimestampMonotonic --value)" != "$before"
	t1=$(run_start ddns.service || true)
	wait_run ddns.service "$t1" >/dev/null || fail "$a no firing after the upgrade"
	expect_run_ok "$a the first run of the new version succeeded" ddns.service
	expect_eq "$a ...and sent nothing (state survived the upgrade)" "$(stat_of provider_requests)" "$n"
}

boot_purge() {
	local a=$BL out rc=0 p
	out=$(in_ct timeout 300 apt-get remove -y ddns 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a apt-get remove"; else
		fail "$a apt-get remove (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
	fi
	expect_eq "$a remove stopped the timers" \
		"$(in_ct systemctl is-active ddns.timer ddns@work.timer 2>&1 | tr '\n' ' ')" "inactive inactive "
	check "$a remove deleted the enable links" test ! -L "$R$WANTS/ddns.timer" -a ! -L "$R$WANTS/ddns@work.timer"
	expect_eq "$a systemd no longer lists a ddns timer" \
		"$(in_ct systemctl list-timers --all --no-legend 'ddns*' 2>&1)" ""
	rc=0
	out=$(in_ct timeout 300 apt-get purge -y ddns 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then pass "$a apt-get purge"; else
		fail "$a apt-get purge (exit $rc)"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      | /'
	fi
	for p in /var/lib/private/ddns /var/lib/ddns /var/lib/private/ddns-instance /var/lib/ddns-instance \
		/var/lib/systemd/timers/stamp-ddns.timer /var/lib/systemd/timers/stamp-ddns@work.timer \
		/etc/default/ddns; do
		check "$a purge removed $p" test ! -e "$R$p" -a ! -L "$R$p"
	done
	# What the user made is theirs to delete (Debian never removes it):
	# the drop-ins and the instance's settings. After that, the root must
	# be as it was before install, but for /var/lib/private itself, which
	# systemd made for the first DynamicUser service and keeps.
	rm -rf "$R/etc/systemd/system/ddns.timer.d" "$R/etc/systemd/system/ddns@work.timer.d" "$R/etc/default/ddns-work" \
		"$R/etc/systemd/system/ddns.service.d" "$R/etc/systemd/system/ddns@.service.d"
	listing "$R" | grep -v ' \./var/lib/private$' >"$WORK/boot-after.txt"
	grep -v ' \./var/lib/private$' "$WORK/boot-before.txt" >"$WORK/boot-before.cmp"
	if diff -u "$WORK/boot-before.cmp" "$WORK/boot-after.txt" >"$WORK/boot-purge.diff"; then
		pass "$a purge leaves the booted root as before install (file listing identical)"
	else
		fail "$a purge left differences (< before install, > after purge):"
		grep -E '^[-+][^-+]' "$WORK/boot-purge.diff" | head -n 30 | sed 's/^/      | /'
	fi
}
