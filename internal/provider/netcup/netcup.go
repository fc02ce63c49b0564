// Package netcup publishes addresses through the netcup CCP DNS API
// (https://ccp.netcup.net/run/webservice/servers/endpoint.php, described
// at https://helpcenter.netcup.com/en/wiki/general/our-api): one JSON
// endpoint, the action in the body. An update logs in (customer number,
// API key, API password) for a session, reads the zone's records
// (infoDnsRecords), sends the one changed or new record (updateDnsRecords
// changes only the records it is given) and logs out. The endpoint answers
// HTTP 200 whatever happens; the verdict is the JSON status and statuscode.
package netcup

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the CCP; the client appends the endpoint's path.
const DefaultServer = "https://ccp.netcup.net"

const endpointPath = "/run/webservice/servers/endpoint.php?JSON"

// Settings are netcup's own variables: the API key is the second secret.
type Settings struct {
	APISecret provider.Secret `split_words:"true" required:"true" desc:"the API key from the CCP (Master Data, API); DDNS_API_PASSWORD is the API password, DDNS_USERNAME the customer number"`
}

// Validate checks that the API key is set.
func (s *Settings) Validate() error {
	if strings.TrimSpace(s.APISecret.Reveal()) == "" {
		return errors.New("DDNS_API_SECRET is empty; set it to the API key from the netcup CCP (Master Data, API)")
	}
	return nil
}

// Factory registers netcup. The API allows 180 requests a minute per
// customer and an update takes four (login, read, write, logout): after a
// burst of five updates, one every 1.5 s keeps a large run under it.
var Factory = provider.Factory{
	Name:          "netcup",
	Title:         "netcup CCP DNS API (A and AAAA)",
	Docs:          "https://helpcenter.netcup.com/en/wiki/general/our-api",
	DefaultServer: DefaultServer,
	Username:      provider.Required,
	UsernameHelp:  "the netcup customer number",
	Password:      provider.Required,
	PasswordHelp:  "the API password from the CCP (Master Data, API), not the account password",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	Spacing:       1500 * time.Millisecond,
	Burst:         5,
	New:           New,
}

// Client talks to the netcup CCP API. It holds no mutable state (each
// update has its own session) and is safe for concurrent use.
type Client struct {
	endpoint string
	customer string
	key      string
	password string
	http     *provider.HTTP
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, err
	}
	s, _ := env.Settings.(*Settings)
	if s == nil || !s.APISecret.IsSet() {
		return nil, errors.New("DDNS_API_SECRET (the API key) is empty")
	}
	if env.Username == "" {
		return nil, errors.New("DDNS_USERNAME (the customer number) is empty")
	}
	return &Client{endpoint: strings.TrimSuffix(base.String(), "/") + endpointPath, customer: env.Username,
		key: s.APISecret.Reveal(), password: env.Password, http: env.HTTP}, nil
}

// record is a netcup DNS record; ids and priorities are strings.
type record struct {
	ID          string `json:"id,omitempty"`
	Hostname    string `json:"hostname"`
	Type        string `json:"type"`
	Priority    string `json:"priority,omitempty"`
	Destination string `json:"destination"`
	State       string `json:"state,omitempty"`
}

type recordSet struct {
	Records []record `json:"dnsrecords"`
}

// Update makes rec's A (IPv4) or AAAA (IPv6) record hold addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr = addr.Unmap()
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	var login struct {
		Session string `json:"apisessionid"`
	}
	if err := c.call(ctx, "login", map[string]any{"apipassword": c.password}, &login); err != nil {
		return err
	}
	err := c.update(ctx, login.Session, rec, addr)
	// Best effort: an abandoned session expires on its own.
	c.call(ctx, "logout", map[string]any{"apisessionid": login.Session}, nil)
	return err
}

func (c *Client) update(ctx context.Context, session string, rec provider.Record, addr netip.Addr) error {
	typ := "A"
	if addr.Is6() {
		typ = "AAAA"
	}
	host := strings.ToLower(rec.Host)
	if host == "" {
		host = "@"
	}
	param := map[string]any{"apisessionid": session, "domainname": rec.Domain}
	var set recordSet
	if err := c.call(ctx, "infoDnsRecords", param, &set); err != nil {
		return err
	}
	var found *record
	for i, r := range set.Records {
		if !strings.EqualFold(r.Hostname, host) || !strings.EqualFold(r.Type, typ) {
			continue
		}
		if a, err := netip.ParseAddr(r.Destination); err == nil && a.Unmap() == addr {
			return nil
		}
		if found == nil {
			found = &set.Records[i]
		}
	}
	change := record{Hostname: host, Type: typ, Destination: addr.String()}
	if found != nil {
		change = *found // id, priority and state go back as they were
		change.Destination = addr.String()
	}
	param["dnsrecordset"] = recordSet{Records: []record{change}}
	if err := c.call(ctx, "updateDnsRecords", param, nil); err != nil {
		return err
	}
	if found == nil {
		provider.NoteCreated(ctx)
	}
	return nil
}
