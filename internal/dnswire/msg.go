// Package dnswire is the little of the DNS wire format (RFC 1035) that ddns
// speaks: queries with one question, RFC 2136 dynamic updates, TSIG
// signatures (RFC 8945), and an exchange over UDP with TCP fallback. It
// uses only the standard library; it is not a general DNS library.
//
// Names are written as text ("home.example.test", trailing dot optional,
// "." or "" for the root) and encoded without compression. Parsed names
// are fully qualified, as they came (case kept), with bytes other than
// letters, digits, '-', '_' and '*' written as \DDD.
//
// An IP-discovery source asks a "whoami" name with Query:
//
//	rrs, err := dnswire.Query(ctx, "1.1.1.1:53", "whoami.cloudflare", dnswire.TypeTXT, dnswire.ClassCH)
//	if err != nil {
//		return err // a *RcodeError for NXDOMAIN, REFUSED...
//	}
//	for _, rr := range rrs {
//		texts, err := rr.TXT() // ["203.0.113.7"]
//		...
//	}
//
// and for OpenDNS, Query(ctx, "208.67.222.222:53", "myip.opendns.com", TypeA,
// ClassIN), reading each answer with rr.Addr().
package dnswire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// Record types.
const (
	TypeA     uint16 = 1
	TypeNS    uint16 = 2
	TypeCNAME uint16 = 5
	TypeSOA   uint16 = 6
	TypeTXT   uint16 = 16
	TypeAAAA  uint16 = 28
	TypeTSIG  uint16 = 250
	TypeANY   uint16 = 255
)

// Classes. NONE and ANY have special meanings in updates (RFC 2136 2.4).
const (
	ClassIN   uint16 = 1
	ClassCH   uint16 = 3
	ClassNONE uint16 = 254
	ClassANY  uint16 = 255
)

// Opcodes.
const (
	OpQuery  = 0
	OpUpdate = 5
)

// Response codes (RFC 1035, RFC 2136) and TSIG errors (RFC 8945), which
// travel in the TSIG record, not in the header.
const (
	RcodeSuccess  = 0
	RcodeFormErr  = 1
	RcodeServFail = 2
	RcodeNXDomain = 3
	RcodeNotImp   = 4
	RcodeRefused  = 5
	RcodeYXDomain = 6
	RcodeYXRRset  = 7
	RcodeNXRRset  = 8
	RcodeNotAuth  = 9
	RcodeNotZone  = 10
	RcodeBadSig   = 16
	RcodeBadKey   = 17
	RcodeBadTime  = 18
	RcodeBadTrunc = 22
)

var rcodeNames = map[int]string{
	RcodeSuccess: "NOERROR", RcodeFormErr: "FORMERR", RcodeServFail: "SERVFAIL", RcodeNXDomain: "NXDOMAIN",
	RcodeNotImp: "NOTIMP", RcodeRefused: "REFUSED", RcodeYXDomain: "YXDOMAIN", RcodeYXRRset: "YXRRSET",
	RcodeNXRRset: "NXRRSET", RcodeNotAuth: "NOTAUTH", RcodeNotZone: "NOTZONE", RcodeBadSig: "BADSIG",
	RcodeBadKey: "BADKEY", RcodeBadTime: "BADTIME", RcodeBadTrunc: "BADTRUNC",
}

// RcodeName is the mnemonic of a response code or TSIG error ("NOTAUTH"),
// or "RCODE n" for one without a name here.
func RcodeName(rc int) string {
	if s, ok := rcodeNames[rc]; ok {
		return s
	}
	return fmt.Sprintf("RCODE %d", rc)
}

// headerLen is the size of the fixed header.
const headerLen = 12

// Question is one entry of the question section (the zone section of an
// update).
type Question struct {
	Name  string
	Type  uint16
	Class uint16
}

// RR is a resource record with its RDATA as bytes. Parsed RDATA is a slice
// of the message; names inside it (SOA, NS...) may be compressed and are
// not decoded.
type RR struct {
	Name  string
	Type  uint16
	Class uint16
	TTL   uint32
	Data  []byte
}

// Msg is a message: built and packed by a client, or parsed from a
// server's answer. In an update the Question is the zone section, Answer
// the prerequisites and Authority the updates.
type Msg struct {
	ID                 uint16
	Response           bool // QR
	Opcode             int
	Authoritative      bool // AA
	Truncated          bool // TC
	RecursionDesired   bool // RD
	RecursionAvailable bool // RA
	Rcode              int  // the header's 4 bits

	Question   []Question
	Answer     []RR
	Authority  []RR
	Additional []RR // without the TSIG record

	// TSIG is the parsed signature of an answer; Pack ignores it (Sign
	// signs packed messages).
	TSIG *TSIG

	raw        []byte // the parsed message, for Verify
	requestMAC []byte // the MAC of the signed request this answers
}

// NewQuery returns a query for one question.
func NewQuery(name string, typ, class uint16) *Msg {
	return &Msg{Opcode: OpQuery, Question: []Question{{Name: name, Type: typ, Class: class}}}
}

// NewUpdate returns an empty dynamic update of zone (RFC 2136 2.3: the zone
// section is zone SOA IN).
func NewUpdate(zone string) *Msg {
	return &Msg{Opcode: OpUpdate, Question: []Question{{Name: zone, Type: TypeSOA, Class: ClassIN}}}
}

