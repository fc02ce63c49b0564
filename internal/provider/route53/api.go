package route53

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider"
)

const apiVersion = "/2013-04-01"

// rrset is a ResourceRecordSet with the fields ddns reads or sends.
type rrset struct {
	Name          string    `xml:"Name"`
	Type          string    `xml:"Type"`
	SetIdentifier string    `xml:"SetIdentifier"`
	TTL           int       `xml:"TTL"`
	Values        []string  `xml:"ResourceRecords>ResourceRecord>Value"`
	AliasTarget   *struct{} `xml:"AliasTarget"`
}

// changeRequest is a ChangeResourceRecordSets body with one UPSERT of a
// one-value set, written by hand: xml.Marshal would link encoding/xml's
// encoder (about 20 KiB) for one fixed shape.
const changeRequest = `<?xml version="1.0" encoding="UTF-8"?>
<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch>` +
	`<Comment>ddns</Comment><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>%s</Name><Type>%s</Type>` +
	`<TTL>%d</TTL><ResourceRecords><ResourceRecord><Value>%s</Value></ResourceRecord></ResourceRecords>` +
	`</ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`

var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// findZone runs ListHostedZonesByName and takes the public zone named
// exactly domain (the answer starts at that name and goes on in order).
func (c *Client) findZone(ctx context.Context, domain string) (string, error) {
	name := strings.ToLower(strings.TrimSuffix(domain, ".")) + "."
	q := url.Values{"dnsname": {name}, "maxitems": {"10"}}
	var out struct {
		Zones []struct {
			ID      string `xml:"Id"`
			Name    string `xml:"Name"`
			Private bool   `xml:"Config>PrivateZone"`
		} `xml:"HostedZones>HostedZone"`
	}
	if err := c.call(ctx, http.MethodGet, apiVersion+"/hostedzonesbyname?"+q.Encode(), "ListHostedZonesByNameResponse", nil, &out); err != nil {
		return "", err
	}
	for _, z := range out.Zones {
		if strings.EqualFold(z.Name, name) && !z.Private {
			return strings.TrimPrefix(z.ID, "/hostedzone/"), nil
		}
	}
	return "", fmt.Errorf("%w: no public hosted zone named %s in this AWS account (or set DDNS_ROUTE53_ZONE_ID)",
		provider.ErrNotFound, c.http.Quote(name))
}

// read returns the set of exactly name and typ, or nil when there is none
// (ListResourceRecordSets starts at name and typ and goes on in order).
func (c *Client) read(ctx context.Context, zone, name, typ string) (*rrset, error) {
	q := url.Values{"name": {name}, "type": {typ}, "maxitems": {"1"}}
	var out struct {
		Sets []rrset `xml:"ResourceRecordSets>ResourceRecordSet"`
	}
	if err := c.call(ctx, http.MethodGet, apiVersion+"/hostedzone/"+url.PathEscape(zone)+"/rrset?"+q.Encode(), "ListResourceRecordSetsResponse", nil, &out); err != nil {
		return nil, err
	}
	if len(out.Sets) == 0 || !strings.EqualFold(out.Sets[0].Name, name) || out.Sets[0].Type != typ {
		return nil, nil
	}
	return &out.Sets[0], nil
}

// upsert sends one UPSERT of name and typ to value, with ttl, in one
// change batch.
func (c *Client) upsert(ctx context.Context, zone, name, typ string, ttl int, value string) error {
	body := []byte(fmt.Sprintf(changeRequest, xmlText.Replace(name), typ, ttl, value))
	var out struct {
		Status string `xml:"ChangeInfo>Status"`
	}
	if err := c.call(ctx, http.MethodPost, apiVersion+"/hostedzone/"+url.PathEscape(zone)+"/rrset/", "ChangeResourceRecordSetsResponse", body, &out); err != nil {
		return err
	}
	if out.Status != "PENDING" && out.Status != "INSYNC" {
		return fmt.Errorf("%w: change status %q", provider.ErrBadResponse, c.http.Quote(out.Status))
	}
	return nil
}

// call sends one signed request and decodes a 200 answer, whose root
// element must be root (an HTML page is well-formed XML too), into out.
func (c *Client) call(ctx context.Context, method, path, root string, body []byte, out any) error {
	req, err := c.http.NewRequest(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	c.sign.sign(req, body, c.now())
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.Status != http.StatusOK {
		return c.verdict(resp)
	}
	var top struct{ XMLName xml.Name }
	if err := xml.Unmarshal(resp.Body, &top); err != nil || top.XMLName.Local != root || xml.Unmarshal(resp.Body, out) != nil {
		return fmt.Errorf("%w: HTTP %d, not the XML answer expected: %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	return nil
}

// apiError reads both error shapes: <ErrorResponse><Error><Code> and
// <InvalidChangeBatch><Messages><Message>.
type apiError struct {
	XMLName  xml.Name
	Code     string   `xml:"Error>Code"`
	Message  string   `xml:"Error>Message"`
	Messages []string `xml:"Messages>Message"`
}

// verdict classifies an error answer by its code, as
// https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html
// and each action's Errors section list them.
func (c *Client) verdict(resp *provider.Response) error {
	var e apiError
	if xml.Unmarshal(resp.Body, &e) != nil {
		return fmt.Errorf("%w: HTTP %d: %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	code := e.Code
	if e.XMLName.Local == "InvalidChangeBatch" {
		code, e.Message = "InvalidChangeBatch", strings.Join(e.Messages, "; ")
	}
	text := fmt.Sprintf("HTTP %d %s: %s", resp.Status, c.http.Quote(code), c.http.Quote(e.Message))
	switch code {
	case "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken",
		"AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "ExpiredToken", "InvalidSignatureException":
		return fmt.Errorf("%w: %s (check the access key id in DDNS_USERNAME, the secret in DDNS_API_PASSWORD, "+
			"the key's IAM permissions and this machine's clock)", provider.ErrAuth, text)
	case "Throttling", "ThrottlingException", "PriorRequestNotComplete":
		return &provider.RateLimitError{Msg: text}
	case "NoSuchHostedZone":
		return fmt.Errorf("%w: %s", provider.ErrNotFound, text)
	case "InvalidChangeBatch", "InvalidInput":
		return fmt.Errorf("%w: %s", provider.ErrRefused, text)
	case "":
		return fmt.Errorf("%w: HTTP %d: %q", provider.ErrBadResponse, resp.Status, c.http.Excerpt(resp))
	}
	return fmt.Errorf("%w: %s", provider.ErrBadResponse, text)
}
