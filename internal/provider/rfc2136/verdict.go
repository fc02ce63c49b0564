package rfc2136

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ddns-pi/ddns/internal/dnswire"
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
// the key (BADKEY, BADSIG) cannot be signed, so a failure is taken at its
// word whatever its signature.
func (q query) verdict(r *dnswire.Msg, err error) error {
	if r != nil && r.TSIG != nil && r.TSIG.Error != dnswire.RcodeSuccess {
		return q.tsigError(r.TSIG)
	}
	switch {
	case errors.Is(err, dnswire.ErrBadTime):
		return fmt.Errorf("%w: the answer's signature time is %s, more than %ds away from this machine's "+
			"clock (%s): check this machine's clock", provider.ErrUnavailable,
			stamp(signedAt(r)), dnswire.Fudge, stamp(q.now()))
	case errors.Is(err, dnswire.ErrUnsigned) && r != nil:
		return q.rcode(r) // a success is refused there, a failure taken at its word
	case errors.Is(err, dnswire.ErrBadSignature) && r != nil && r.Rcode != dnswire.RcodeSuccess:
		return q.rcode(r)
	case errors.Is(err, dnswire.ErrBadSignature):
		return fmt.Errorf("%w: the answer's TSIG signature does not verify (%v); "+
			"something between this machine and the server changed it", provider.ErrBadResponse, err)
	case err != nil && r != nil && r.Rcode == dnswire.RcodeSuccess:
		return fmt.Errorf("%w: cannot read the answer: %s", provider.ErrBadResponse, provider.OneLine(err.Error()))
	case err != nil:
		return fmt.Errorf("%w: no answer from %s: %w", provider.ErrUnavailable, q.server, err)
	}
	return q.rcode(r)
}

// tsigError puts the TSIG error of a refusal in words.
func (q query) tsigError(t *dnswire.TSIG) error {
	switch t.Error {
	case dnswire.RcodeBadKey:
		return fmt.Errorf("%w: the server does not know key %s with algorithm %s (BADKEY); "+
			"check DDNS_TSIG_KEY_NAME and DDNS_TSIG_ALGORITHM against the server's key statement",
			provider.ErrAuth, short(q.key), short(t.Algorithm))
	case dnswire.RcodeBadSig:
		return fmt.Errorf("%w: the key's secret does not match the server's (BADSIG); "+
			"check DDNS_API_PASSWORD against the secret of key %s", provider.ErrAuth, short(q.key))
	case dnswire.RcodeBadTime:
		return fmt.Errorf("%w: the server refuses the signature time (BADTIME): this machine's clock says %s, "+
			"the server's %s; check this machine's clock (a board without a real-time clock boots in the past "+
			"until NTP sets it)", provider.ErrUnavailable, stamp(q.now()), stamp(t.ServerTime()))
	}
	return fmt.Errorf("%w: the server refuses the signature (TSIG error %s)", provider.ErrAuth, dnswire.RcodeName(int(t.Error)))
}

// rcode puts the answer's RCODE in words.
func (q query) rcode(r *dnswire.Msg) error {
	signed := r.TSIG != nil
	switch r.Rcode {
	case dnswire.RcodeSuccess:
		if !signed {
			return fmt.Errorf("%w: the server's answer is not signed, so its success cannot be trusted",
				provider.ErrBadResponse)
		}
		return nil
	case dnswire.RcodeRefused:
		return fmt.Errorf("%w: the server's update-policy (or allow-update) refuses %s %s for key %s (REFUSED); "+
			"grant it in the zone statement", provider.ErrRefused, short(q.name), q.typ, short(q.key))
	case dnswire.RcodeNotAuth:
		return fmt.Errorf("%w: %s is not a zone this server is primary for (NOTAUTH); "+
			"check DDNS_DOMAIN and DDNS_SERVER", provider.ErrNotFound, short(q.zone))
	case dnswire.RcodeNotZone:
		return fmt.Errorf("%w: %s is not inside zone %s (NOTZONE)", provider.ErrNotFound, short(q.name), short(q.zone))
	case dnswire.RcodeYXRRset:
		return fmt.Errorf("%w: %s is a CNAME, and an address record cannot sit beside it (YXRRSET); "+
			"remove the CNAME or publish another name", provider.ErrRefused, short(q.name))
	case dnswire.RcodeNotImp:
		return fmt.Errorf("%w: the server does not implement dynamic update (NOTIMP)", provider.ErrRefused)
	case dnswire.RcodeFormErr:
		return fmt.Errorf("%w: the server cannot parse the message (FORMERR)", provider.ErrRefused)
	case dnswire.RcodeServFail:
		return fmt.Errorf("%w: the server failed (SERVFAIL); its log says why", provider.ErrUnavailable)
	}
	return fmt.Errorf("%w: the server answered %s", provider.ErrBadResponse, dnswire.RcodeName(r.Rcode))
}

// signedAt is the time the server's answer was signed, zero when unsigned.
func signedAt(r *dnswire.Msg) time.Time {
	if r != nil && r.TSIG != nil {
		return time.Unix(int64(r.TSIG.TimeSigned), 0)
	}
	return time.Time{}
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
