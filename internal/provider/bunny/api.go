package bunny

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// rules read a bunny.net error answer's status as the reference shows
// (https://docs.bunny.net/reference/dnszonepublic_index): 401 for a wrong
// key, 404 for an unknown zone or record, 400 for an invalid record.
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: authHint},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound},
	{Status: http.StatusBadRequest, Err: provider.ErrRefused, Writes: true},
}

const authHint = "check DDNS_API_PASSWORD: the account API key"

// verdict is the error a bunny.net error answer to a request of method
// means; h quotes the service's words safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	return jsonrest.Verdict(h, rules, method, resp, words(resp.Body))
}

// words are the service's own words in an error body {"ErrorKey",
// "Field", "Message"}: its error key, field and message, or "" for
// anything else.
func words(body []byte) string {
	var e struct {
		ErrorKey string `json:"ErrorKey"`
		Field    string `json:"Field"`
		Message  string `json:"Message"`
	}
	if json.Unmarshal(body, &e) != nil || e.ErrorKey+e.Message == "" {
		return ""
	}
	text := e.Message
	if e.ErrorKey != "" {
		text = strings.TrimSpace(e.ErrorKey + ": " + text)
	}
	if e.Field != "" {
		text += " (field " + e.Field + ")"
	}
	return text
}
