package dnswire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Limits of RFC 1035 2.3.4.
const (
	maxLabel = 63
	maxName  = 255 // in wire form, with the root's zero byte
)

var (
	errLabel = errors.New("dnswire: a label is empty or longer than 63 bytes")
	errLong  = errors.New("dnswire: name longer than 255 bytes")
)

// CheckName reports whether name can be encoded: labels of 1 to 63 bytes,
// 255 bytes in all, no backslash (this package does not read zone-file
// escapes, so it refuses them rather than guess). "." and "" are the root.
func CheckName(name string) error {
	_, err := appendName(nil, name)
	return err
}

// appendName appends name in wire form, uncompressed.
func appendName(b []byte, name string) ([]byte, error) {
	if strings.Contains(name, `\`) {
		return nil, fmt.Errorf("dnswire: name %q holds a backslash", name)
	}
	name = strings.TrimSuffix(name, ".")
	start := len(b)
	if name != "" {
		for label := range strings.SplitSeq(name, ".") {
			if label == "" || len(label) > maxLabel {
				return nil, errLabel
			}
			b = append(b, byte(len(label)))
			b = append(b, label...)
		}
	}
	b = append(b, 0)
	if len(b)-start > maxName {
		return nil, errLong
	}
	return b, nil
}

// canonicalName is name in the canonical wire form TSIG computes MACs over
// (RFC 8945 4.3.3): lower case, uncompressed.
func canonicalName(name string) ([]byte, error) {
	return appendName(nil, strings.ToLower(name))
}

// fqdn is name with exactly one trailing dot, "." for the root.
func fqdn(name string) string {
	return strings.TrimSuffix(name, ".") + "."
}

// maxPointers bounds the compression pointers followed in one name; with
// pointers that must go strictly backwards it is a second guard, not the
// only one.
const maxPointers = 64

// readName decodes the name at msg[off:], following compression pointers
// (RFC 1035 4.1.4), and returns it with the offset just after it (after
// the first pointer, if any). A pointer must point before the place where
// the current run of labels began, so every jump goes strictly backwards
// and loops are impossible.
func readName(msg []byte, off int) (string, int, error) {
	var sb strings.Builder
	end := -1    // the offset after the name, set at the first pointer
	low := off   // reading began here; a pointer must land before it
	wireLen := 1 // the root's zero byte
	jumps := 0
	for {
		if off >= len(msg) {
			return "", 0, errors.New("dnswire: name runs past the message")
		}
		c := int(msg[off])
		switch c & 0xc0 {
		case 0x00:
			if c == 0 {
				if end < 0 {
					end = off + 1
				}
				if sb.Len() == 0 {
					return ".", end, nil
				}
				return sb.String(), end, nil
			}
			if off+1+c > len(msg) {
				return "", 0, errors.New("dnswire: label runs past the message")
			}
			if wireLen += 1 + c; wireLen > maxName {
				return "", 0, errLong
			}
			writeLabel(&sb, msg[off+1:off+1+c])
			off += 1 + c
		case 0xc0:
			if off+1 >= len(msg) {
				return "", 0, errors.New("dnswire: pointer runs past the message")
			}
			ptr := (c&0x3f)<<8 | int(msg[off+1])
			if ptr >= low || jumps >= maxPointers {
				return "", 0, errors.New("dnswire: compression pointer does not point backwards")
			}
			if end < 0 {
				end = off + 2
			}
			jumps++
			low, off = ptr, ptr
		default: // 0x40 and 0x80 are reserved (RFC 6891 obsoleted extended labels)
			return "", 0, fmt.Errorf("dnswire: unknown label type 0x%02x", c&0xc0)
		}
	}
}

// writeLabel writes one label and its dot, escaping bytes outside letters,
// digits, '-', '_' and '*' as \DDD so that a name can go into a log line.
func writeLabel(sb *strings.Builder, label []byte) {
	for _, c := range label {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*' {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('\\')
		d := strconv.Itoa(int(c))
		sb.WriteString(strings.Repeat("0", 3-len(d)) + d)
	}
	sb.WriteByte('.')
}
