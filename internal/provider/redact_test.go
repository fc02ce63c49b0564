package provider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// leakForms lists the ways a service may quote s back, written out
// independently of the redactor so that a gap in one is not copied into
// the other.
func leakForms(s string) []string {
	lowerPct := func(e string) string {
		var b strings.Builder
		for i := 0; i < len(e); i++ {
			if e[i] == '%' && i+2 < len(e) {
				b.WriteString("%" + strings.ToLower(e[i+1:i+3]))
				i += 2
				continue
			}
			b.WriteByte(e[i])
		}
		return b.String()
	}
	pyQuote := func(e string) string { // urllib.parse.quote(s, safe=""): %20 for space
		return strings.ReplaceAll(url.QueryEscape(e), "+", "%20")
	}
	numeric := func(e string) string {
		var b strings.Builder
		for _, r := range e {
			fmt.Fprintf(&b, "&#%d;", r)
		}
		return b.String()
	}
	jsonText, _ := json.Marshal(s) // \u0026 for &, \u003c for <
	basic := base64.StdEncoding.EncodeToString([]byte("user:" + s))
	return []string{
		s,
		url.QueryEscape(s),
		lowerPct(url.QueryEscape(s)),
		url.PathEscape(s),
		lowerPct(url.PathEscape(s)),
		pyQuote(s),
		url.QueryEscape(url.QueryEscape(s)),
		html.EscapeString(s),
		numeric(s),
		strings.Trim(string(jsonText), `"`),
		base64.StdEncoding.EncodeToString([]byte(s)),
		base64.URLEncoding.EncodeToString([]byte(s)),
		base64.RawStdEncoding.EncodeToString([]byte(s)),
		basic, // an Authorization: Basic value holding "user:" + s
	}
}

// TestRedactEveryForm: whichever way the secret comes back, inside other
// text, none of it survives.
func TestRedactEveryForm(t *testing.T) {
	t.Parallel()
	secrets := []string{secret, "0123456789abcdef0123456789abcdef", `q"<ü>\/€x`, "6SHU5P2HLDAYECUM"}
	for _, sec := range secrets {
		for _, form := range leakForms(sec) {
			in := "Invalid key (" + form + ") for request"
			got := Redact(in, sec)
			if strings.Contains(got, form) {
				t.Errorf("Redact(%q) = %q: form kept", in, got)
			}
			if !strings.Contains(got, "REDACTED") || !strings.HasPrefix(got, "Invalid key (") {
				t.Errorf("Redact(%q) = %q: no marker or surrounding text lost", in, got)
			}
		}
	}
}

func TestRedactMixedAndURLs(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"half decoded", "pw=s3cr/t%2Bp&amp;ss+word!", "pw=REDACTED!"},
		{"url query dropped whole", `moved to "https://h.example/x?u=czNjcm&k=%2b"`, `moved to "https://h.example/x"`},
		{"user info dropped", "see http://a:b@h.example/p", "see http://h.example/p"},
		{"other text untouched", "no secret here & <b>fine</b>", "no secret here & <b>fine</b>"},
	}
	for _, tc := range tests {
		if got := Redact(tc.in, secret); got != tc.want {
			t.Errorf("%s: Redact(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestQuoteEscapesControls: a service's text reaches a message with every
// control character escaped, printable UTF-8 kept.
func TestQuoteEscapesControls(t *testing.T) {
	t.Parallel()
	h := NewHTTP(nil, "ddns/test", secret)
	in := "bad\x1b[2J\a\b\r\x00\x7f\u0085\u202eévil " + secret
	got := h.Quote(in)
	want := `bad\x1b[2J\x07\x08 \x00\x7f \u202eévil REDACTED` // CR and NEL are white space: folded
	if got != want {
		t.Errorf("Quote(%q) = %q, want %q", in, got, want)
	}
	r := &Response{Body: []byte("<p>\x1b]0;pwned\a</p>")}
	if got := h.Excerpt(r); got != `<p>\x1b]0;pwned\x07</p>` {
		t.Errorf("Excerpt = %q", got)
	}
}

// TestExcerptLargeBody: a large body is excerpted fast, and a secret that
// straddles the window the fast path redacts, behind a page of blanks, is
// still hidden.
func TestExcerptLargeBody(t *testing.T) {
	t.Parallel()
	r := newRedactor([]string{secret})
	big := strings.Repeat(`{"record":"home.example.com","type":"A","value":"203.0.113.7"},`, 4<<20/64)
	if got := r.excerpt([]byte(big)); !strings.HasPrefix(got, `{"record"`) || !strings.HasSuffix(got, "...") {
		t.Errorf("excerpt of a large body = %q", got)
	}
	blanks := strings.Repeat(" ", excerptWindow-5) + secret + strings.Repeat("x", excerptWindow)
	if got := r.excerpt([]byte(blanks)); strings.Contains(got, secret[:5]) || !strings.HasPrefix(got, "REDACTED") {
		t.Errorf("excerpt kept part of a secret split by the window: %q", got)
	}
}
