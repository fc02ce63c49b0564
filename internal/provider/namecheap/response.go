package namecheap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

// response is the part of an eNom-style interface-response that decides the
// outcome. Every text in it is the service's, already made safe for a
// message (redacted, escaped) by the quote function parseResponse got.
type response struct {
	ErrCount int
	ErrElems int        // ErrN elements under <errors>, even empty ones
	Errors   []string   // Err1..ErrN texts in order, or the responses' texts
	IP       netip.Addr // zero when <IP> is absent (errors, old bodies)
}

// xmlResponse mirrors the document. The Err1..ErrN children are decoded
// generically because N varies; a fixed tag like "errors.Err1" silently
// matches nothing (in Go's encoding/xml the path separator is ">"; the
// qdm12/ddns-updater Namecheap client has that bug and reports every error
// as success).
type xmlResponse struct {
	XMLName  xml.Name `xml:"interface-response"`
	ErrCount *string  `xml:"ErrCount"`
	IP       string   `xml:"IP"`
	Errors   struct {
		Items []xmlErr `xml:",any"`
	} `xml:"errors"`
	Responses []struct {
		Description    string `xml:"Description"`
		ResponseString string `xml:"ResponseString"`
	} `xml:"responses>response"`
}

type xmlErr struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// passThrough lets encoding/xml read bodies that declare utf-16 but are
// plain UTF-8 bytes, as Namecheap's are (yan-foto/namecheap-ddns-client
// PR #1). Real UTF-16 bytes then fail to parse and become ErrBadResponse.
func passThrough(label string, r io.Reader) (io.Reader, error) {
	if strings.EqualFold(label, "utf-16") {
		return r, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// parseResponse decodes a response body; errors wrap provider.ErrBadResponse.
// quote (HTTP.Quote) makes every text of the service's safe for a message:
// the decoder's own errors quote the body too ("expected element type
// <interface-response> but have <...>", "invalid character entity &...;").
func parseResponse(body []byte, quote func(string) string) (response, error) {
	var doc xmlResponse
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = passThrough
	if err := dec.Decode(&doc); err != nil {
		return response{}, fmt.Errorf("%w: not an interface-response document: %s", provider.ErrBadResponse, quote(err.Error()))
	}
	if doc.ErrCount == nil {
		return response{}, fmt.Errorf("%w: interface-response without ErrCount", provider.ErrBadResponse)
	}
	n, err := strconv.Atoi(strings.TrimSpace(*doc.ErrCount))
	if err != nil || n < 0 {
		return response{}, fmt.Errorf("%w: ErrCount %q is not a count", provider.ErrBadResponse, quote(*doc.ErrCount))
	}
	r := response{ErrCount: n, ErrElems: len(errElems(doc)), Errors: errTexts(doc, quote)}
	if ip := strings.TrimSpace(doc.IP); ip != "" {
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return response{}, fmt.Errorf("%w: <IP> %q is not an address", provider.ErrBadResponse, quote(ip))
		}
		r.IP = addr
	}
	return r, nil
}

// errElems returns the ErrN children of <errors>, whatever their text.
func errElems(doc xmlResponse) []xmlErr {
	var out []xmlErr
	for _, e := range doc.Errors.Items {
		num, ok := strings.CutPrefix(e.XMLName.Local, "Err")
		if _, err := strconv.Atoi(num); ok && err == nil {
			out = append(out, e)
		}
	}
	return out
}

// errTexts returns the ErrN texts ordered by N, quoted, falling back to the
// responses' descriptions when a body has a count but no error text.
func errTexts(doc xmlResponse, quote func(string) string) []string {
	type numbered struct {
		n    int
		text string
	}
	var items []numbered
	for _, e := range errElems(doc) {
		n, _ := strconv.Atoi(strings.TrimPrefix(e.XMLName.Local, "Err"))
		if text := strings.TrimSpace(e.Text); text != "" {
			items = append(items, numbered{n, quote(text)})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].n < items[j].n })
	var out []string
	for _, it := range items {
		out = append(out, it.text)
	}
	if len(out) > 0 {
		return out
	}
	for _, r := range doc.Responses {
		if text := strings.TrimSpace(r.Description); text != "" {
			out = append(out, quote(text))
		} else if text := strings.TrimSpace(r.ResponseString); text != "" {
			out = append(out, quote(text))
		}
	}
	return out
}

// verdict turns a parsed response into the update's outcome for sent.
// Success needs all three: ErrCount 0, no ErrN element, and <IP> (when
// present) equal to sent. <Done>true</Done> comes with errors too, so it
// says nothing.
func verdict(r response, sent netip.Addr) error {
	if r.ErrCount == 0 && r.ErrElems == 0 {
		if r.IP.IsValid() && r.IP.Unmap() != sent.Unmap() {
			return fmt.Errorf("%w: service published %s instead of %s", provider.ErrBadResponse, r.IP, sent)
		}
		return nil
	}
	if r.ErrCount == 0 && len(r.Errors) == 0 {
		return fmt.Errorf("%w: ErrCount 0 but %d empty error elements", provider.ErrBadResponse, r.ErrElems)
	}
	text := strings.Join(r.Errors, "; ")
	if text == "" {
		text = fmt.Sprintf("ErrCount %d without error text", r.ErrCount)
	}
	return fmt.Errorf("%w: %s", classify(r.Errors), provider.OneLine(text))
}

// classify picks the sentinel for a list of Namecheap error texts; the most
// actionable one wins when several are present.
func classify(texts []string) error {
	all := strings.ToLower(strings.Join(texts, "\n"))
	switch {
	case strings.Contains(all, "passwords do not match"):
		return provider.ErrAuth
	case strings.Contains(all, "domain name not found"), strings.Contains(all, "a record not found"):
		return provider.ErrNotFound
	case strings.Contains(all, "invalid ip"), strings.Contains(all, "ip address"):
		return provider.ErrRefused // this address only; a new one is tried
	default: // words not seen before: retried, never remembered as a refusal
		return provider.ErrBadResponse
	}
}
