package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// ErrNoAddress is wrapped by Detect's error when no source gave a usable
// address.
var ErrNoAddress = errors.New("no usable public address")

// Detector tries sources in order until one gives an address Check accepts.
// The zero value has no sources; it holds no state between calls and is
// safe for concurrent use if its sources are.
//
// Trust rule for DNS sources: an answer over plain DNS (port 53) can be
// rewritten by a Pi-hole or a router that intercepts DNS, which would
// point the record at a wrong address. So a dns: source's answer is used
// only when a source of another kind (https, iface) in the same list
// agrees with it, or when it is the only source of the list (the user
// named it alone, on purpose). Otherwise it only cross-checks: a
// disagreeing later answer wins with a warning, and if no other source
// answers, the DNS answer is not used and the error says why.
type Detector struct {
	// Sources lists, per family, the sources to try in order.
	Sources map[Family][]Source
	// Log receives one warning per failed source (keys source, family, ip
	// when there was one, error).
	Log zerolog.Logger
	// Timeout bounds each source's attempt, so that one hanging service
	// leaves time for the next; zero leaves only ctx to bound it.
	Timeout time.Duration
	// AllowLAN accepts private, CGNAT and link-local addresses
	// (DDNS_ALLOW_PRIVATE), for a name that points inside the house.
	AllowLAN bool
	// Suffix, when set, replaces the host part of every IPv6 address found
	// (DDNS_IPV6_SUFFIX); the result is checked again.
	Suffix *Suffix
}

// answer is one source's accepted address.
type answer struct {
	source string
	addr   netip.Addr
}

// Detect returns the first acceptable address of family f and the name of
// the source that gave it. Otherwise the error wraps ErrNoAddress and lists
// every source's failure, one line each.
func (d *Detector) Detect(ctx context.Context, f Family) (netip.Addr, string, error) {
	sources := d.Sources[f]
	if len(sources) == 0 {
		return netip.Addr{}, "", fmt.Errorf("%w for %s: no sources configured", ErrNoAddress, f)
	}
	lone := len(sources) == 1
	var errs []error
	var unconfirmed []answer
	for _, s := range sources {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("stopped before %s: %w", s.Name(), err))
			break
		}
		addr, err := d.try(ctx, s, f)
		if err != nil {
			d.warn(s.Name(), f, addr, err)
			errs = append(errs, fmt.Errorf("%s: %w", s.Name(), err))
			continue
		}
		if isDNS(s) && !lone {
			unconfirmed = append(unconfirmed, answer{s.Name(), addr})
			continue
		}
		d.crossCheck(unconfirmed, answer{s.Name(), addr}, f)
		return d.withSuffix(addr, s.Name(), f)
	}
	if len(unconfirmed) > 0 {
		errs = append(errs, unconfirmedError(unconfirmed))
	}
	return netip.Addr{}, "", fmt.Errorf("%w for %s:\n%w", ErrNoAddress, f, errors.Join(errs...))
}

func (d *Detector) try(ctx context.Context, s Source, f Family) (netip.Addr, error) {
	if d.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.Timeout)
		defer cancel()
	}
	addr, err := s.Detect(ctx, f)
	if err != nil {
		return netip.Addr{}, err
	}
	return addr, CheckLAN(addr, f, d.AllowLAN)
}

// isDNS reports whether s answers over plain DNS and so needs the trust
// rule.
func isDNS(s Source) bool {
	_, ok := s.(*DNS)
	return ok
}

// crossCheck warns about every DNS answer that disagrees with the trusted
// one: the sign of a resolver rewriting answers on the way.
func (d *Detector) crossCheck(dns []answer, trusted answer, f Family) {
	for _, a := range dns {
		if a.addr == trusted.addr {
			d.Log.Debug().Str("source", a.source).Str("confirmed_by", trusted.source).Stringer("ip", a.addr).
				Msg("DNS answer confirmed")
			continue
		}
		d.Log.Warn().Str("source", a.source).Stringer("family", f).Stringer("ip", a.addr).
			Str("used_source", trusted.source).Stringer("used_ip", trusted.addr).
			Msg("DNS answer disagrees with a source that cannot be rewritten on the way; " +
				"using that one (does a Pi-hole or the router intercept DNS?)")
	}
}

func unconfirmedError(dns []answer) error {
	parts := make([]string, len(dns))
	for i, a := range dns {
		parts[i] = a.source + " answered " + a.addr.String()
	}
	return fmt.Errorf("%s, but no https or iface source in the same list confirmed it: answers over plain DNS "+
		"can be rewritten on the way (a Pi-hole, a router), so a DNS source is trusted only when it agrees "+
		"with one, or when it is the only source listed", strings.Join(parts, "; "))
}

// withSuffix applies the Suffix to an IPv6 address and checks the result.
func (d *Detector) withSuffix(addr netip.Addr, source string, f Family) (netip.Addr, string, error) {
	if f != V6 || d.Suffix == nil {
		return addr, source, nil
	}
	joined, err := d.Suffix.Apply(addr)
	if err == nil {
		err = CheckLAN(joined, f, d.AllowLAN)
	}
	if err != nil {
		return netip.Addr{}, "", fmt.Errorf("%w for %s: DDNS_IPV6_SUFFIX %s with %s from %s: %w",
			ErrNoAddress, f, d.Suffix, addr, source, err)
	}
	d.Log.Debug().Str("source", source).Stringer("detected", addr).Stringer("ip", joined).
		Msg("joined the detected prefix with DDNS_IPV6_SUFFIX")
	return joined, source + " + DDNS_IPV6_SUFFIX", nil
}

func (d *Detector) warn(source string, f Family, addr netip.Addr, err error) {
	ev := d.Log.Warn().Str("source", source).Stringer("family", f)
	if addr.IsValid() {
		ev = ev.Stringer("ip", addr)
	}
	// AnErr, not Err: Err's key follows a zerolog global setting.
	ev.AnErr("error", err).Msg("public IP source failed")
}
