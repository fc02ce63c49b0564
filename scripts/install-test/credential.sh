# Checks of the password as an encrypted systemd credential, run
# by apt_repo_suite in the booted amd64 root while the repository's ddns is
# installed and its timer enabled. Sourced by scripts/test-install.sh.

# environ_sample: once, every process of the booted root, read from inside
# it: prints "hit PID COMM" for each whose environment contains the
# password (the pattern file /run/ddns-it.pattern), "ddns PID" for each
# ddns process whose environment was read (it names CREDENTIALS_DIRECTORY).
environ_sample() {
	in_ct sh -c '
		for p in /proc/[0-9]*; do
			c=$(cat "$p/comm" 2>/dev/null) || continue
			if grep -qaF -f /run/ddns-it.pattern "$p/environ" 2>/dev/null; then echo "hit ${p#/proc/} $c"; fi
			if [ "$c" = ddns ] && grep -qa CREDENTIALS_DIRECTORY= "$p/environ" 2>/dev/null; then
				echo "ddns ${p#/proc/}"
			fi
		done'
}

credential_store() {
	local a=$1 pat=$2 rc=0
	in_ct systemctl stop ddns.timer
	in_ct mkdir -p /etc/credstore.encrypted
	# The password goes in on stdin, never in an argument.
	printf '%s\n' "$FAKE_PASSWORD" | in_ct systemd-creds encrypt --name=ddns-api-password - \
		/etc/credstore.encrypted/ddns-api-password >"$WORK/creds.out" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then pass "$a systemd-creds encrypt inside the booted root ($(tr '\n' ' ' <"$WORK/creds.out"))"; else
		fail "$a systemd-creds encrypt (exit $rc)"
		sed 's/^/      | /' "$WORK/creds.out"
		return 1
	fi
	check "$a the credential file does not hold the password in clear" \
		sh -c "! grep -qaF -f '$pat' '$R/etc/credstore.encrypted/ddns-api-password'"
	# Credential and DDNS_API_PASSWORD both: a configuration error, exit 2.
	in_ct systemctl start ddns.service >/dev/null 2>&1 || true
	expect_eq "$a with DDNS_API_PASSWORD also set the service exits 2" \
		"$(in_ct systemctl show ddns.service -p ExecMainStatus --value)" 2
	expect_grep "$a ...and says which settings clash" 'DDNS_API_PASSWORD: set while the systemd credential ddns-api-password' \
		"$(in_ct journalctl -u ddns.service -o cat --no-pager -n 5)"
	sed -i '/^DDNS_API_PASSWORD=/d' "$R/etc/default/ddns"
	check "$a /etc/default/ddns no longer sets DDNS_API_PASSWORD" \
		sh -c "! grep -q '^DDNS_API_PASSWORD=' '$R/etc/default/ddns'"
	expect_grep "$a a hand 'ddns check' says the stored credential is for the service" \
		'credstore.encrypted/ddns-api-password holds the password for ddns.service' "$(in_ct ddns check 2>&1)"
}

# credential_checks A: the run that carries the password in the credential
# sends the update, and no process of the container had the password in
# its environment meanwhile (sampled while the fake provider holds its
# answer back for 4 s).
credential_checks() {
	local a=$1 pat=$WORK/pw.pattern before state samples=0 hits= ddns_seen= _ t0
	(umask 077 && printf '%s\n' "$FAKE_PASSWORD" >"$pat")
	on_exit "rm -f '$pat'"
	credential_store "$a" "$pat" || return
	in_ct sh -c 'umask 077 && cat >/run/ddns-it.pattern' <"$pat"
	before=$(stat_of provider_requests)
	curl -fsS -d 4s "http://$FAKE/control/delay" >/dev/null
	curl -fsS -d 198.51.100.77 "http://$FAKE/control/ip" >/dev/null
	t0=$(run_start ddns.service)
	in_ct systemctl start --no-block ddns.service
	for _ in $(seq 100); do
		state=$(in_ct systemctl show ddns.service -p ActiveState --value)
		if [ "$state" = activating ]; then
			samples=$((samples + 1))
			while read -r kind pid comm; do
				if [ "$kind" = hit ]; then hits+="$pid($comm) "; else ddns_seen+="$pid "; fi
			done < <(environ_sample)
		elif [ "$samples" -gt 0 ] || [ "$(run_start ddns.service)" != "$t0" ]; then
			break
		fi
		sleep 0.1
	done
	curl -fsS -d 0s "http://$FAKE/control/delay" >/dev/null
	in_ct rm -f /run/ddns-it.pattern
	printf '      %d samples of every /proc/PID/environ in the container while ddns ran; ddns pids read: %s\n' \
		"$samples" "$(tr ' ' '\n' <<<"$ddns_seen" | sort -u | tr '\n' ' ')"
	check "$a sampled the environment of the running ddns" test -n "$ddns_seen"
	expect_eq "$a the password is in no process environment" "$hits" ""
	expect_run_ok "$a the run with the credential succeeded" ddns.service
	expect_eq "$a the fake provider got the update" "$(stat_of provider_requests)" $((before + 1))
	expect_eq "$a ...with the new address" "$(host_addr home)" 198.51.100.77
	in_ct systemctl start ddns.timer
}
