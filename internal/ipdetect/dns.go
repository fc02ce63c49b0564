package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
)

// dnsService is a DNS name that resolves to the asker's own address when
// asked at the service's own servers (through any other resolver it does
// not).
type dnsService struct {
	qname   string            // fully qualified, trailing dot
	servers map[Family]string // host:port to ask for each family
}

// dnsServices are the names dns:NAME accepts. To add one, add an entry: a
// name answered with A and AAAA records, and the server to ask per family
// (the family of the server's address is the family of the answer). Services
// that answer in TXT records (Cloudflare whoami.cloudflare CH TXT, Google
// o-o.myaddr.l.google.com TXT) do not fit this mechanism.
//
// OpenDNS: myip.opendns.com at resolver1.opendns.com (providers.md section 8;
// qdm12/ddns-updater pkg/publicip/dns/providers.go uses the same addresses).
var dnsServices = map[string]dnsService{
	"opendns": {
		qname: "myip.opendns.com.",
		servers: map[Family]string{
			V4: "208.67.222.222:53",
			V6: "[2620:119:35::35]:53",
		},
	},
}

// DNS asks a DNS echo name for this host's address, using the Go resolver
// dialed straight at the service's server over the wanted family.
type DNS struct {
	name    string
	qname   string
	servers map[Family]string
}

var _ Source = (*DNS)(nil)

// DNSService returns the source for a name in dnsServices ("opendns").
func DNSService(name string) (*DNS, error) {
	svc, ok := dnsServices[strings.ToLower(name)]
	if !ok {
		known := make([]string, 0, len(dnsServices))
		for k := range dnsServices {
			known = append(known, "dns:"+k)
		}
		slices.Sort(known)
		return nil, fmt.Errorf("source dns:%s: unknown DNS service (known: %s)", name, strings.Join(known, ", "))
	}
	return NewDNS("dns:"+strings.ToLower(name), svc.qname, svc.servers), nil
}

// NewDNS returns a source named name that asks qname (A for V4, AAAA for V6)
// at servers[f] ("host:port"). Tests point servers at a local DNS server.
func NewDNS(name, qname string, servers map[Family]string) *DNS {
	return &DNS{name: name, qname: qname, servers: servers}
}

// Name is "dns:NAME".
func (d *DNS) Name() string { return d.name }

// Detect asks for the record of family f and returns the first answer.
func (d *DNS) Detect(ctx context.Context, f Family) (netip.Addr, error) {
	server, ok := d.servers[f]
	if !ok {
		return netip.Addr{}, fmt.Errorf("no %s server configured", f)
	}
	r := &net.Resolver{
		PreferGo: true,
		// The resolver would dial the servers of /etc/resolv.conf; this
		// answer only comes from the service's own server.
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, f.Network(strings.TrimRight(network, "46")), server)
		},
	}
	addrs, err := r.LookupNetIP(ctx, f.Network("ip"), d.qname)
	if err != nil {
		return netip.Addr{}, dnsError(ctx, d.qname, f, server, err)
	}
	if len(addrs) == 0 {
		return netip.Addr{}, fmt.Errorf("%s %s at %s: no answer", d.qname, f.RecordType(), server)
	}
	if f == V4 {
		return addrs[0].Unmap(), nil // the resolver may hand back IPv4 in 16-byte form
	}
	return addrs[0], nil
}

// dnsError rewrites a *net.DNSError, whose text names the resolv.conf server
// the resolver thought it was dialing rather than the one really asked.
func dnsError(ctx context.Context, qname string, f Family, server string, err error) error {
	where := fmt.Sprintf("%s %s at %s", qname, f.RecordType(), server)
	var de *net.DNSError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", where, ctx.Err())
	case !errors.As(err, &de):
		return fmt.Errorf("%s: %w", where, err)
	case de.IsNotFound:
		return fmt.Errorf("%s: %s (only the service's own server knows this name)", where, de.Err)
	}
	return fmt.Errorf("%s: %s", where, de.Err)
}
