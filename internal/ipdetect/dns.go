package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ddns-pi/ddns/internal/dnswire"
)

// dnsService is a DNS name that answers with the asker's own address when
// asked at the service's own servers (through any other resolver it does
// not). The family of the server's address is the family of the answer.
type dnsService struct {
	qname   string            // fully qualified, trailing dot
	class   uint16            // dnswire.ClassIN, or ClassCH for whoami.cloudflare
	txt     bool              // the address is a TXT string, not an A/AAAA record
	servers map[Family]string // host:port to ask for each family
}

// dnsServices are the names dns:NAME accepts. To add one, add an entry:
// nothing else changes. Sources, as documented by the services and used by
// other updaters:
//
//   - OpenDNS: myip.opendns.com A/AAAA at resolver1.opendns.com
//     (qdm12/ddns-updater pkg/publicip/dns/providers.go uses the same
//     addresses).
//   - Cloudflare: whoami.cloudflare TXT in class CH at 1.1.1.1 and
//     2606:4700:4700::1111; the TXT string is the address.
var dnsServices = map[string]dnsService{
	"opendns": {
		qname: "myip.opendns.com.",
		class: dnswire.ClassIN,
		servers: map[Family]string{
			V4: "208.67.222.222:53",
			V6: "[2620:119:35::35]:53",
		},
	},
	"cloudflare": {
		qname: "whoami.cloudflare.",
		class: dnswire.ClassCH,
		txt:   true,
		servers: map[Family]string{
			V4: "1.1.1.1:53",
			V6: "[2606:4700:4700::1111]:53",
		},
	},
}

// DNS asks a DNS echo service for this host's address, straight at the
// service's server over the wanted family (never through the system's
// resolver, which does not know these names).
//
// Plain DNS on port 53 can be intercepted and rewritten by a Pi-hole or a
// router on the way; the Detector therefore trusts a DNS answer only in
// the cases its documentation gives.
type DNS struct {
	name string
	svc  dnsService // tests point svc.servers at a local server
}

var _ Source = (*DNS)(nil)

// DNSService returns the source for a name in dnsServices ("opendns").
func DNSService(name string) (*DNS, error) {
	key := strings.ToLower(name)
	svc, ok := dnsServices[key]
	if !ok {
		known := make([]string, 0, len(dnsServices))
		for k := range dnsServices {
			known = append(known, "dns:"+k)
		}
		slices.Sort(known)
		return nil, fmt.Errorf("source dns:%s: unknown DNS service (known: %s)", name, strings.Join(known, ", "))
	}
	return &DNS{name: "dns:" + key, svc: svc}, nil
}

// Name is "dns:NAME".
func (d *DNS) Name() string { return d.name }

// Detect asks the service's server of family f and returns the address in
// the first answer record of the expected type.
func (d *DNS) Detect(ctx context.Context, f Family) (netip.Addr, error) {
	server, ok := d.svc.servers[f]
	if !ok {
		return netip.Addr{}, fmt.Errorf("no %s server configured", f)
	}
	// The server's address fixes the family of the query and so of the
	// answer: never let an IPv6 question go out over IPv4 or the reverse.
	if ap, err := netip.ParseAddrPort(server); err != nil || (ap.Addr().Unmap().Is4() != (f == V4)) {
		return netip.Addr{}, fmt.Errorf("server %s is not an %s address", server, f)
	}
	qtype := dnswire.TypeA
	switch {
	case d.svc.txt:
		qtype = dnswire.TypeTXT
	case f == V6:
		qtype = dnswire.TypeAAAA
	}
	where := fmt.Sprintf("%s %s at %s", d.svc.qname, typeName(qtype), server)
	answers, err := dnswire.Query(ctx, server, d.svc.qname, qtype, d.svc.class)
	var rc *dnswire.RcodeError
	if errors.As(err, &rc) && rc.Rcode == dnswire.RcodeNXDomain {
		return netip.Addr{}, fmt.Errorf("%s: no such name (only the service's own server knows this name)", where)
	}
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%s: %w", where, ctxOr(ctx, err))
	}
	addr, err := answerAddr(answers, qtype)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%s: %w", where, err)
	}
	return addr, nil
}

// answerAddr reads the address out of the first record of type qtype.
func answerAddr(answers []dnswire.RR, qtype uint16) (netip.Addr, error) {
	for _, rr := range answers {
		if qtype == dnswire.TypeTXT {
			if txt, err := rr.TXT(); err == nil && len(txt) > 0 {
				return parseAddr(strings.TrimSpace(strings.Join(txt, "")), "TXT answer")
			}
			continue
		}
		if a, ok := rr.Addr(); ok {
			return a, nil
		}
	}
	return netip.Addr{}, fmt.Errorf("no %s record in the answer", typeName(qtype))
}

// typeName is "A", "AAAA" or "TXT".
func typeName(t uint16) string {
	switch t {
	case dnswire.TypeA:
		return "A"
	case dnswire.TypeAAAA:
		return "AAAA"
	}
	return "TXT"
}

// ctxOr prefers the context's error when it ended: it says more than the
// i/o error it caused.
func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return err
}
