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
// outcome.
type response struct {
	ErrCount int
	Errors   []string   // Err1..ErrN texts in order
	IP       netip.Addr // zero when <IP> is absent (errors, old bodies)
}

// xmlResponse mirrors the document. The Err1..ErrN children are decoded
// generically because N varies; a fixed tag like "errors.Err1" silently
// matches nothing (the qdm12/ddns-updater bug described in providers.md).
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
func parseResponse(body []byte) (response, error) {
	var doc xmlResponse
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = passThrough
	if err := dec.Decode(&doc); err != nil {
		return response{}, fmt.Errorf("%w: not an interface-response document: %v", provider.ErrBadResponse, err)
	}
	if doc.ErrCount == nil {
		return response{}, fmt.Errorf("%w: interface-response without ErrCount", provider.ErrBadResponse)
	}
	n, err := strconv.Atoi(strings.TrimSpace(*doc.ErrCount))
	if err != nil || n < 0 {
		return response{}, fmt.Errorf("%w: ErrCount %q is not a count", provider.ErrBadResponse, provider.OneLine(*doc.ErrCount))
	}
	r := response{ErrCount: n, Errors: errTexts(doc)}
	if ip := strings.TrimSpace(doc.IP); ip != "" {
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return response{}, fmt.Errorf("%w: <IP> %q is not an address", provider.ErrBadResponse, provider.OneLine(ip))
		}
		r.IP = addr
	}
	return r, nil
}

// errTexts returns the ErrN texts ordered by N, falling back to the
// responses' descriptions when a body has a count but no errors element.
func errTexts(doc xmlResponse) []string {
	type numbered struct {
		n    int
		text string
	}
	var items []numbered
	for _, e := range doc.Errors.Items {
		num, ok := strings.CutPrefix(e.XMLName.Local, "Err")
		n, err := strconv.Atoi(num)
		if text := strings.TrimSpace(e.Text); ok && err == nil && text != "" {
			items = append(items, numbered{n, text})
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
			out = append(out, text)
		} else if text := strings.TrimSpace(r.ResponseString); text != "" {
			out = append(out, text)
		}
	}
	return out
}

// verdict turns a parsed response into the update's outcome for sent.
func verdict(r response, sent netip.Addr) error {
	if r.ErrCount == 0 {
		if r.IP.IsValid() && r.IP.Unmap() != sent.Unmap() {
			return fmt.Errorf("%w: service published %s instead of %s", provider.ErrBadResponse, r.IP, sent)
		}
		return nil
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
	default: // "Invalid IP" and anything not yet seen
		return provider.ErrRefused
	}
}
