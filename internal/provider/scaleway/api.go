package scaleway

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// rules read a Scaleway error answer's status as documented at
// https://www.scaleway.com/en/developers/api/#errors-codes (401
// denied_authentication, 403 permissions_denied, 404 not_found, 400
// invalid_arguments).
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: "check DDNS_API_PASSWORD: the API key's secret key"},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: "the key needs DomainsDNSFullAccess in the zone's project"},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound},
	{Status: http.StatusBadRequest, Err: provider.ErrRefused, Writes: true},
}

// verdict is the error a Scaleway error answer to a request of method
// means; h quotes the service's words safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	return jsonrest.Verdict(h, rules, method, resp, words(resp.Body))
}

// words are the service's own words in an error body {"message", "type",
// "resource", ...}: its type, message and the resource it names, or ""
// for anything else.
func words(body []byte) string {
	var e struct {
		Type       string `json:"type"`
		Message    string `json:"message"`
		Resource   string `json:"resource"`
		ResourceID string `json:"resource_id"`
	}
	if json.Unmarshal(body, &e) != nil || e.Type+e.Message == "" {
		return ""
	}
	text := strings.TrimSpace(e.Type + ": " + e.Message)
	if e.Resource != "" {
		text += " (" + strings.TrimSpace(e.Resource+" "+e.ResourceID) + ")"
	}
	return text
}
