// Package route53 publishes addresses in Amazon Route 53 through its REST
// API (https://docs.aws.amazon.com/Route53/latest/APIReference/), signed
// with Signature Version 4 written here on crypto/hmac, not the AWS SDK.
//
// The hosted zone is DDNS_ROUTE53_ZONE_ID or found by name
// (ListHostedZonesByName, public zones only). An update reads the record
// set (ListResourceRecordSets) and, unless it already holds exactly the
// address, sends one UPSERT in one change batch (ChangeResourceRecordSets):
// atomic, so the name never goes without an address, and with the set's
// own TTL, so only the address changes. Alias and routing-policy sets are
// left alone.
package route53

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// DefaultServer is the Route 53 API endpoint (global, signed for
// us-east-1).
const DefaultServer = "https://route53.amazonaws.com"

// Settings are Route 53's own variables.
type Settings struct {
	Route53ZoneID string `split_words:"true" desc:"the hosted zone id (Z...); empty: found from DDNS_DOMAIN, which needs route53:ListHostedZonesByName"`
	TTL           int    `split_words:"true" default:"300" desc:"TTL in seconds of a record ddns creates; an existing record keeps its own"`
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	var errs []error
	if id := s.Route53ZoneID; id != "" && (strings.ContainsAny(id, "/?#% ") || len(id) > 64) {
		errs = append(errs, fmt.Errorf("DDNS_ROUTE53_ZONE_ID=%q is not a hosted zone id; use the id shown in the console, such as Z0123456789ABCDEFGHIJ", id))
	}
	if err := (provider.TTLRange{Service: "Route 53", Min: 0, Max: 2147483647, Default: 300}).Check(s.TTL); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Factory registers Route 53. Route 53 allows five API requests a second
// per account (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests);
// an update is two requests, so calls are spaced 400 ms apart.
var Factory = provider.Factory{
	Name:          "route53",
	Title:         "Amazon Route 53 (A and AAAA; UPSERT in one change batch)",
	Docs:          "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html",
	DefaultServer: DefaultServer,
	Username:      provider.Required,
	UsernameHelp:  "the IAM access key id (AKIA...); its policy needs route53:ListResourceRecordSets, route53:ChangeResourceRecordSets and, without DDNS_ROUTE53_ZONE_ID, route53:ListHostedZonesByName",
	Password:      provider.Required,
	PasswordHelp:  "the IAM secret access key",
	Settings:      func() any { return &Settings{} },
	IPv6:          true,
	Concurrency:   1,
	Spacing:       400 * time.Millisecond,
	Burst:         1,
	New:           New,
}

// Client talks to Route 53 with one access key. It remembers the zone ids
// it found and is safe for concurrent use.
type Client struct {
	base   string
	sign   signer
	ttl    int
	zoneID string
	http   *provider.HTTP
	now    func() time.Time

	mu    sync.Mutex
	zones map[string]string // domain -> zone id
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env.
func New(env provider.Env) (provider.Provider, error) {
	base, err := env.Base(DefaultServer)
	if err != nil {
		return nil, fmt.Errorf("route53: %w", err)
	}
	if env.Username == "" {
		return nil, errors.New("route53: the access key id (DDNS_USERNAME) is empty")
	}
	c := &Client{
		base: strings.TrimSuffix(base.String(), "/"),
		sign: signer{id: env.Username, secret: env.Password, region: "us-east-1", service: "route53"},
		ttl:  300, http: env.HTTP, now: time.Now, zones: map[string]string{},
	}
	if s, ok := env.Settings.(*Settings); ok && s != nil {
		c.ttl, c.zoneID = s.TTL, s.Route53ZoneID
	}
	return c, nil
}

// Update makes rec's A or AAAA record set hold exactly addr.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	addr, err := jsonrest.Check(addr)
	if err != nil {
		return err
	}
	zone, err := c.zone(ctx, rec.Domain)
	if err != nil {
		return err
	}
	name, typ := fqdn(rec), jsonrest.Type(addr)
	set, err := c.read(ctx, zone, name, typ)
	if err != nil {
		return err
	}
	ttl := c.ttl
	if set != nil {
		if set.SetIdentifier != "" || set.AliasTarget != nil {
			return fmt.Errorf("%w: %s %s in zone %s is an alias or has a routing policy; ddns changes only simple record sets",
				provider.ErrRefused, rec.FQDN(), typ, zone)
		}
		if jsonrest.Same(set.Values, addr) {
			return nil
		}
		ttl = set.TTL
	}
	if err := c.upsert(ctx, zone, name, typ, ttl, addr.String()); err != nil {
		return err
	}
	if set == nil {
		provider.NoteCreated(ctx)
	}
	return nil
}

// fqdn is the record's name as Route 53 writes it: lower case, a final
// dot, and "*" as \052.
func fqdn(rec provider.Record) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSuffix(rec.FQDN(), ".")), "*", `\052`) + "."
}

// zone returns the hosted zone id for domain: the setting, a remembered
// one, or the public zone of exactly that name.
func (c *Client) zone(ctx context.Context, domain string) (string, error) {
	if c.zoneID != "" {
		return c.zoneID, nil
	}
	c.mu.Lock()
	id, ok := c.zones[domain]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := c.findZone(ctx, domain)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.zones[domain] = id
	c.mu.Unlock()
	return id, nil
}
