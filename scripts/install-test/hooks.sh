# Phase "hooks" of the booted amd64 root ("publish within seconds
# of a local change"): the network managers' hooks the package ships start
# ddns at once when an address changes. With the settings reading
# iface:IF, a veth interface made for the test, each hook is fired as its
# manager fires it after the address of IF changed, and the seconds until
# the fake provider has the new record are measured. Also: the hooks start
# nothing while the timers are disabled, and do nothing (exit 0) in a chroot,
# where no systemd runs. Run by boot_suite after boot_upgrade, with ddns
# installed and ddns.timer and ddns@work.timer enabled; it leaves them so.
# Sourced by scripts/test-install.sh; uses lib.sh, chroot.sh and boot.sh.
#
# NetworkManager itself is not installed: the booted root shares the host's
# network namespace (boot_start), where it would take over the host's
# interfaces. The hooks get the arguments and environment their managers
# pass instead (NetworkManager-dispatcher(8), dhcpcd-run-hooks(8),
# networkd-dispatcher's script_env).

NM_HOOK=/usr/lib/NetworkManager/dispatcher.d/50-ddns
DHCPCD_HOOK=/usr/lib/dhcpcd/dhcpcd-hooks/50-ddns
NETWORKD_HOOK=/usr/lib/networkd-dispatcher/routable.d/50-ddns
KICK=/usr/lib/ddns/kick
# A hook that takes longer than this from the address change to the
# published record fails the run; the goal is under 3 s.
HOOK_LIMIT_MS=10000

# The interface: a veth pair (this kernel has no dummy module), named per
# run since the network namespace may be the host's.
HOOK_IF=ddit$(($$ % 100000))

# in_ct_env VAR=VALUE... CMD...: CMD inside the container with exactly that
# environment (NetworkManager passes no PATH to its scripts).
in_ct_env() { nsenter -t "$CT_PID" -a /usr/bin/env -i "$@"; }

# fire_hook KIND ADDR: what each manager runs once ADDR is on HOOK_IF.
fire_hook() {
	local i=$HOOK_IF
	case $1 in
	networkmanager)
		in_ct_env NM_DISPATCHER_ACTION=up CONNECTION_ID="$i" CONNECTION_UUID=5b0b1b6e-ddd5-4e2c-9c53-0c6a9d7a1b20 \
			CONNECTION_DBUS_PATH=/org/freedesktop/NetworkManager/Settings/1 \
			CONNECTION_FILENAME="/etc/NetworkManager/system-connections/$i.nmconnection" \
			DEVICE_IFACE="$i" DEVICE_IP_IFACE="$i" IP4_NUM_ADDRESSES=1 IP4_ADDRESS_0="$2/32 0.0.0.0" \
			"$NM_HOOK" "$i" up
		;;
	dhcpcd)
		# As dhcpcd-run-hooks does: source it from sh, then go on.
		in_ct_env PATH=/usr/sbin:/usr/bin:/sbin:/bin interface="$i" reason=BOUND new_ip_address="$2" \
			new_subnet_mask=255.255.255.255 ifmetric=1000 pid=1 \
			sh -c ". $DHCPCD_HOOK"
		;;
	networkd)
		in_ct_env PATH=/usr/sbin:/usr/bin:/sbin:/bin IFACE="$i" STATE=routable ADDR="$2" IP_ADDRS="$2" IP6_ADDRS= \
			AdministrativeState=configured OperationalState=routable ESSID= json='{}' "$NETWORKD_HOOK"
		;;
	esac
}

# set_addr OLD NEW: NEW replaces OLD on HOOK_IF (in the container's network
# namespace, with the host's ip: minbase has no iproute2).
set_addr() {
	nsenter -t "$CT_PID" -n ip addr del "$1/32" dev "$HOOK_IF" &&
		nsenter -t "$CT_PID" -n ip addr add "$2/32" dev "$HOOK_IF"
}

now_ms() { date +%s%3N; }

