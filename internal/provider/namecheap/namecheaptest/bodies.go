package namecheaptest

import (
	"fmt"
	"html"
	"net/http"
)

// Bodies as captured 2022-2024 by client projects (troglobit/inadyn #265,
// craigktreasure/SynologyDdnsUpdater's MockResponseConstants): utf-16
// declared, UTF-8 bytes, two-space indentation.
const successBody = `<?xml version="1.0" encoding="utf-16"?>
<interface-response>
  <Command>SETDNSHOST</Command>
  <Language>eng</Language>
  <IP>%s</IP>
  <ErrCount>0</ErrCount>
  <errors />
  <ResponseCount>0</ResponseCount>
  <responses />
  <Done>true</Done>
  <debug><![CDATA[]]></debug>
</interface-response>`

const errorBody = `<?xml version="1.0" encoding="utf-16"?>
<interface-response>
  <Command>SETDNSHOST</Command>
  <Language>eng</Language>
  <ErrCount>1</ErrCount>
  <errors>
    <Err1>%s</Err1>
  </errors>
  <ResponseCount>1</ResponseCount>
  <responses>
    <response>
      <Description>%s</Description>
      <ResponseNumber>%d</ResponseNumber>
      <ResponseString>%s</ResponseString>
    </response>
  </responses>
  <Done>true</Done>
  <debug><![CDATA[]]></debug>
</interface-response>`

// failure is one row of the known error table.
type failure struct {
	text   string
	number int
	detail string
}

// The known errors (Err1 text, ResponseNumber, ResponseString) as captured
// by client projects (craigktreasure/SynologyDdnsUpdater's
// NamecheapDdnsErrors.cs, troglobit/inadyn #108, jeessy2/ddns-go #686).
var (
	errPassword = failure{"Passwords do not match", 304156, "Validation error; invalid ; password"}
	errIP       = failure{"Invalid IP", 304156, "Validation error; invalid ; IP Address"}
	errDomain   = failure{"Domain name not found", 316153, "Validation error; not found; domain name(s)"}
	errRecord   = failure{"No Records updated. A record not Found;", 380091, "No updates; A record not Found;"}
)

// writeXML answers like the real endpoint: HTTP 200, text/html, an ASP.NET
// session cookie (troglobit/inadyn #265), whatever the verdict.
func writeXML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Set-Cookie", "ASP.NET_SessionId=fake0session; path=/; HttpOnly")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, body)
}

func writeFailure(w http.ResponseWriter, f failure) {
	e := html.EscapeString
	writeXML(w, fmt.Sprintf(errorBody, e(f.text), e(f.text), f.number, e(f.detail)))
}
