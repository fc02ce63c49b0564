package providertest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// Encoding is one way a service, a proxy or a hijacked server may quote a
// secret back.
type Encoding struct {
	Name   string
	Encode func(secret string) string
}

// Encodings lists the forms no error text may hold a secret in. They are
// written out here, independently of provider.Redact, so that a gap in
// one is not copied into the other.
var Encodings = []Encoding{
	{"raw", func(s string) string { return s }},
	{"query escaped", url.QueryEscape},
	{"query escaped lower case", func(s string) string { return lowerPercent(url.QueryEscape(s)) }},
	{"path escaped", url.PathEscape},
	{"path escaped lower case", func(s string) string { return lowerPercent(url.PathEscape(s)) }},
	{"percent-encoded %20", func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }},
	{"query escaped twice", func(s string) string { return url.QueryEscape(url.QueryEscape(s)) }},
	{"html escaped", html.EscapeString},
	{"numeric entities", numericEntities},
	{"json escaped", jsonEscaped},
	{"base64", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{"base64 url", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
	{"basic auth", func(s string) string { return base64.StdEncoding.EncodeToString([]byte("user:" + s)) }},
}

// LeakForms is every Encoding of secret.
func LeakForms(secret string) []string {
	var out []string
	for _, e := range Encodings {
		out = append(out, e.Encode(secret))
	}
	return out
}

func lowerPercent(e string) string {
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

func numericEntities(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "&#%d;", r)
	}
	return b.String()
}

func jsonEscaped(s string) string {
	j, _ := json.Marshal(s) // escapes &, <, > as \u0026, \u003c, \u003e
	return strings.Trim(string(j), `"`)
}

// checkSafe fails t when text holds a secret in any Encoding, a
// credential parameter, or a non-printable character.
func checkSafe(t *testing.T, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		for _, e := range Encodings {
			if form := e.Encode(s); form != "" && strings.Contains(text, form) {
				t.Errorf("error text holds a secret (%s form %q): %q", e.Name, form, text)
			}
		}
	}
	for _, param := range []string{"password=", "key=", "token="} {
		if i := strings.Index(strings.ToLower(text), param); i >= 0 && !strings.HasPrefix(text[i+len(param):], "REDACTED") {
			t.Errorf("error text quotes a credential parameter (%s): %q", param, text)
		}
	}
	for _, r := range text {
		if !unicode.IsPrint(r) {
			t.Errorf("error text holds non-printable %U (escape provider text with HTTP.Quote): %q", r, text)
			break
		}
	}
}
