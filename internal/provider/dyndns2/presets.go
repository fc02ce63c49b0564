package dyndns2

import (
	"fmt"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// V6 is how a service takes an IPv6 address.
type V6 int

// The ways of sending IPv6.
const (
	V6None     V6 = iota // IPv4 only
	V6Separate           // one address per request, either family, in the IP parameter
	V6Comma              // both families in the IP parameter: myip=203.0.113.7,2001:db8::7
	V6Param              // IPv4 in myip, IPv6 in myipv6
	V6Preserve           // myipv4= and myipv6= always, "preserve" for a family not sent (deSEC)
)

// User is how the Basic-auth user name is formed.
type User int

// The forms of the user name.
const (
	UserGiven       User = iota // DDNS_USERNAME, required
	UserDomain                  // the zone, DDNS_DOMAIN
	UserFQDN                    // each record's full name (a per-record key: one host per request)
	UserGivenOrFQDN             // DDNS_USERNAME when set, else the record's full name
	UserToken                   // DDNS_USERNAME holds the API token, the password its secret
)

// Preset is one service speaking the dyndns2 protocol: data, from which
// its registry entry and the fake's personality are both built.
type Preset struct {
	Name, Title, Docs string
	Server            string // default base URL; "" makes DDNS_SERVER required
	Path              string // appended to the base URL; default /nic/update
	HostParam         string // default hostname
	IPParam           string // default myip
	Query             string // fixed extra query, e.g. system=dyndns
	V6                V6
	MaxHosts          int  // hostnames per request; 0 means 1
	User              User // how the user name is formed
	UserHelp          string
	PasswordHelp      string
	// StatusOnly marks a service that answers by HTTP status alone (204
	// success, 404 unknown host, 401/403 refused) instead of dyndns2 words.
	StatusOnly bool
	// Words maps a service's own success words onto good or nochg.
	Words map[string]string
	// Spacing and Burst pace requests where the service limits them: the
	// updater paces separate calls, the client the requests of one batch.
	Spacing time.Duration
	Burst   int
}

// Presets is the table of every dyndns2 service ddns knows. Each row
// cites the service's own page; anything not stated there is marked
// inferred.
func Presets() []Preset {
	return []Preset{
		{Name: "dyndns2", Title: "any dyndns2 server (/nic/update; set DDNS_SERVER)",
			Docs: "https://help.dyn.com/remote-access-api/perform-update/", V6: V6Separate,
			UserHelp: "the account's user name", PasswordHelp: "the account's password or update key"},
		// One request for up to 20 hosts; "Use commas to separate multiple IP
		// addresses in the myip field" (Dyn's syntax page).
		{Name: "dyn", Title: "Dyn (Oracle) dynamic DNS", Docs: "https://help.dyn.com/remote-access-api/perform-update/",
			Server: "https://members.dyndns.org", V6: V6Comma, MaxHosts: 20,
			UserHelp: "the Dyn user name", PasswordHelp: "the Updater Client Key (or the account password)"},
		// Several hosts per request, one answer line each, and both families
		// in myip (https://www.noip.com/integrate/response); the host limit is
		// not documented: 20 as Dyn's (inferred).
		{Name: "noip", Title: "No-IP dynamic DNS", Docs: "https://www.noip.com/integrate/request",
			Server: "https://dynupdate.no-ip.com", V6: V6Comma, MaxHosts: 20,
			UserHelp: "the account e-mail or the DDNS key's user name", PasswordHelp: "the account or DDNS key password"},
		{Name: "dynu", Title: "Dynu dynamic DNS", Docs: "https://www.dynu.com/DynamicDNS/IP-Update-Protocol",
			Server: "https://api.dynu.com", V6: V6Param,
			UserHelp: "the Dynu user name", PasswordHelp: "the account or IP update password"},
		// The user name is the record itself and the key is per record
		// (https://dns.he.net/docs.html): one host per request.
		{Name: "he", Title: "Hurricane Electric Free DNS", Docs: "https://dns.he.net/docs.html",
			Server: "https://dyn.dns.he.net", V6: V6Separate, User: UserFQDN,
			PasswordHelp: "the record's dynamic DNS key (give every record the same key)"},
		// DynHost takes IPv6 in myip since ovh/manager #3919 was closed
		// (2024-2025; seen in a user's write-up, not in OVH's guide: inferred).
		{Name: "ovh", Title: "OVHcloud DynHost", Docs: "https://help.ovhcloud.com/csm/en-gb-dns-dynhost",
			Server: "https://www.ovh.com", Query: "system=dyndns", V6: V6Separate,
			UserHelp: "the DynHost login (e.g. example.com-home)", PasswordHelp: "the DynHost login's password"},
		// The user name is the domain (Strato FAQ; ddns-updater strato, inferred).
		{Name: "strato", Title: "STRATO DynDNS", Docs: "https://www.strato.de/faq/domains/so-einfach-richten-sie-dyndns-fuer-ihre-domains-ein/",
			Server: "https://dyndns.strato.com", V6: V6Comma, User: UserDomain,
			PasswordHelp: "the DynDNS password set for the domain"},
		{Name: "selfhost", Title: "selfHOST DynDNS (IPv4 only)", Docs: "https://www.selfhost.de/cgi-bin/selfhost?p=document&name=api",
			Server: "https://carol.selfhost.de", V6: V6None,
			UserHelp: "the DynDNS account's user name", PasswordHelp: "the DynDNS account's password"},
		// With an update token the user name is the host (spdyn FAQ).
		{Name: "spdyn", Title: "Securepoint DynDNS (spdyn)", Docs: "https://wiki.securepoint.de/SPDyn/Update-URL",
			Server: "https://update.spdyn.de", V6: V6Separate, User: UserGivenOrFQDN,
			UserHelp: "the account name; leave unset with a host's update token", PasswordHelp: "the account password or the host's update token"},
		{Name: "inwx", Title: "INWX DynDNS", Docs: "https://kb.inwx.com/en-us/3-nameserver/131-how-can-i-use-dyndns-with-inwx",
			Server: "https://dyndns.inwx.com", V6: V6Param,
			UserHelp: "the DynDNS account's user name", PasswordHelp: "the DynDNS account's password"},
		{Name: "dnsomatic", Title: "DNS-O-Matic (IPv4 only; host all.dnsomatic.com updates every service)",
			Docs: "https://www.dnsomatic.com/docs/api", Server: "https://updates.dnsomatic.com", V6: V6None,
			UserHelp: "the OpenDNS account e-mail", PasswordHelp: "the OpenDNS account password"},
		{Name: "changeip", Title: "ChangeIP (IPv4 only)", Docs: "https://www.changeip.com/accounts/knowledgebase.php?action=displayarticle&id=34",
			Server: "https://nic.changeip.com", V6: V6None,
			UserHelp: "the ChangeIP user name", PasswordHelp: "the ChangeIP password"},
		{Name: "loopia", Title: "Loopia DynDNS", Docs: "https://support.loopia.se/wiki/om-dyndns-stodet/",
			Server: "https://dyndns.loopia.se", Path: "/", V6: V6Separate,
			UserHelp: "the Loopia API user (user@loopiaapi)", PasswordHelp: "the Loopia API user's password"},
		// Answers 204/404 rather than words; several names and addresses per
		// request are allowed, but a 404 cannot say which name: one host per
		// request (https://api.domeneshop.no/docs/#tag/ddns).
		{Name: "domeneshop", Title: "Domeneshop dynamic DNS", Docs: "https://api.domeneshop.no/docs/#tag/ddns",
			Server: "https://api.domeneshop.no", Path: "/v0/dyndns/update", V6: V6Comma, User: UserToken, StatusOnly: true,
			UserHelp: "the API token", PasswordHelp: "the API secret"},
		{Name: "infomaniak", Title: "Infomaniak dynamic DNS", Docs: "https://www.infomaniak.com/en/support/faq/2376/dyndns-updating-a-dynamic-dns-via-the-api",
			Server: "https://infomaniak.com", V6: V6Separate,
			Words:    map[string]string{"successfully_changed": "good", "no_change": "nochg"},
			UserHelp: "the dynamic DNS user name", PasswordHelp: "the dynamic DNS password"},
		// Basic auth "{xyz}:{token}" (any user name: the domain is sent),
		// myip and myipv6, at most 3 requests in 10 seconds
		// (https://ipv64.net/dyndns_updater_api). Several names per request
		// are allowed, but the answer format for them is not documented: one
		// per request.
		{Name: "ipv64", Title: "ipv64.net dynamic DNS", Docs: "https://ipv64.net/dyndns_updater_api",
			Server: "https://ipv64.net", V6: V6Param, User: UserDomain,
			PasswordHelp: "the domain update token", Spacing: 4 * time.Second, Burst: 3},
		{Name: "nsupdateinfo", Title: "nsupdate.info", Docs: "https://nsupdateinfo.readthedocs.io/en/latest/user.html",
			Server: "https://ipv4.nsupdate.info", V6: V6Separate, User: UserFQDN,
			PasswordHelp: "the host's update secret (give every host the same one)"},
		{Name: "allinkl", Title: "ALL-INKL.COM DynDNS", Docs: "https://all-inkl.com/wichtig/anleitungen/kas/tools/dyndns/",
			Server: "https://dyndns.kasserver.com", Path: "/", V6: V6Separate,
			UserHelp: "the DynDNS login from the KAS (dyn0…)", PasswordHelp: "the DynDNS login's password"},
		{Name: "ydns", Title: "YDNS", Docs: "https://ydns.io/api/v1", Server: "https://ydns.io",
			Path: "/api/v1/update/", HostParam: "host", IPParam: "ip", V6: V6Separate,
			UserHelp: "the API user name", PasswordHelp: "the API password"},
		// The user name is the domain; a request that leaves a family out
		// deletes that family's record unless it says "preserve"; all names in
		// one request must be in one domain and are updated atomically; 2
		// requests per 2 minutes per domain
		// (https://desec.readthedocs.io/en/latest/dyndns/update-api.html and
		// .../rate-limits.html).
		{Name: "desec", Title: "deSEC dynDNS", Docs: "https://desec.readthedocs.io/en/latest/dyndns/update-api.html",
			Server: "https://update.dedyn.io", V6: V6Preserve, MaxHosts: 50, User: UserDomain,
			PasswordHelp: "a token of the domain's owner", Spacing: time.Minute, Burst: 1},
	}
}

// Factories returns one registry entry per preset, in table order.
func Factories() []provider.Factory {
	var out []provider.Factory
	for _, p := range Presets() {
		out = append(out, p.Factory())
	}
	return out
}

// Factory is p's registry entry.
func (p Preset) Factory() provider.Factory {
	f := provider.Factory{
		Name: p.Name, Title: p.Title, Docs: p.Docs, DefaultServer: p.Server,
		Password: provider.Required, PasswordHelp: p.PasswordHelp, UsernameHelp: p.UserHelp,
		IPv6: p.V6 != V6None, Concurrency: 1, Spacing: p.Spacing, Burst: p.Burst,
		New: func(env provider.Env) (provider.Provider, error) { return New(p, env) },
	}
	switch p.User {
	case UserGiven, UserToken:
		f.Username = provider.Required
	case UserGivenOrFQDN:
		f.Username = provider.Optional
	}
	if p.Server == "" {
		f.CheckServer = provider.CheckHTTPServer
		f.Settings = func() any { return &Settings{} }
	}
	return f
}

// Settings are the generic dyndns2 provider's own: how many names one
// request may carry. Dyn's protocol allows 20 (comma-separated, one answer
// line each), but a server that takes only the first name and answers one
// "good" would leave the others unchanged while ddns believed them set, so
// the default is one.
type Settings struct {
	Dyndns2MaxHosts int `split_words:"true" default:"1" desc:"names per request, 1 to 20 (dyndns2 allows 20; use more than 1 only where the server answers one line per name)"`
}

// Validate keeps the count within the protocol's limit.
func (s *Settings) Validate() error {
	if s.Dyndns2MaxHosts < 1 || s.Dyndns2MaxHosts > 20 {
		return fmt.Errorf("DDNS_DYNDNS2_MAX_HOSTS: %d is not between 1 and 20", s.Dyndns2MaxHosts)
	}
	return nil
}

// hostsPerRequest is how many names one request may carry: one where the
// user name or the answer belongs to a single record.
func (p Preset) hostsPerRequest() int {
	if p.MaxHosts < 1 || p.StatusOnly || p.User == UserFQDN || p.User == UserGivenOrFQDN {
		return 1
	}
	return p.MaxHosts
}

// batches reports whether one request can carry more than one change.
func (p Preset) batches() bool {
	return p.hostsPerRequest() > 1 || p.V6 == V6Comma || p.V6 == V6Param || p.V6 == V6Preserve
}
