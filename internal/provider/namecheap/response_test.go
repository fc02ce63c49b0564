package namecheap

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// modernError is the captured error shape with the inner strings swapped.
func modernError(err1, number, respString string) string {
	return `<?xml version="1.0" encoding="utf-16"?>
<interface-response>
  <Command>SETDNSHOST</Command>
  <Language>eng</Language>
  <ErrCount>1</ErrCount>
  <errors>
    <Err1>` + err1 + `</Err1>
  </errors>
  <ResponseCount>1</ResponseCount>
  <responses>
    <response>
      <Description>` + err1 + `</Description>
      <ResponseNumber>` + number + `</ResponseNumber>
      <ResponseString>` + respString + `</ResponseString>
    </response>
  </responses>
  <Done>true</Done>
  <debug><![CDATA[]]></debug>
</interface-response>`
}

const modernSuccess = `<?xml version="1.0" encoding="utf-16"?>
<interface-response>
  <Command>SETDNSHOST</Command>
  <Language>eng</Language>
  <IP>203.0.113.7</IP>
  <ErrCount>0</ErrCount>
  <errors />
  <ResponseCount>0</ResponseCount>
  <responses />
  <Done>true</Done>
  <debug><![CDATA[]]></debug>
</interface-response>`

const (
	oldSuccess = `<?xml version="1.0"?><interface-response><Command>SETDNSHOST</Command><Language>eng</Language>` +
		`<IP>203.0.113.7</IP><ErrCount>0</ErrCount><ResponseCount>0</ResponseCount><Done>true</Done>` +
		`<debug><![CDATA[]]></debug></interface-response>`
	oldTwoErrors = `<?xml version="1.0"?><interface-response><Command>SETDNSHOST</Command><Language>eng</Language>` +
		`<ErrCount>2</ErrCount><errors><Err1>Domain name not found</Err1><Err2>Invalid key</Err2></errors>` +
		`<ResponseCount>2</ResponseCount><responses><response><ResponseNumber>316153</ResponseNumber>` +
		`<ResponseString>Validation error; not found; domain name(s)</ResponseString></response></responses>` +
		`<Done>true</Done><debug><![CDATA[]]></debug></interface-response>`
	oldNoDescription = `<?xml version="1.0"?><interface-response><ErrCount>1</ErrCount><errors><Err1>Passwords do not match</Err1>` +
		`</errors><responses><response><ResponseNumber>304156</ResponseNumber><ResponseString>Validation error; invalid ; ` +
		`password</ResponseString></response></responses><Done>true</Done></interface-response>`
	countOnly = `<?xml version="1.0"?><interface-response><ErrCount>1</ErrCount><responses><response>` +
		`<ResponseString>Validation error; invalid ; IP Address</ResponseString></response></responses></interface-response>`
)

var v4 = netip.MustParseAddr("203.0.113.7")

func TestParseAndVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		errs   []string
		want   error // nil: success
		badXML bool
	}{
		{name: "modern success", body: modernSuccess},
		{name: "old one-line success", body: oldSuccess},
		{name: "wrong password", body: modernError("Passwords do not match", "304156", "Validation error; invalid ; password"),
			errs: []string{"Passwords do not match"}, want: provider.ErrAuth},
		{name: "invalid ip", body: modernError("Invalid IP", "304156", "Validation error; invalid ; IP Address"),
			errs: []string{"Invalid IP"}, want: provider.ErrRefused},
		{name: "unknown domain", body: modernError("Domain name not found", "316153", "Validation error; not found; domain name(s)"),
			errs: []string{"Domain name not found"}, want: provider.ErrNotFound},
		{name: "no A record", body: modernError("No Records updated. A record not Found;", "380091", "No updates; A record not Found;"),
			errs: []string{"No Records updated. A record not Found;"}, want: provider.ErrNotFound},
		{name: "unknown text", body: modernError("Something new", "1", "x"), errs: []string{"Something new"}, want: provider.ErrBadResponse},
		{name: "old two errors", body: oldTwoErrors, errs: []string{"Domain name not found", "Invalid key"}, want: provider.ErrNotFound},
		{name: "old without description", body: oldNoDescription, errs: []string{"Passwords do not match"}, want: provider.ErrAuth},
		{name: "count only falls back to responses", body: countOnly,
			errs: []string{"Validation error; invalid ; IP Address"}, want: provider.ErrRefused},
		{name: "html page", body: "<!DOCTYPE html><html><body>Bad Request</body></html>", badXML: true},
		{name: "well-formed html", body: "<html><body>Bad Request</body></html>", badXML: true},
		{name: "empty", body: "", badXML: true},
		{name: "garbage", body: "\x00\xff not xml", badXML: true},
		{name: "no ErrCount", body: `<interface-response><IP>203.0.113.7</IP></interface-response>`, badXML: true},
		{name: "ErrCount not a number", body: `<interface-response><ErrCount>x</ErrCount></interface-response>`, badXML: true},
		{name: "IP not an address", body: `<interface-response><IP>nope</IP><ErrCount>0</ErrCount></interface-response>`, badXML: true},
		// ErrCount 0 is not enough (item 13 of the hostile-input review).
		{name: "count 0 with an error", body: `<interface-response><ErrCount>0</ErrCount><errors><Err1>Passwords do not match</Err1></errors></interface-response>`,
			errs: []string{"Passwords do not match"}, want: provider.ErrAuth},
		{name: "count 0 with an unknown error", body: `<interface-response><IP>203.0.113.7</IP><ErrCount>0</ErrCount><errors><Err2>Try later</Err2></errors></interface-response>`,
			errs: []string{"Try later"}, want: provider.ErrBadResponse},
		{name: "other encoding", body: `<?xml version="1.0" encoding="iso-8859-9"?><interface-response><ErrCount>0</ErrCount></interface-response>`, badXML: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := parseResponse([]byte(tc.body), provider.OneLine)
			if tc.badXML {
				if !errors.Is(err, provider.ErrBadResponse) {
					t.Fatalf("parse err = %v, want ErrBadResponse", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if !slices.Equal(r.Errors, tc.errs) {
				t.Errorf("errors = %q, want %q", r.Errors, tc.errs)
			}
			err = verdict(r, v4)
			if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("verdict = %v, want %v", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), tc.errs[0]) {
				t.Errorf("verdict %q lacks the service's words %q", err, tc.errs[0])
			}
		})
	}
}