# hooks_measure KIND OLD NEW: change the address, fire the hook, poll the
# fake every 0.1 s until both records (home from ddns.service, work from
# ddns@work.service) have NEW; prints and checks the seconds taken.
hooks_measure() {
	local a="$BL hooks" kind=$1 t0 rc=0 th="" tw="" _
	t0=$(now_ms)
	set_addr "$2" "$3" || { fail "$a $kind: could not change the address of $HOOK_IF"; return; }
	fire_hook "$kind" "$3" >"$WORK/hook-$kind.out" 2>&1 || rc=$?
	for _ in $(seq 150); do
		[ -n "$th" ] || { [ "$(host_addr home)" != "$3" ] || th=$(($(now_ms) - t0)); }
		[ -n "$tw" ] || { [ "$(host_addr work)" != "$3" ] || tw=$(($(now_ms) - t0)); }
		[ -z "$th" ] || [ -z "$tw" ] || break
		sleep 0.1
	done
	expect_eq "$a $kind hook exit status" "$rc" 0
	expect_eq "$a $kind hook printed nothing" "$(cat "$WORK/hook-$kind.out")" ""
	if [ -z "$th" ]; then
		fail "$a $kind: home.example.com still not $3 after 15 s"
		in_ct journalctl -u ddns.service --no-pager -n 10 | sed 's/^/      | /'
	else
		printf '      %s hook: %s s from the address change to the published record (ddns@work: %s)\n' \
			"$kind" "$(secs "$th")" "$([ -z "$tw" ] && echo 'not in 15 s' || echo "$(secs "$tw") s")"
		HOOK_TIMES+=("$kind $(secs "$th")s")
		check "$a $kind: home.example.com published within $((HOOK_LIMIT_MS / 1000)) s ($(secs "$th") s)" \
			test "$th" -le "$HOOK_LIMIT_MS"
	fi
	check "$a $kind: the hook started the enabled instance too (work.example.com is $3)" test -n "$tw"
	hooks_settle
}

secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# hooks_settle: both services have finished, so the next change is not
# folded into a run already under way.
hooks_settle() {
	local _
	for _ in $(seq 100); do
		[ "$(in_ct systemctl is-active ddns.service ddns@work.service | sort -u | tr '\n' ' ')" = "inactive " ] && return
		sleep 0.1
	done
}

# hooks_files: installed where each manager looks, with the modes it needs.
hooks_files() {
	local a="$BL hooks" f
	for f in "$KICK" "$NM_HOOK" "$NETWORKD_HOOK"; do
		expect_eq "$a $f" "$(mode_of "$R" "$f")" "755 root:root"
	done
	expect_eq "$a $DHCPCD_HOOK (sourced)" "$(mode_of "$R" "$DHCPCD_HOOK")" "644 root:root"
}

# hooks_chroot: the same root seen through chroot from the host, where its
# /run is empty (the booted container's /run is its own tmpfs): no systemd
# runs there, and every hook must exit 0, silent, with the timers enabled.
hooks_chroot() {
	local a="$BL hooks, chroot" out rc=0
	check "$a: no /run/systemd/system in the chroot" test ! -e "$R/run/systemd/system"
	out=$(in_root "$R" "$NM_HOOK" "$HOOK_IF" up 2>&1) || rc=$?
	expect_eq "$a: NetworkManager hook exits 0 and prints nothing" "$rc:$out" 0:
	rc=0
	out=$(in_root "$R" env interface="$HOOK_IF" reason=BOUND sh -c ". $DHCPCD_HOOK; echo sourced" 2>&1) || rc=$?
	expect_eq "$a: dhcpcd hook, sourced, returns and prints nothing" "$rc:$out" 0:sourced
	rc=0
	out=$(in_root "$R" env IFACE="$HOOK_IF" STATE=routable "$NETWORKD_HOOK" 2>&1) || rc=$?
	expect_eq "$a: networkd-dispatcher hook exits 0 and prints nothing" "$rc:$out" 0:
}

