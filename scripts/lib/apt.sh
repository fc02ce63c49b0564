# Sourced by the scripts that install tools the suite only uses, never runs
# as services (BIND for the rfc2136 tests, ddclient and inadyn for the
# benchmark): install them without starting their daemons, and leave their
# units disabled.

# apt_quiet_install WHO PKG...: apt-get install without starting daemons
# (policy-rc.d exit 101 tells maintainer scripts not to start them).
apt_quiet_install() {
	local who=$1 own_policy= rc=0
	shift
	echo "$who: installing $*" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		own_policy=1
	fi
	apt-get install -y -qq --no-install-recommends "$@" >&2 || rc=$?
	[ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
	return "$rc"
}

# units_disabled WHO UNIT...: the maintainer scripts enable their units (the
# .wants link is made even when systemd is not running, and policy-rc.d only
# stops the start), so disable them, on every run: an older run may have
# left them enabled. Returns 2 when one stays enabled.
units_disabled() {
	local who=$1 unit left
	shift
	[ "$(id -u)" -eq 0 ] && command -v systemctl >/dev/null || return 0
	for unit in "$@"; do
		# inadyn ships only a SysV script; systemctl disables that too.
		[ -e "/lib/systemd/system/$unit" ] || [ -e "/etc/systemd/system/$unit" ] ||
			[ -e "/etc/init.d/${unit%.service}" ] || continue
		if [ -d /run/systemd/system ]; then
			systemctl disable --now "$unit" >/dev/null 2>&1 || true
		else
			systemctl disable "$unit" >/dev/null 2>&1 || true
		fi
		left=$(find /etc/systemd/system -name "$unit" -path '*.wants/*' 2>/dev/null)
		if [ -n "$left" ] || [ "$(systemctl is-enabled "$unit" 2>/dev/null)" = enabled ]; then
			echo "$who: $unit is still enabled after systemctl disable: ${left:-is-enabled says so}" >&2
			return 2
		fi
	done
}
