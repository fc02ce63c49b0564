package rfc2136

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ddns-pi/ddns/internal/provider"
)

// query is what a verdict needs to put the server's answer in words.
type query struct {
	server               string
	zone, name, typ, key string
	now                  func() time.Time
}

// verdict classifies the answer r (and the exchange error err) of an update
// or a zone check. Only a success needs a verified signature: a refusal of
// the key (BADKEY, BADSIG) cannot be signed, and miekg does not verify a
// NOTAUTH answer at all (dns.ErrAuth), so a failure is taken at its word
// whatever its signature.
func (q query) verdict(r *dns.Msg, err error) error {
	if r != nil {
		if t := r.IsTsig(); t != nil && t.Error != dns.RcodeSuccess {
			return q.tsigError(t)
		}
	}
	tsigErr := errors.Is(err, dns.ErrSig) || errors.Is(err, dns.ErrAuth) ||
		errors.Is(err, dns.ErrSecret) || errors.Is(err, dns.ErrKeyAlg) || errors.Is(err, dns.ErrNoSig)
	switch {
	case errors.Is(err, dns.ErrTime):
		return fmt.Errorf("%w: the answer's signature time is %s, more than %ds away from this machine's "+
			"clock (%s): check this machine's clock", provider.ErrUnavailable,
			stamp(signedAt(r)), tsigFudge, stamp(q.now()))
	case tsigErr && r != nil && r.Rcode != dns.RcodeSuccess:
		return q.rcode(r)
	case tsigErr:
		return fmt.Errorf("%w: the answer's TSIG signature does not verify (%v); "+
			"something between this machine and the server changed it", provider.ErrBadResponse, err)
	case err != nil && r != nil && r.Rcode == dns.RcodeSuccess:
		return fmt.Errorf("%w: cannot read the answer: %s", provider.ErrBadResponse, provider.OneLine(err.Error()))
	case err != nil:
		return fmt.Errorf("%w: no answer from %s: %w", provider.ErrUnavailable, q.server, err)
	}
	return q.rcode(r)
}

// tsigError puts the TSIG error of a refusal in words.
func (q query) tsigError(t *dns.TSIG) error {
	switch t.Error {
	case dns.RcodeBadKey:
		return fmt.Errorf("%w: the server does not know key %s with algorithm %s (BADKEY); "+
			"check DDNS_TSIG_KEY_NAME and DDNS_TSIG_ALGORITHM against the server's key statement",
			provider.ErrAuth, short(q.key), short(t.Algorithm))
	case dns.RcodeBadSig:
		return fmt.Errorf("%w: the key's secret does not match the server's (BADSIG); "+
			"check DDNS_API_PASSWORD against the secret of key %s", provider.ErrAuth, short(q.key))
	case dns.RcodeBadTime:
		return fmt.Errorf("%w: the server refuses the signature time (BADTIME): this machine's clock says %s, "+
			"the server's %s; check this machine's clock (a board without a real-time clock boots in the past "+
			"until NTP sets it)", provider.ErrUnavailable, stamp(q.now()), stamp(serverTime(t)))
	}
	return fmt.Errorf("%w: the server refuses the signature (TSIG error %s)", provider.ErrAuth, rcodeName(int(t.Error)))
}

// rcode puts the answer's RCODE in words.
func (q query) rcode(r *dns.Msg) error {
	signed := r.IsTsig() != nil
	switch r.Rcode {
	case dns.RcodeSuccess:
		if !signed {
			return fmt.Errorf("%w: the server's answer is not signed, so its success cannot be trusted",
				provider.ErrBadResponse)
		}
		return nil
	case dns.RcodeRefused:
		return fmt.Errorf("%w: the server's update-policy (or allow-update) refuses %s %s for key %s (REFUSED); "+
			"grant it in the zone statement", provider.ErrRefused, short(q.name), q.typ, short(q.key))
	case dns.RcodeNotAuth:
		return fmt.Errorf("%w: %s is not a zone this server is primary for (NOTAUTH); "+
			"check DDNS_DOMAIN and DDNS_SERVER", provider.ErrNotFound, short(q.zone))
	case dns.RcodeNotZone:
		return fmt.Errorf("%w: %s is not inside zone %s (NOTZONE)", provider.ErrNotFound, short(q.name), short(q.zone))
	case dns.RcodeYXRrset:
		return fmt.Errorf("%w: %s is a CNAME, and an address record cannot sit beside it (YXRRSET); "+
			"remove the CNAME or publish another name", provider.ErrRefused, short(q.name))
	case dns.RcodeNotImplemented:
		return fmt.Errorf("%w: the server does not implement dynamic update (NOTIMP)", provider.ErrRefused)
	case dns.RcodeFormatError:
		return fmt.Errorf("%w: the server cannot parse the message (FORMERR)", provider.ErrRefused)
	case dns.RcodeServerFailure:
		return fmt.Errorf("%w: the server failed (SERVFAIL); its log says why", provider.ErrUnavailable)
	}
	return fmt.Errorf("%w: the server answered %s", provider.ErrBadResponse, rcodeName(r.Rcode))
}

// serverTime is the server's clock from a BADTIME answer (RFC 8945 5.2.3:
// Other Data holds it as 48 bits), else the answer's signing time.
func serverTime(t *dns.TSIG) time.Time {
	if raw, err := hex.DecodeString(t.OtherData); err == nil && len(raw) == 6 {
		var secs int64
		for _, b := range raw {
			secs = secs<<8 | int64(b)
		}
		return time.Unix(secs, 0)
	}
	return time.Unix(int64(t.TimeSigned), 0)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}

// short is a name as users write it: without the trailing dot.
func short(name string) string {
	if name == "." {
		return name
	}
	return strings.TrimSuffix(name, ".")
}

func rcodeName(rc int) string {
	if s, ok := dns.RcodeToString[rc]; ok {
		return s
	}
	return fmt.Sprintf("RCODE %d", rc)
}
