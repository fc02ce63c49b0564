package dnswire

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"strings"
	"time"
)

// Fudge is the clock skew, in seconds, a signature allows (RFC 8945 10
// recommends 300; BIND uses it).
const Fudge = 300

// algorithms are the TSIG algorithms this package signs with (RFC 8945 6).
// HMAC-MD5 is deliberately absent.
var algorithms = map[string]func() hash.Hash{
	"hmac-sha1.":   sha1.New,
	"hmac-sha224.": sha256.New224,
	"hmac-sha256.": sha256.New,
	"hmac-sha384.": sha512.New384,
	"hmac-sha512.": sha512.New,
}

// Algorithm returns the canonical name of a TSIG algorithm written in any
// case, with or without the trailing dot ("HMAC-SHA256" -> "hmac-sha256."),
// and whether this package supports it.
func Algorithm(name string) (string, bool) {
	canon := fqdn(strings.ToLower(strings.TrimSpace(name)))
	_, ok := algorithms[canon]
	return canon, ok
}

// Key is a TSIG key as the server's key statement has it.
type Key struct {
	Name      string // "ddns-key"; signed lower case, fully qualified
	Algorithm string // "hmac-sha256", see Algorithm
	Secret    []byte // decoded from the statement's base64
}

// TSIG is a parsed TSIG record (RFC 8945 4.2).
type TSIG struct {
	KeyName    string // the record's owner
	Algorithm  string // fully qualified, as sent: "hmac-sha256."
	TimeSigned uint64 // seconds since the epoch, 48 bits
	Fudge      uint16
	MAC        []byte
	OriginalID uint16
	Error      uint16 // BADSIG, BADKEY, BADTIME... or 0
	OtherData  []byte

	start int // the record's offset in the message
}

// ServerTime is the server's clock in a BADTIME answer, which Other Data
// holds as 48 bits (RFC 8945 5.2.3); otherwise the time the record was
// signed.
func (t *TSIG) ServerTime() time.Time {
	if len(t.OtherData) == 6 {
		return time.Unix(int64(uint48(t.OtherData)), 0)
	}
	return time.Unix(int64(t.TimeSigned), 0)
}

// Errors of Verify. A TSIG error the server reports is a *TSIGError.
var (
	ErrUnsigned     = errors.New("dnswire: the answer is not signed")
	ErrBadSignature = errors.New("dnswire: bad TSIG signature")
	ErrBadTime      = errors.New("dnswire: TSIG time outside the fudge")
)

// TSIGError is a refusal the server put in the TSIG record of its answer
// (RFC 8945 5.3.2): BADSIG and BADKEY answers are not signed, BADTIME ones
// carry the server's time.
type TSIGError struct {
	Code       uint16
	ServerTime time.Time
}

func (e *TSIGError) Error() string {
	return "dnswire: the server refuses the signature: " + RcodeName(int(e.Code))
}

// Sign appends to msg, a packed message without TSIG, a TSIG record made
// with key at time now, and increments ARCOUNT (RFC 8945 5.1). It returns
// the signed message and its MAC, which verifying the answer needs. msg is
// not modified.
func Sign(msg []byte, key Key, now time.Time) (signed, mac []byte, err error) {
	if len(msg) < headerLen {
		return nil, nil, fmt.Errorf("%w: too short to sign", ErrMalformed)
	}
	t := TSIG{Algorithm: key.Algorithm, TimeSigned: uint64(now.Unix()), Fudge: Fudge,
		OriginalID: binary.BigEndian.Uint16(msg)}
	h, keyName, alg, err := key.prepare()
	if err != nil {
		return nil, nil, err
	}
	t.Algorithm = alg
	sum := hmac.New(h, key.Secret)
	sum.Write(msg)
	sum.Write(t.variables(keyName))
	t.MAC = sum.Sum(nil)

	signed = append(make([]byte, 0, len(msg)+len(keyName)+len(alg)+len(t.MAC)+26), msg...)
	ar := binary.BigEndian.Uint16(signed[10:])
	if ar == 0xffff {
		return nil, nil, errors.New("dnswire: additional section full")
	}
	binary.BigEndian.PutUint16(signed[10:], ar+1)
	signed = append(signed, keyName...)
	signed = binary.BigEndian.AppendUint16(signed, TypeTSIG)
	signed = binary.BigEndian.AppendUint16(signed, ClassANY)
	signed = binary.BigEndian.AppendUint32(signed, 0)
	rdata := t.rdata()
	signed = binary.BigEndian.AppendUint16(signed, uint16(len(rdata)))
	return append(signed, rdata...), t.MAC, nil
}

// prepare checks key and returns its hash and its canonical names.
func (k Key) prepare() (func() hash.Hash, []byte, string, error) {
	alg, ok := Algorithm(k.Algorithm)
	if !ok {
		return nil, nil, "", fmt.Errorf("dnswire: TSIG algorithm %q is not supported", k.Algorithm)
	}
	keyName, err := canonicalName(k.Name)
	if err != nil || len(keyName) == 1 {
		return nil, nil, "", fmt.Errorf("dnswire: TSIG key name %q is not a name", k.Name)
	}
	if len(k.Secret) == 0 {
		return nil, nil, "", errors.New("dnswire: TSIG secret is empty")
	}
	return algorithms[alg], keyName, alg, nil
}