// RRsetAbsent is the prerequisite "RRset does not exist" (RFC 2136 2.4.3):
// name has no record of type typ.
func RRsetAbsent(name string, typ uint16) RR {
	return RR{Name: name, Type: typ, Class: ClassNONE}
}

// DeleteRRset is the update "delete an RRset" (RFC 2136 2.5.2): every
// record of type typ at name goes; nothing happens if there is none.
func DeleteRRset(name string, typ uint16) RR {
	return RR{Name: name, Type: typ, Class: ClassANY}
}

// AddrRR is an A record for an IPv4 addr, else an AAAA record, class IN:
// in an update's Authority section it is "add to an RRset" (RFC 2136
// 2.5.1).
func AddrRR(name string, addr netip.Addr, ttl uint32) RR {
	addr = addr.Unmap()
	if addr.Is4() {
		return RR{Name: name, Type: TypeA, Class: ClassIN, TTL: ttl, Data: addr.AsSlice()}
	}
	return RR{Name: name, Type: TypeAAAA, Class: ClassIN, TTL: ttl, Data: addr.AsSlice()}
}

// Addr is the address an A or AAAA record holds.
func (rr RR) Addr() (netip.Addr, bool) {
	switch {
	case rr.Type == TypeA && len(rr.Data) == 4, rr.Type == TypeAAAA && len(rr.Data) == 16:
		return netip.AddrFromSlice(rr.Data)
	}
	return netip.Addr{}, false
}

// TXT is the character-strings of a TXT record (RFC 1035 3.3.14), as
// bytes: a caller that wants an address validates it.
func (rr RR) TXT() ([]string, error) {
	if rr.Type != TypeTXT {
		return nil, fmt.Errorf("dnswire: record type %d is not TXT", rr.Type)
	}
	var out []string
	for b := rr.Data; len(b) > 0; {
		n := int(b[0])
		if 1+n > len(b) {
			return nil, errors.New("dnswire: TXT string overruns its record")
		}
		out = append(out, string(b[1:1+n]))
		b = b[1+n:]
	}
	return out, nil
}

// Pack encodes m without compression. It does not sign: see Sign.
func (m *Msg) Pack() ([]byte, error) {
	counts := []int{len(m.Question), len(m.Answer), len(m.Authority), len(m.Additional)}
	for _, n := range counts {
		if n > 0xffff {
			return nil, errors.New("dnswire: too many records")
		}
	}
	if m.Opcode < 0 || m.Opcode > 15 || m.Rcode < 0 || m.Rcode > 15 {
		return nil, errors.New("dnswire: opcode or rcode out of range")
	}
	b := binary.BigEndian.AppendUint16(make([]byte, 0, 512), m.ID)
	b = binary.BigEndian.AppendUint16(b, m.flags())
	for _, n := range counts {
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	}
	var err error
	for _, q := range m.Question {
		if b, err = appendName(b, q.Name); err != nil {
			return nil, err
		}
		b = binary.BigEndian.AppendUint16(b, q.Type)
		b = binary.BigEndian.AppendUint16(b, q.Class)
	}
	for _, sec := range [][]RR{m.Answer, m.Authority, m.Additional} {
		for _, rr := range sec {
			if b, err = appendRR(b, rr); err != nil {
				return nil, err
			}
		}
	}
	if len(b) > 0xffff {
		return nil, errors.New("dnswire: message longer than 65535 bytes")
	}
	return b, nil
}

func appendRR(b []byte, rr RR) ([]byte, error) {
	b, err := appendName(b, rr.Name)
	if err != nil {
		return nil, err
	}
	if len(rr.Data) > 0xffff {
		return nil, errors.New("dnswire: RDATA longer than 65535 bytes")
	}
	b = binary.BigEndian.AppendUint16(b, rr.Type)
	b = binary.BigEndian.AppendUint16(b, rr.Class)
	b = binary.BigEndian.AppendUint32(b, rr.TTL)
	b = binary.BigEndian.AppendUint16(b, uint16(len(rr.Data)))
	return append(b, rr.Data...), nil
}

// Header flag bits (RFC 1035 4.1.1).
const (
	flagQR = 1 << 15
	flagAA = 1 << 10
	flagTC = 1 << 9
	flagRD = 1 << 8
	flagRA = 1 << 7
)

func (m *Msg) flags() uint16 {
	f := uint16(m.Opcode)<<11 | uint16(m.Rcode)
	for _, bit := range []struct {
		set  bool
		mask uint16
	}{{m.Response, flagQR}, {m.Authoritative, flagAA}, {m.Truncated, flagTC},
		{m.RecursionDesired, flagRD}, {m.RecursionAvailable, flagRA}} {
		if bit.set {
			f |= bit.mask
		}
	}
	return f
}

func (m *Msg) setFlags(f uint16) {
	m.Response = f&flagQR != 0
	m.Opcode = int(f>>11) & 0xf
	m.Authoritative = f&flagAA != 0
	m.Truncated = f&flagTC != 0
	m.RecursionDesired = f&flagRD != 0
	m.RecursionAvailable = f&flagRA != 0
	m.Rcode = int(f & 0xf)
}
