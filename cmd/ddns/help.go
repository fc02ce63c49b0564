package main

// helpText is `ddns help`. Keep it in step with packaging/ddns.8 and the
// README; the settings list mirrors internal/config.
const helpText = `ddns - point DNS records at this machine's public IP address

Usage:
  ddns [run]     one pass: detect the address, update the records that changed
  ddns check     validate the settings and print them (secret redacted); contacts nothing
  ddns status    print each record's last published address, when, and the last outcome
  ddns version   print the version
  ddns help      this text

Settings come from /etc/default/ddns (shell KEY=value lines; DDNS_CONFIG names
another file) and the environment, which wins over the file:

  DDNS_PROVIDER           namecheap or dreamhost
  DDNS_DOMAIN             the registered domain (zone), e.g. example.com
  DDNS_HOSTS              comma list of hosts in the domain: home, @ (the domain), * (wildcard)
  DDNS_API_PASSWORD       the secret: Namecheap's Dynamic DNS password, DreamHost's API key
  DDNS_API_PASSWORD_FILE  read the secret from this file instead
  DDNS_USERNAME           for providers that need one
  DDNS_SERVER             provider API base URL (default: the real service)
  DDNS_IP_SOURCES         comma list of address sources tried in order: https:// echo
                          URLs, iface:NAME, dns:opendns (default: several public echoes)
  DDNS_IP                 publish this fixed address instead of detecting one
  DDNS_IP_VERSION         4 (default), 6, or 4,6
  DDNS_STATE_DIR          state directory (default: $STATE_DIRECTORY, else /var/lib/ddns)
  DDNS_TIMEOUT            bound on one whole run (default 60s)
  DDNS_FORCE_INTERVAL     republish an unchanged address after this long (default 720h)
  DDNS_DRY_RUN            true: detect and report, change nothing, record nothing
  DDNS_LOG_LEVEL          debug, info (default), warn, error

Plain http:// is accepted only for loopback hosts, for DDNS_SERVER and sources alike.

Exit codes:
  0  success: records updated, or nothing to do
  1  temporary failure (network, timeout, server error, odd answer); the next run retries
  2  configuration or usage error; the message names the setting
  3  the provider refused (wrong password or key, unknown domain or host); remembered,
     later runs exit 3 at once without contacting the provider until the settings change

Under systemd: systemctl enable --now ddns.timer; journalctl -u ddns.
`
