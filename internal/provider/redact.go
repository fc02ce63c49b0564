package provider

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/textsafe"
)

// redacted replaces every secret found.
const redacted = "REDACTED"

// secretParam matches the value of query or form parameters that carry
// credentials, so they are hidden even when the caller forgot to name the
// secret.
var secretParam = regexp.MustCompile(`(?i)((?:^|[?&;\s"'])(?:password|passwd|pass|key|token|apikey|api_key|secret)=)[^&\s"'<]*`)

// redactor hides a fixed set of secrets in any text a service sent or a
// transport error carries. Its patterns are compiled on first use: they
// cost about 400 KiB per secret, and a run whose requests all succeed
// never needs them (measured: an unchanged or successful run quotes no
// service text).
type redactor struct {
	secrets  []string
	once     sync.Once
	patterns []*regexp.Regexp // one per secret, every character in any encoding
	literals []string         // base64 forms
	longest  int              // bytes of the longest form any secret can take
}

// maxFormPerByte bounds how long one byte of a secret can get in the forms
// secretPattern knows (%25XX for each UTF-8 byte of a rune, &#x0000XXXX;).
const maxFormPerByte = 20

// newRedactor holds secrets for redaction; empty ones are skipped.
func newRedactor(secrets []string) *redactor {
	return &redactor{secrets: append([]string(nil), secrets...)}
}

// compile builds the patterns, once.
func (r *redactor) compile() {
	r.once.Do(func() {
		for _, s := range r.secrets {
			if s == "" {
				continue
			}
			r.patterns = append(r.patterns, secretPattern(s))
			r.literals = append(r.literals, base64Forms(s)...)
			r.longest = max(r.longest, maxFormPerByte*len(s))
		}
	})
}

// redact returns s with every secret, every credential parameter value and
// every URL's query and user information removed.
func (r *redactor) redact(s string) string {
	r.compile()
	for _, p := range r.patterns {
		s = p.ReplaceAllLiteralString(s, redacted)
	}
	for _, l := range r.literals {
		s = strings.ReplaceAll(s, l, redacted)
	}
	s = secretParam.ReplaceAllString(s, "${1}"+redacted)
	return textsafe.URLsIn(s)
}

// excerptWindow is how much of a body excerpt redacts first. Redacting a
// whole 4 MiB body costs seconds on a Pi, and a message shows 200 bytes.
const excerptWindow = 16 << 10

// excerpt is body as a message may quote it: redacted, one line, escaped,
// capped. It redacts the first excerptWindow bytes only when what it shows
// then ends well before the cut, where a secret may have been split in two
// halves that no pattern matches; otherwise (a body of blanks, or of
// secrets) it redacts the whole body.
func (r *redactor) excerpt(body []byte) string {
	r.compile()
	if len(body) > excerptWindow {
		folded := strings.Join(strings.Fields(r.redact(string(body[:excerptWindow]))), " ")
		if len(folded) > maxQuote+r.longest+1024 {
			return OneLine(folded)
		}
	}
	return OneLine(r.redact(string(body)))
}

// secretPattern matches s written with each character in any of the forms
// a service or a proxy may use when it quotes a request back: as is,
// percent-encoded in either case (url.QueryEscape, url.PathEscape, the
// lower-case %2b of other libraries, Python's %20 and %26, once more
// encoded as %252B), "+" for a space, an HTML or XML entity (&amp;, &#43;,
// &#x2B;) or a JSON escape (\u0026, \/, \"). The forms may mix within one
// quote, as when a server decodes part of a query.
func secretPattern(s string) *regexp.Regexp {
	var b strings.Builder
	for _, c := range s {
		b.WriteString("(?:")
		b.WriteString(strings.Join(charForms(c), "|"))
		b.WriteString(")")
	}
	return regexp.MustCompile(b.String())
}

// htmlNamed are the named entities encoders use for ASCII characters.
var htmlNamed = map[rune][]string{
	'&': {"&amp;"}, '<': {"&lt;"}, '>': {"&gt;"}, '"': {"&quot;"}, '\'': {"&apos;"},
}

// jsonShort are the two-character escapes of JSON and JavaScript.
var jsonShort = map[rune]string{'"': `\\"`, '\\': `\\\\`, '/': `\\/`}

func charForms(c rune) []string {
	forms := []string{regexp.QuoteMeta(string(c))}
	var pct strings.Builder
	for _, b := range []byte(string(c)) {
		fmt.Fprintf(&pct, `%%(?:25)?(?i:%02x)`, b)
	}
	forms = append(forms, pct.String(),
		fmt.Sprintf(`&#0{0,4}%d;`, c),
		fmt.Sprintf(`&#[xX]0{0,4}(?i:%x);`, c))
	forms = append(forms, htmlNamed[c]...)
	if c <= 0xFFFF {
		forms = append(forms, fmt.Sprintf(`\\u(?i:%04x)`, c))
	} else {
		hi, lo := utf16Pair(c)
		forms = append(forms, fmt.Sprintf(`\\u(?i:%04x)\\u(?i:%04x)`, hi, lo))
	}
	if short, ok := jsonShort[c]; ok {
		forms = append(forms, short)
	}
	if c == ' ' { // "+" in a query, and that "+" encoded again
		forms = append(forms, `\+`, `%(?:25)?(?i:2b)`)
	}
	return forms
}

func utf16Pair(c rune) (hi, lo rune) {
	c -= 0x10000
	return 0xD800 + (c>>10)&0x3FF, 0xDC00 + c&0x3FF
}

// base64Forms are the parts of s's base64 encodings (standard and URL
// alphabets) that depend on s alone, at each of the three alignments s can
// have inside a longer encoded text (an Authorization: Basic header holds
// base64("user:password")). Secrets under four bytes give too short a core
// to be told from chance and are left to the other forms.
func base64Forms(s string) []string {
	if len(s) < 4 {
		return nil
	}
	var out []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for k := range 3 {
			full := enc.EncodeToString(append(make([]byte, k), s...))
			first := (8*k + 5) / 6       // first character made only of s's bits
			last := 8 * (k + len(s)) / 6 // characters before this one hold only known bits
			out = append(out, full[first:last])
		}
	}
	return out
}
