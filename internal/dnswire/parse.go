package dnswire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// ErrMalformed marks a message that does not parse.
var ErrMalformed = errors.New("dnswire: malformed message")

// Parse decodes msg. Names are decompressed; RDATA stays a slice of msg,
// which the result keeps (do not reuse it). A TSIG record must be the last
// of the additional section; it goes to m.TSIG, not m.Additional.
//
// Parse never panics. On error it still returns the header when msg holds
// one (m.ID, m.Rcode...), with the sections read so far, so a caller can
// tell an answer it cannot read from no answer; the error wraps
// ErrMalformed.
func Parse(msg []byte) (*Msg, error) {
	if len(msg) < headerLen {
		return nil, fmt.Errorf("%w: %d bytes, shorter than a header", ErrMalformed, len(msg))
	}
	if len(msg) > 0xffff {
		return nil, fmt.Errorf("%w: longer than 65535 bytes", ErrMalformed)
	}
	m := &Msg{ID: binary.BigEndian.Uint16(msg), raw: msg}
	m.setFlags(binary.BigEndian.Uint16(msg[2:]))
	if err := m.parseSections(msg); err != nil {
		return m, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return m, nil
}

func (m *Msg) parseSections(msg []byte) error {
	qd := int(binary.BigEndian.Uint16(msg[4:]))
	off := headerLen
	for range qd {
		name, next, err := readName(msg, off)
		if err != nil {
			return err
		}
		if next+4 > len(msg) {
			return errors.New("question runs past the message")
		}
		m.Question = append(m.Question, Question{Name: name,
			Type: binary.BigEndian.Uint16(msg[next:]), Class: binary.BigEndian.Uint16(msg[next+2:])})
		off = next + 4
	}
	sections := []*[]RR{&m.Answer, &m.Authority, &m.Additional}
	for i, sec := range sections {
		n := int(binary.BigEndian.Uint16(msg[6+2*i:]))
		for j := range n {
			start := off
			rr, next, err := readRR(msg, off)
			if err != nil {
				return err
			}
			off = next
			if rr.Type == TypeTSIG {
				if i != 2 || j != n-1 {
					return errors.New("TSIG record is not the last of the message")
				}
				if m.TSIG, err = parseTSIG(msg, rr, start); err != nil {
					return err
				}
				continue
			}
			*sec = append(*sec, rr)
		}
	}
	if off != len(msg) {
		return fmt.Errorf("%d bytes after the last record", len(msg)-off)
	}
	return nil
}

// readRR decodes the record at msg[off:].
func readRR(msg []byte, off int) (RR, int, error) {
	name, off, err := readName(msg, off)
	if err != nil {
		return RR{}, 0, err
	}
	if off+10 > len(msg) {
		return RR{}, 0, errors.New("record header runs past the message")
	}
	rr := RR{
		Name:  name,
		Type:  binary.BigEndian.Uint16(msg[off:]),
		Class: binary.BigEndian.Uint16(msg[off+2:]),
		TTL:   binary.BigEndian.Uint32(msg[off+4:]),
	}
	n := int(binary.BigEndian.Uint16(msg[off+8:]))
	off += 10
	if off+n > len(msg) {
		return RR{}, 0, errors.New("RDATA runs past the message")
	}
	rr.Data = msg[off : off+n : off+n]
	return rr, off + n, nil
}

// sameName reports whether a parsed name is the name a client wrote,
// ignoring case (RFC 4343) and the trailing dot.
func sameName(parsed, written string) bool {
	wire, err := appendName(nil, written)
	if err != nil {
		return false
	}
	text, _, err := readName(wire, 0)
	return err == nil && strings.EqualFold(parsed, text)
}
