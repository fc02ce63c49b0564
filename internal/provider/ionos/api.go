package ionos

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/ddns-pi/ddns/internal/jsonrest"
	"github.com/ddns-pi/ddns/internal/provider"
)

// rules read an IONOS error answer's status as documented at
// https://developer.hosting.ionos.com/docs/dns (401 UNAUTHORIZED, 403,
// 404 NOT_FOUND, 400/422 for an invalid record).
var rules = []jsonrest.Rule{
	{Status: http.StatusUnauthorized, Err: provider.ErrAuth, Hint: "check DDNS_API_PASSWORD: the key is prefix.secret"},
	{Status: http.StatusForbidden, Err: provider.ErrAuth, Hint: "the key may not change DNS records"},
	{Status: http.StatusNotFound, Err: provider.ErrNotFound},
	{Status: http.StatusBadRequest, Err: provider.ErrRefused, Writes: true},
	{Status: http.StatusUnprocessableEntity, Err: provider.ErrRefused, Writes: true},
}

// verdict is the error an IONOS error answer to a request of method
// means; h quotes the service's words safely.
func verdict(h *provider.HTTP, method string, resp *provider.Response) error {
	return jsonrest.Verdict(h, rules, method, resp, words(resp.Body))
}

// words are the service's own words in an error body: the code and
// message of each entry of its error list (or of the one error object),
// or "" for anything else.
func words(body []byte) string {
	type entry struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	var list []entry
	if json.Unmarshal(body, &list) != nil || len(list) == 0 {
		var one entry
		if json.Unmarshal(body, &one) != nil || one.Code+one.Message == "" {
			return ""
		}
		list = append(list, one)
	}
	var parts []string
	for _, e := range list {
		parts = append(parts, strings.TrimSpace(e.Code+": "+e.Message))
	}
	return strings.Join(parts, "; ")
}