// Verify checks the TSIG record of m, the answer to a request signed with
// key whose MAC was requestMAC (RFC 8945 5.3): the record names the key and
// its algorithm, the MAC covers the request's MAC, the answer as sent with
// the original ID and the TSIG variables, and the time is within the fudge
// of now. A TSIG error from the server comes back as a *TSIGError before
// any check, since BADKEY and BADSIG answers cannot be signed.
func (m *Msg) Verify(key Key, requestMAC []byte, now time.Time) error {
	t := m.TSIG
	switch {
	case t == nil:
		return ErrUnsigned
	case t.Error != 0:
		return &TSIGError{Code: t.Error, ServerTime: t.ServerTime()}
	}
	h, keyName, alg, err := key.prepare()
	if err != nil {
		return err
	}
	if !sameName(t.KeyName, key.Name) || !strings.EqualFold(t.Algorithm, alg) {
		return fmt.Errorf("%w: signed with key %s (%s), not %s", ErrBadSignature, t.KeyName, t.Algorithm, fqdn(key.Name))
	}
	sum := hmac.New(h, key.Secret)
	sum.Write(binary.BigEndian.AppendUint16(nil, uint16(len(requestMAC))))
	sum.Write(requestMAC)
	hdr := append([]byte(nil), m.raw[:headerLen]...)
	binary.BigEndian.PutUint16(hdr, t.OriginalID)
	binary.BigEndian.PutUint16(hdr[10:], binary.BigEndian.Uint16(hdr[10:])-1)
	sum.Write(hdr)
	sum.Write(m.raw[headerLen:t.start])
	sum.Write(t.variables(keyName))
	if !hmac.Equal(sum.Sum(nil), t.MAC) {
		return ErrBadSignature
	}
	signed := time.Unix(int64(t.TimeSigned), 0)
	if d := now.Sub(signed).Abs(); d > time.Duration(t.Fudge)*time.Second {
		return fmt.Errorf("%w: signed at %s, %s from this clock", ErrBadTime, signed.UTC().Format(time.RFC3339), d.Truncate(time.Second))
	}
	return nil
}

// variables are the TSIG variables the MAC covers after the message (RFC
// 8945 4.3.3): key name, class ANY, TTL 0, algorithm, time, fudge, error,
// other data.
func (t *TSIG) variables(keyName []byte) []byte {
	v := append([]byte(nil), keyName...)
	v = binary.BigEndian.AppendUint16(v, ClassANY)
	v = binary.BigEndian.AppendUint32(v, 0)
	alg, _ := canonicalName(t.Algorithm)
	v = append(v, alg...)
	v = appendUint48(v, t.TimeSigned)
	v = binary.BigEndian.AppendUint16(v, t.Fudge)
	v = binary.BigEndian.AppendUint16(v, t.Error)
	v = binary.BigEndian.AppendUint16(v, uint16(len(t.OtherData)))
	return append(v, t.OtherData...)
}

// rdata is the record's RDATA (RFC 8945 4.2), algorithm in canonical form.
func (t *TSIG) rdata() []byte {
	b, _ := canonicalName(t.Algorithm)
	b = appendUint48(b, t.TimeSigned)
	b = binary.BigEndian.AppendUint16(b, t.Fudge)
	b = binary.BigEndian.AppendUint16(b, uint16(len(t.MAC)))
	b = append(b, t.MAC...)
	b = binary.BigEndian.AppendUint16(b, t.OriginalID)
	b = binary.BigEndian.AppendUint16(b, t.Error)
	b = binary.BigEndian.AppendUint16(b, uint16(len(t.OtherData)))
	return append(b, t.OtherData...)
}

// parseTSIG reads the TSIG record rr that begins at start in msg.
func parseTSIG(msg []byte, rr RR, start int) (*TSIG, error) {
	if rr.Class != ClassANY || rr.TTL != 0 {
		return nil, errors.New("TSIG record with a class other than ANY or a TTL")
	}
	// The algorithm name is not compressed (RFC 8945 4.2), so it is read
	// from the RDATA alone: a pointer there is an error.
	alg, off, err := readName(rr.Data, 0)
	if err != nil {
		return nil, fmt.Errorf("TSIG algorithm: %w", err)
	}
	d := rr.Data[off:]
	if len(d) < 10 {
		return nil, errors.New("TSIG record too short")
	}
	t := &TSIG{KeyName: rr.Name, Algorithm: alg, TimeSigned: uint48(d), Fudge: binary.BigEndian.Uint16(d[6:]), start: start}
	macLen := int(binary.BigEndian.Uint16(d[8:]))
	d = d[10:]
	if len(d) < macLen+6 {
		return nil, errors.New("TSIG MAC runs past the record")
	}
	t.MAC, d = d[:macLen:macLen], d[macLen:]
	t.OriginalID = binary.BigEndian.Uint16(d)
	t.Error = binary.BigEndian.Uint16(d[2:])
	otherLen := int(binary.BigEndian.Uint16(d[4:]))
	if len(d[6:]) != otherLen {
		return nil, errors.New("TSIG other data does not fill the record")
	}
	t.OtherData = d[6:]
	return t, nil
}

func uint48(b []byte) uint64 {
	return uint64(binary.BigEndian.Uint16(b))<<32 | uint64(binary.BigEndian.Uint32(b[2:]))
}

func appendUint48(b []byte, v uint64) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(v>>32))
	return binary.BigEndian.AppendUint32(b, uint32(v))
}