func TestVerdictChecksEchoedIP(t *testing.T) {
	t.Parallel()
	r, err := parseResponse([]byte(modernSuccess), provider.OneLine)
	if err != nil {
		t.Fatal(err)
	}
	if err := verdict(r, netip.MustParseAddr("203.0.113.8")); !errors.Is(err, provider.ErrBadResponse) {
		t.Errorf("verdict with another echoed IP = %v, want ErrBadResponse", err)
	}
}

// FuzzParseResponse checks the parser never panics and that every outcome
// is either a bad-response error or a result the verdict can classify.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{modernSuccess, oldSuccess, oldTwoErrors, oldNoDescription, countOnly,
		modernError("Passwords do not match", "304156", "x"), "<html></html>", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := parseResponse(body, provider.OneLine)
		if err != nil {
			if !errors.Is(err, provider.ErrBadResponse) {
				t.Fatalf("parse error %v does not wrap ErrBadResponse", err)
			}
			return
		}
		if r.ErrCount < 0 {
			t.Fatalf("negative ErrCount %d", r.ErrCount)
		}
		if err := verdict(r, v4); err != nil && !provider.Permanent(err) && !errors.Is(err, provider.ErrBadResponse) {
			t.Fatalf("verdict %v wraps no expected sentinel", err)
		}
	})
}

// TestCountZeroWithEmptyErrorIsBad: an ErrN element with no text beside
// ErrCount 0 contradicts itself: a temporary bad response, not success.
func TestCountZeroWithEmptyErrorIsBad(t *testing.T) {
	t.Parallel()
	r, err := parseResponse([]byte(`<interface-response><ErrCount>0</ErrCount><errors><Err1></Err1></errors></interface-response>`), provider.OneLine)
	if err != nil {
		t.Fatal(err)
	}
	if err := verdict(r, v4); !errors.Is(err, provider.ErrBadResponse) {
		t.Errorf("verdict = %v, want ErrBadResponse", err)
	}
}

// TestServiceTextIsRedacted: every text the service controls (ErrN, the
// responses, ErrCount, <IP>, and the decoder's errors that quote the body)
// reaches the error redacted and escaped.
func TestServiceTextIsRedacted(t *testing.T) {
	t.Parallel()
	const pw = "abcdef0123456789abcdef0123456789"
	quote := provider.NewHTTP(nil, "ddns/test", pw).Quote
	amp := "abcdef0123456789abcdef01234567&#56;&#57;" // the last two characters as entities
	tests := map[string]string{
		"Err1":        modernError("Invalid password "+amp+" \u202e\u009b", "1", "x"),
		"Description": `<interface-response><ErrCount>1</ErrCount><responses><response><Description>bad ` + pw + `</Description></response></responses></interface-response>`,
		"ErrCount":    `<interface-response><ErrCount>` + pw + `</ErrCount></interface-response>`,
		"IP":          `<interface-response><IP>` + pw + `</IP><ErrCount>0</ErrCount></interface-response>`,
		"root":        `<?xml version="1.0"?><` + pw + `/>`,
		"entity":      `<interface-response><ErrCount>1</ErrCount><errors><Err1>&` + pw + `;</Err1></errors></interface-response>`,
		"bad element": `<interface-response><ErrCount>1</ErrCount></` + pw + `>`,
	}
	for name, body := range tests {
		r, err := parseResponse([]byte(body), quote)
		if err == nil {
			err = verdict(r, v4)
		}
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if text := err.Error(); strings.Contains(text, pw[:24]) || strings.ContainsAny(text, "\u202e\u009b") || !strings.Contains(text, "REDACTED") {
			t.Errorf("%s: error %q holds the password or a raw control character", name, text)
		}
	}
}
