package dreamhosttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const key = "6SHU5P2HLDAYECUM"

// call sends one command as a GET query (post false) or a POST form.
func call(t *testing.T, s *Server, post bool, params url.Values) reply {
	t.Helper()
	var req *http.Request
	if post {
		req = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(http.MethodGet, "/?"+params.Encode(), nil)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Fatalf("answer %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var r reply
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func cmd(c, id string, kv ...string) url.Values {
	v := url.Values{"key": {key}, "cmd": {c}, "format": {"json"}}
	if id != "" {
		v.Set("unique_id", id)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestCommands(t *testing.T) {
	t.Parallel()
	add := func(name, typ, value string) url.Values {
		return cmd("dns-add_record", "", "record", name, "type", typ, "value", value)
	}
	rm := func(name, typ, value string) url.Values {
		return cmd("dns-remove_record", "", "record", name, "type", typ, "value", value)
	}
	steps := []struct {
		params url.Values
		want   string
	}{
		{add("home.example.org", "A", "203.0.113.7"), "record_added"},
		{add("home.example.org", "A", "203.0.113.7"), "record_already_exists_remove_first"},
		{add("home.example.org", "A", "203.0.113.8"), "record_added"},
		{add("example.com", "A", "203.0.113.7"), "record_already_exists_not_editable"},
		{add("www.example.org", "A", "203.0.113.7"), "CNAME_already_on_record"},
		{add("x.example.net", "A", "203.0.113.7"), "no_such_zone"},
		{add("home.example.org", "A", ""), "invalid_value\ttoo short"},
		{add("home.example.org", "AAAA", "203.0.113.7"), "invalid_value\tnot a valid AAAA value"},
		{add("home.example.org", "MX", "x"), "invalid_type"},
		{cmd("dns-add_record", "", "record", "a.example.org", "type", "A"), "no_value"},
		{rm("nothere.example.org", "A", "203.0.113.7"), "no_such_record"},
		{rm("home.example.org", "AAAA", "2001:db8::1"), "no_such_type"},
		{rm("home.example.org", "A", "203.0.113.9"), "no_such_value"},
		{rm("example.com", "A", "69.163.136.138"), "not_editable"},
		{rm("home.example.org", "A", "203.0.113.7"), "record_removed"},
		{cmd("dns-list_records", "", "key", "nope"), "invalid_api_key"},
		{cmd("dns-list_records", "", "key", ""), "no_key"},
	}
	s := NewSample(key)
	for i, st := range steps {
		if r := call(t, s, i%2 == 0, st.params); r.Data != st.want {
			t.Errorf("step %d %s: data %v, want %q", i, st.params.Get("cmd"), r.Data, st.want)
		}
	}
	if got := s.Values("HOME.example.org", "a"); len(got) != 1 || got[0] != "203.0.113.8" {
		t.Errorf("values = %v", got)
	}
	if got := s.MinValues("home.example.org", "A"); got != 1 {
		t.Errorf("MinValues = %d, want 1", got)
	}
	if got := s.CountCmd("dns-add_record"); got != 10 {
		t.Errorf("CountCmd(add) = %d, want 10", got)
	}
}

func TestUniqueID(t *testing.T) {
	t.Parallel()
	s := NewSample(key)
	failing := cmd("dns-add_record", "id-1", "record", "a.example.net", "type", "A", "value", "203.0.113.7")
	if r := call(t, s, true, failing); r.Data != "no_such_zone" {
		t.Fatalf("got %v", r.Data)
	}
	ok := cmd("dns-add_record", "id-1", "record", "a.example.org", "type", "A", "value", "203.0.113.7")
	if r := call(t, s, true, ok); r.Result != "success" {
		t.Fatalf("a failed call used up the id: %v", r.Data)
	}
	if r := call(t, s, false, cmd("dns-list_records", "id-1")); r.Data != "unique_id_already_used" {
		t.Errorf("reuse after success: %v", r.Data)
	}
}

func TestMinValuesSeesEmptying(t *testing.T) {
	t.Parallel()
	s := NewSample(key)
	call(t, s, true, cmd("dns-add_record", "", "record", "a.example.org", "type", "A", "value", "203.0.113.7"))
	call(t, s, true, cmd("dns-remove_record", "", "record", "a.example.org", "type", "A", "value", "203.0.113.7"))
	call(t, s, true, cmd("dns-add_record", "", "record", "a.example.org", "type", "A", "value", "203.0.113.8"))
	if got := s.MinValues("a.example.org", "A"); got != 0 {
		t.Errorf("MinValues = %d after remove-before-add, want 0", got)
	}
}

// TestEcho: with Faults.Echo set, the fake answers the documented error
// shape (data word, tab, details) with the text built from the key it
// received.
func TestEcho(t *testing.T) {
	t.Parallel()
	s := New("K3Y", "example.com")
	s.SetEcho(func(got string) string { return "quoted " + got })
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?key=K3Y&cmd=dns-list_records&format=json", nil))
	if body := rec.Body.String(); !strings.Contains(body, `"data":"invalid_value\tquoted K3Y"`) {
		t.Errorf("body lacks the echoed text: %s", body)
	}
}