# hooks_sourced: sourcing the dhcpcd hook leaves the shell's variables as
# they were, and does not end the shell (dhcpcd-run-hooks goes on to the
# next hook).
hooks_sourced() {
	local a="$BL hooks" out
	out=$(in_ct_env PATH=/usr/sbin:/usr/bin:/sbin:/bin interface=lo reason=BOUND sh -c \
		't=$(mktemp -d); set >"$t/1"; . '"$DHCPCD_HOOK"'; set >"$t/2"
		if cmp -s "$t/1" "$t/2"; then echo same; else diff "$t/1" "$t/2"; fi; rm -r "$t"; echo end' 2>&1 || true)
	expect_eq "$a dhcpcd hook sourced: no variable set or changed, and the shell goes on" "$(tr '\n' ' ' <<<"$out")" "same end "
}

# hooks_setup: HOOK_IF with 203.0.113.10, both setups reading it, timers
# kept enabled but slowed to once an hour so only a hook can start ddns,
# and a first run to publish 203.0.113.10.
hooks_setup() {
	local a="$BL hooks" u
	nsenter -t "$CT_PID" -n ip link add "$HOOK_IF" type veth peer name "${HOOK_IF}p" ||
		{ fail "$a ip link add $HOOK_IF type veth"; return 1; }
	on_exit "nsenter -t $CT_PID -n ip link del $HOOK_IF 2>/dev/null"
	if ! { nsenter -t "$CT_PID" -n ip addr add 203.0.113.10/32 dev "$HOOK_IF" &&
		nsenter -t "$CT_PID" -n ip link set "${HOOK_IF}p" up &&
		nsenter -t "$CT_PID" -n ip link set "$HOOK_IF" up; }; then
		fail "$a $HOOK_IF: address or link up"
		return 1
	fi
	echo "      interface $HOOK_IF (veth, in the container's network namespace: $(readlink "/proc/$CT_PID/ns/net"), the host's: $(readlink /proc/self/ns/net))"
	# Timers first, so that no timer run reads the settings half-changed.
	for u in ddns.timer ddns@work.timer; do
		mkdir -p "$R/etc/systemd/system/$u.d"
		printf '%s\n' '# test-install.sh hooks: only a hook starts ddns now' '[Timer]' 'OnUnitActiveSec=' \
			'OnBootSec=1h' 'OnUnitActiveSec=1h' >"$R/etc/systemd/system/$u.d/20-hooks.conf"
	done
	in_ct systemctl daemon-reload
	hooks_settle
	for u in ddns ddns-work; do
		cp -p "$R/etc/default/$u" "$WORK/hooks-$u.saved"
		sed -i "s/^DDNS_IP_SOURCES=.*/DDNS_IP_SOURCES=iface:$HOOK_IF/" "$R/etc/default/$u"
	done
	check "$a a run reading iface:$HOOK_IF" in_ct systemctl start ddns.service ddns@work.service
	expect_eq "$a the fake has home at 203.0.113.10" "$(host_addr home)" 203.0.113.10
	expect_eq "$a the fake has work at 203.0.113.10" "$(host_addr work)" 203.0.113.10
}

# hooks_disabled: timers disabled, address changed, every hook fired: no
# run starts and the fake hears nothing.
hooks_disabled() {
	local a="$BL hooks, timers disabled" n h w k
	check "$a: systemctl disable ddns.timer ddns@work.timer" in_ct systemctl disable --quiet ddns.timer ddns@work.timer
	n=$(stat_of provider_requests || true)
	h=$(run_start ddns.service || true)
	w=$(run_start ddns@work.service || true)
	known "$a provider requests before" "$n" || return 0
	set_addr 203.0.113.13 203.0.113.14 || fail "$a could not change the address of $HOOK_IF"
	for k in networkmanager dhcpcd networkd; do
		check "$a: $k hook exits 0" fire_hook "$k" 203.0.113.14
	done
	sleep 2
	expect_eq "$a: no ddns run started" "$(run_start ddns.service) $(run_start ddns@work.service)" "$h $w"
	expect_eq "$a: no job queued" "$(in_ct systemctl list-jobs --no-legend 'ddns*')" ""
	expect_eq "$a: the fake heard nothing" "$(stat_of provider_requests)" "$n"
	check "$a: systemctl enable them again" in_ct systemctl enable --quiet ddns.timer ddns@work.timer
}

# hooks_restore: the settings, timers and network as before the phase.
hooks_restore() {
	local u
	for u in ddns ddns-work; do cp -p "$WORK/hooks-$u.saved" "$R/etc/default/$u"; done
	rm -f "$R/etc/systemd/system/ddns.timer.d/20-hooks.conf" "$R/etc/systemd/system/ddns@work.timer.d/20-hooks.conf"
	in_ct systemctl daemon-reload
	nsenter -t "$CT_PID" -n ip link del "$HOOK_IF" 2>/dev/null || true
}

HOOK_TIMES=()
hooks_suite() {
	hooks_files
	hooks_chroot
	hooks_sourced
	hooks_setup || return 0
	hooks_measure networkmanager 203.0.113.10 203.0.113.11
	hooks_measure dhcpcd 203.0.113.11 203.0.113.12
	hooks_measure networkd 203.0.113.12 203.0.113.13
	hooks_disabled
	hooks_restore
	printf '      address change to published record: %s (goal under 3 s)\n' "${HOOK_TIMES[*]}"
}
