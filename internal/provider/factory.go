package provider

import (
	"context"
	"net/netip"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
	secretpkg "github.com/ddns-pi/ddns/internal/secret"
)

// Secret is the type of every secret setting a provider declares; it
// prints as "[redacted]" under every format. Fields of this type are found
// by the registry: they get a _FILE variant, are bound into the provider's
// HTTP helper for redaction, and count in the refusal fingerprint.
type Secret = secretpkg.Secret

// Need says how a provider uses one of the shared settings.
type Need int

// The ways a provider can use a shared setting.
const (
	Unused   Need = iota // setting it is a warning at `ddns check`
	Optional             // read when set
	Required             // a run refuses to start without it
)

// Factory describes one provider to the registry: its name as written in
// DDNS_PROVIDER, what it needs, what it can do, and how to build it.
// Everything outside the provider's folder (help, `ddns providers`, the
// unknown-setting check, the docs check, the fingerprint, pacing) reads
// this value.
type Factory struct {
	Name  string // DDNS_PROVIDER value, lowercase
	Title string // one line for lists: "Namecheap dynamic DNS"
	Docs  string // URL of the service's own API documentation

	// DefaultServer is used when DDNS_SERVER is empty; "" makes
	// DDNS_SERVER required.
	DefaultServer string
	// CheckServer validates DDNS_SERVER (or DefaultServer); nil means the
	// shared HTTP rule, CheckHTTPServer.
	CheckServer func(server string) error
	// NoServer marks a provider that reads no DDNS_SERVER (its own
	// settings give the address); setting it is then an error.
	NoServer bool
	// CheckRecords, when set, checks the shared DDNS_DOMAIN and DDNS_HOSTS
	// against what the service can hold (DuckDNS: only duckdns.org, lower
	// case); its error names the variable and is a settings error.
	CheckRecords func(domain string, hosts []string) error

	// How the provider uses the shared DDNS_USERNAME and
	// DDNS_API_PASSWORD (with DDNS_API_PASSWORD_FILE).
	Username Need
	Password Need
	// UsernameHelp and PasswordHelp say what the value is at this service
	// ("the Dynamic DNS password from Advanced DNS").
	UsernameHelp, PasswordHelp string

	// Settings returns a pointer to a new zero value of the provider's own
	// settings struct, or nil when it has none. The struct is read with
	// envconfig, prefix DDNS, field names with `split_words:"true"` (never
	// an explicit envconfig name: that falls back to the unprefixed
	// variable); `desc` is the help line, `required` and `default` work as
	// in envconfig, and Secret fields are secrets. If the struct has a
	// method Validate() error, it runs after reading.
	Settings func() any

	// IPv6 is false where the service cannot publish AAAA records.
	IPv6 bool
	// Concurrency bounds parallel requests in one run (default 1).
	Concurrency int
	// Spacing is the least time between two requests to the service and
	// Burst how many may go out before the spacing applies; zero means no
	// pacing.
	Spacing time.Duration
	Burst   int

	New func(Env) (Provider, error)
}

// Env is everything a provider constructor receives.
type Env struct {
	Server   string // DDNS_SERVER or DefaultServer, already checked by CheckServer
	Username string
	Password string // DDNS_API_PASSWORD; already bound into HTTP
	// Settings is the value Factory.Settings returned, filled and validated.
	Settings any
	// HTTP sends requests with every secret of this provider bound for
	// redaction; nil only for providers that speak no HTTP.
	HTTP *HTTP
}

// Change is one record to be set to one address.
type Change struct {
	Record Record
	Addr   netip.Addr
}

// Family is the change's address family.
func (c Change) Family() family.Family { return family.Of(c.Addr) }

// Batcher is an optional capability: a provider that can set several
// records, and both families, in one call implements it, and the updater
// uses it instead of one Update per change. It returns one error per
// change, in order: nil only where the service confirmed that change.
type Batcher interface {
	UpdateBatch(ctx context.Context, changes []Change) []error
}
