package ipdetect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/rs/zerolog"
)

// ErrNoAddress is wrapped by Detect's error when no source gave a usable
// address.
var ErrNoAddress = errors.New("no usable public address")

// Detector tries sources in order until one gives an address Check accepts.
// The zero value has no sources; it holds no state between calls and is
// safe for concurrent use if its sources are.
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
}

// Detect returns the first acceptable address of family f and the name of
// the source that gave it. Otherwise the error wraps ErrNoAddress and lists
// every source's failure, one line each.
func (d *Detector) Detect(ctx context.Context, f Family) (netip.Addr, string, error) {
	sources := d.Sources[f]
	if len(sources) == 0 {
		return netip.Addr{}, "", fmt.Errorf("%w for %s: no sources configured", ErrNoAddress, f)
	}
	var errs []error
	for _, s := range sources {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("stopped before %s: %w", s.Name(), err))
			break
		}
		addr, err := d.try(ctx, s, f)
		if err == nil {
			return addr, s.Name(), nil
		}
		d.warn(s.Name(), f, addr, err)
		errs = append(errs, fmt.Errorf("%s: %w", s.Name(), err))
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

func (d *Detector) warn(source string, f Family, addr netip.Addr, err error) {
	ev := d.Log.Warn().Str("source", source).Stringer("family", f)
	if addr.IsValid() {
		ev = ev.Stringer("ip", addr)
	}
	// AnErr, not Err: Err's key follows a zerolog global setting.
	ev.AnErr("error", err).Msg("public IP source failed")
}
