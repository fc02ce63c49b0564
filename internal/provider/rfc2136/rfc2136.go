// Package rfc2136 publishes addresses on the user's own DNS server (BIND,
// Knot, PowerDNS...) through DNS dynamic update (RFC 2136) signed with a
// TSIG key (RFC 8945), without shelling out to nsupdate.
//
// Each Update sends one message to the zone's primary: delete the name's
// RRset of the address's type, then add the new record. The server applies
// an update message as a whole, so the name never resolves to nothing and
// never to both values. The message carries one prerequisite, "the name has
// no CNAME": beside a CNAME a server silently ignores the add (RFC 2136
// 3.4.2.2) and would answer NOERROR for a record it never published.
package rfc2136

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/dnswire"
	"github.com/ddns-pi/ddns/internal/provider"
)

// Factory registers RFC 2136 with the provider registry. One message per
// record and a server on the user's own network: 4 at a time keeps a small
// primary (often a Pi itself) responsive.
var Factory = provider.Factory{
	Name:         "rfc2136",
	Title:        "RFC 2136 dynamic update with TSIG (BIND, Knot, PowerDNS; A and AAAA)",
	Docs:         "https://www.rfc-editor.org/rfc/rfc2136",
	CheckServer:  CheckServer,
	Username:     provider.Unused,
	Password:     provider.Required,
	PasswordHelp: "the TSIG key's base64 secret (the secret line of tsig-keygen's output, without the quotes)",
	Settings:     func() any { return new(Settings) },
	IPv6:         true,
	Concurrency:  4,
	New:          New,
}

// defaultTimeout bounds one exchange when the run's context allows more.
const defaultTimeout = 10 * time.Second

// Client sends signed updates to one primary server with one TSIG key. It
// holds no mutable state and is safe for concurrent use.
type Client struct {
	server  string // host:port
	keyName string // fully qualified, lower case
	alg     string // canonical algorithm name: "hmac-sha256."
	secret  string // base64, as the server's key statement has it
	ttl     uint32
	timeout time.Duration
	// now is the clock that signs messages; tests set it to provoke
	// BADTIME.
	now func() time.Time
}

var _ provider.Provider = (*Client)(nil)

// New builds a client from env: env.Server is the primary's host[:port],
// env.Password the key's base64 secret, env.Settings a *Settings.
func New(env provider.Env) (provider.Provider, error) {
	c, err := NewClient(env)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// NewClient is New with the concrete type, for callers that need CheckZone.
func NewClient(env provider.Env) (*Client, error) {
	s, ok := env.Settings.(*Settings)
	if !ok || s == nil {
		return nil, errors.New("rfc2136: no settings (DDNS_TSIG_KEY_NAME and friends)")
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("rfc2136: %w", err)
	}
	server, err := ParseServer(env.Server)
	if err != nil {
		return nil, fmt.Errorf("rfc2136: %w", err)
	}
	secret := strings.TrimSpace(env.Password)
	if err := checkSecret(secret); err != nil {
		return nil, fmt.Errorf("rfc2136: %w", err)
	}
	alg, _ := algorithm(s.TSIGAlgorithm)
	return &Client{
		server:  server,
		keyName: strings.ToLower(fqdn(s.TSIGKeyName)),
		alg:     alg,
		secret:  secret,
		ttl:     uint32(s.TTL),
		timeout: defaultTimeout,
		now:     time.Now,
	}, nil
}

// checkSecret accepts the standard base64 that tsig-keygen prints. Its
// errors never quote the value.
func checkSecret(secret string) error {
	if secret == "" {
		return errors.New("DDNS_API_PASSWORD (the TSIG secret) is empty")
	}
	raw, err := base64.StdEncoding.DecodeString(secret)
	if err != nil || len(raw) == 0 {
		return errors.New("DDNS_API_PASSWORD (the TSIG secret) is not base64; " +
			"copy the secret from the key statement, without the quotes and the semicolon")
	}
	return nil
}

// Update makes rec's A (IPv4) or AAAA (IPv6) RRset hold exactly addr, in one
// signed update message.
func (c *Client) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	if err := c.update(ctx, rec, addr.Unmap()); err != nil {
		return fmt.Errorf("rfc2136: update %s: %w", rec.FQDN(), err)
	}
	return nil
}

func (c *Client) update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	if !addr.IsValid() {
		return fmt.Errorf("%w: no address to publish", provider.ErrRefused)
	}
	zone, name, err := names(rec)
	if err != nil {
		return err
	}
	typ := "A"
	if addr.Is6() {
		typ = "AAAA"
	}
	r, err := c.exchange(ctx, updateMsg(zone, name, addr, c.ttl))
	q := query{server: c.server, zone: zone, name: name, typ: typ, key: c.keyName, now: c.now}
	return q.verdict(r, err)
}

// updateMsg is the whole change: no CNAME at name; delete name's RRset of
// addr's type; add name addr.
func updateMsg(zone, name string, addr netip.Addr, ttl uint32) *dnswire.Msg {
	add := dnswire.AddrRR(name, addr, ttl)
	m := dnswire.NewUpdate(zone)
	m.Answer = []dnswire.RR{dnswire.RRsetAbsent(name, dnswire.TypeCNAME)}
	m.Authority = []dnswire.RR{dnswire.DeleteRRset(name, add.Type), add}
	return m
}

// names is the zone (DDNS_DOMAIN) and the owner name of rec, both fully
// qualified and lower case: "@" and "" are the apex, "*" the wildcard.
func names(rec provider.Record) (zone, name string, err error) {
	zone = strings.ToLower(fqdn(rec.Domain))
	name = zone
	if rec.Host != "" && rec.Host != "@" {
		name = strings.ToLower(rec.Host) + "." + zone
	}
	for _, n := range []string{zone, name} {
		if dnswire.CheckName(n) != nil || n == "." || strings.Contains(n, "..") {
			return "", "", fmt.Errorf("%w: %q is not a valid DNS name", provider.ErrRefused, short(n))
		}
	}
	return zone, name, nil
}

// fqdn is name with its trailing dot.
func fqdn(name string) string {
	if strings.HasSuffix(name, ".") {
		return name
	}
	return name + "."
}
