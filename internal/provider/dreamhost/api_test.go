package dreamhost

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Bodies in the shapes documented at
// https://help.dreamhost.com/hc/en-us/articles/217555707-DNS-API-commands,
// verbatim where client projects captured them (AnalogJ/lexicon cassettes).
const (
	listBody = `{"result":"success","data":[
 {"account_id":"1","zone":"example.com","record":"home.example.com","type":"A",
  "value":"203.0.113.7","comment":"","editable":"1"},
 {"account_id":"1","zone":"example.com","record":"example.com","type":"A",
  "value":"69.163.136.138","comment":"","editable":"0"}]}`
	addedBody   = `{"data":"record_added","result":"success"}`
	removedBody = `{"data":"record_removed","result":"success"}`
	badKeyBody  = `{"result":"error","data":"invalid_api_key","reason":"The API key you provided does not exist."}`
	usedIDBody  = `{"data":"unique_id_already_used","result":"error"}`
)

func errBody(word string) string {
	return `{"data":"` + strings.ReplaceAll(word, "\t", `\t`) + `","result":"error"}`
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cmd, body string
		want            error // nil: success
		text            string
		bad             bool // parse must fail with ErrBadResponse
	}{
		{name: "list", cmd: cmdList, body: listBody},
		{name: "added", cmd: cmdAdd, body: addedBody},
		{name: "removed", cmd: cmdRemove, body: removedBody},
		{name: "id reused after success", cmd: cmdAdd, body: usedIDBody},
		{name: "duplicate add", cmd: cmdAdd, body: errBody("record_already_exists_remove_first")},
		{name: "remove of a gone value", cmd: cmdRemove, body: errBody("no_such_value")},
		{name: "bad key", cmd: cmdList, body: badKeyBody, want: provider.ErrAuth, text: "invalid_api_key (The API key"},
		{name: "no key", cmd: cmdList, body: errBody("no_key"), want: provider.ErrAuth},
		{name: "no zone", cmd: cmdAdd, body: errBody("no_such_zone"), want: provider.ErrNotFound},
		{name: "no zone on remove", cmd: cmdRemove, body: errBody("no_such_zone"), want: provider.ErrNotFound},
		{name: "slow down", cmd: cmdList, body: errBody("slow_down_bucko\tcome back later"), want: provider.ErrRateLimited,
			text: "slow_down_bucko: come back later"},
		{name: "internal", cmd: cmdAdd, body: errBody("internal_error_updating_zone"), want: provider.ErrUnavailable},
		{name: "invalid value", cmd: cmdAdd, body: errBody("invalid_value\ttoo short"), want: provider.ErrRefused,
			text: "invalid_value: too short"},
		{name: "not editable", cmd: cmdAdd, body: errBody("record_already_exists_not_editable"), want: provider.ErrRefused},
		{name: "duplicate on remove is an error", cmd: cmdRemove, body: errBody("record_already_exists_remove_first"),
			want: provider.ErrRefused},
		{name: "cname", cmd: cmdAdd, body: errBody("CNAME_already_on_record"), want: provider.ErrRefused},
		{name: "error without word", cmd: cmdAdd, body: `{"result":"error","data":[]}`, want: provider.ErrBadResponse},
		{name: "tab format", cmd: cmdList, body: "error\tno_key", bad: true},
		{name: "html", cmd: cmdList, body: "<html><body>502 Bad Gateway</body></html>", bad: true},
		{name: "empty", cmd: cmdList, body: "", bad: true},
		{name: "garbage", cmd: cmdList, body: "\x00\xff{", bad: true},
		{name: "unknown result", cmd: cmdList, body: `{"result":"maybe","data":"x"}`, bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := parseResponse([]byte(tc.body), noRedact)
			if tc.bad {
				if !errors.Is(err, provider.ErrBadResponse) {
					t.Fatalf("parse err = %v, want ErrBadResponse", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = outcome(tc.cmd, r, noRedact)
			if (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("outcome = %v, want %v", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("outcome %q lacks %q", err, tc.text)
			}
		})
	}
}

func TestParseRecords(t *testing.T) {
	t.Parallel()
	r, err := parseResponse([]byte(listBody), noRedact)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := parseRecords(r.Data)
	if err != nil || len(recs) != 2 {
		t.Fatalf("records = %v, %v", recs, err)
	}
	if !recs[0].is("HOME.example.com", "a") || recs[0].Editable != "1" || recs[1].Editable != "0" {
		t.Errorf("decoded %+v", recs)
	}
	if _, err := parseRecords([]byte(`"record_added"`)); !errors.Is(err, provider.ErrBadResponse) {
		t.Errorf("word as a list: err = %v", err)
	}
}

func TestNewUUID(t *testing.T) {
	t.Parallel()
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		id := newUUID()
		if !v4.MatchString(id) || seen[id] {
			t.Fatalf("newUUID() = %q: not a fresh UUIDv4", id)
		}
		seen[id] = true
	}
}

// FuzzParseResponse: no panic, and every answer ends in success, a
// sentinel, or ErrBadResponse.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{listBody, addedBody, removedBody, badKeyBody, usedIDBody,
		errBody("slow_down_bucko\tx"), "error\tno_key", "", "<html></html>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := parseResponse(body, noRedact)
		if err != nil {
			if !errors.Is(err, provider.ErrBadResponse) {
				t.Fatalf("parse error %v does not wrap ErrBadResponse", err)
			}
			return
		}
		for _, cmd := range []string{cmdList, cmdAdd, cmdRemove} {
			data, err := outcome(cmd, r, noRedact)
			if err == nil && cmd == cmdList && r.Result == "success" {
				parseRecords(data) // must not panic either
			}
			if err != nil && !provider.Permanent(err) && !errors.Is(err, provider.ErrBadResponse) &&
				!errors.Is(err, provider.ErrUnavailable) && !errors.Is(err, provider.ErrRateLimited) {
				t.Fatalf("outcome %v wraps no sentinel", err)
			}
		}
	})
}

func TestOutcomeRedactsTheServiceWords(t *testing.T) {
	t.Parallel()
	r := apiResponse{Result: "error", Data: json.RawMessage(`"invalid_value\tkey K3Y-S3CRET rejected"`),
		Reason: "The API key K3Y-S3CRET does not exist."}
	_, err := outcome(cmdAdd, r, provider.NewHTTP(nil, "", "K3Y-S3CRET").Quote)
	if err == nil || strings.Contains(err.Error(), "K3Y-S3CRET") || !strings.Contains(err.Error(), "invalid_value") {
		t.Errorf("outcome error = %v; want the data word without the key", err)
	}
}

// noRedact stands in for the bound quoting where the test has no secret.
func noRedact(s string) string { return provider.OneLine(s) }

// TestParseQuotesResult: an unknown result word is quoted through the
// bound helper (redacted, escaped).
func TestParseQuotesResult(t *testing.T) {
	t.Parallel()
	_, err := parseResponse([]byte(`{"result":"K3Y-S3CRET\u001b[2J","data":"x"}`), provider.NewHTTP(nil, "", "K3Y-S3CRET").Quote)
	if !errors.Is(err, provider.ErrBadResponse) || strings.Contains(err.Error(), "K3Y-S3CRET") || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("err = %q, want a bad response without the key or a raw ESC", err)
	}
}
