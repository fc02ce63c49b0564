package dreamhost_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/dreamhost"
	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

const (
	key   = "6SHU5P2HLDAYECUM"
	wrong = "AAAAAAAAAAAAAAAA"
)

var (
	home = provider.Record{Domain: "example.com", Host: "home"}
	v4a  = netip.MustParseAddr("203.0.113.7")
	v4b  = netip.MustParseAddr("203.0.113.8")
)

// fake returns the sample account: zones example.com and example.org, a
// non-editable A at example.com.
func fake(t *testing.T) (*dreamhosttest.Server, *httptest.Server) {
	t.Helper()
	f := dreamhosttest.NewSample(key)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func client(t *testing.T, url string, hc *http.Client, k string) provider.Provider {
	t.Helper()
	p, err := dreamhost.New(provider.Env{Server: url, Password: k, HTTP: provider.NewHTTP(hc, "ddns/test", k)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func published(f *dreamhosttest.Server, rec provider.Record) []netip.Addr {
	var out []netip.Addr
	for _, typ := range []string{"A", "AAAA"} {
		for _, v := range f.Values(rec.FQDN(), typ) {
			out = append(out, netip.MustParseAddr(v))
		}
	}
	return out
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := func(domain, host string) provider.Record { return provider.Record{Domain: domain, Host: host} }
	providertest.Run(t, providertest.Harness{
		Factory: dreamhost.Factory,
		Start: func(t *testing.T, password string) providertest.Fake {
			f := dreamhosttest.NewSample(password)
			srv := httptest.NewServer(f)
			t.Cleanup(srv.Close)
			return providertest.Fake{
				URL:       srv.URL,
				Published: func(r provider.Record) []netip.Addr { return published(f, r) },
				Faults:    &f.Faults,
			}
		},
		Records: []provider.Record{home, rec("example.com", "*"), rec("example.org", "vpn"), rec("example.org", "nas")},
		Missing: rec("example.net", "home"),
	})
}

// TestChangeNeverEmpties proves add-before-remove at the fake's worst moment.
func TestChangeNeverEmpties(t *testing.T) {
	t.Parallel()
	f, srv := fake(t)
	p := client(t, srv.URL, srv.Client(), key)
	for _, addr := range []netip.Addr{v4a, v4b, v4a} {
		if err := p.Update(context.Background(), home, addr); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.Values("home.example.com", "A"); len(got) != 1 || got[0] != v4a.String() {
		t.Errorf("values = %v, want [%s]", got, v4a)
	}
	if got := f.MinValues("home.example.com", "A"); got != 1 {
		t.Errorf("MinValues = %d, want 1 (the name was emptied or never set)", got)
	}
}

func TestOneListingPerClient(t *testing.T) {
	t.Parallel()
	f, srv := fake(t)
	p := client(t, srv.URL, srv.Client(), key)
	var wg sync.WaitGroup
	for _, h := range []string{"a", "b", "c", "d", "e", "f"} {
		wg.Go(func() {
			if err := p.Update(context.Background(), provider.Record{Domain: "example.org", Host: h}, v4a); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := p.Update(context.Background(), provider.Record{Domain: "example.org", Host: "a"}, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.CountCmd("dns-list_records"); got != 1 {
		t.Errorf("dns-list_records sent %d times, want 1", got)
	}
	if got := f.CountCmd("dns-add_record"); got != 6 {
		t.Errorf("dns-add_record sent %d times, want 6 (the cache missed its own adds)", got)
	}
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rec   provider.Record
		setup func(*dreamhosttest.Server)
		want  error
		text  string
	}{
		{name: "non-editable record", rec: provider.Record{Domain: "example.com", Host: "@"},
			want: provider.ErrRefused, text: "not editable"},
		{name: "rate limited", rec: home, setup: func(f *dreamhosttest.Server) { f.SetSlowDown(true) },
			want: provider.ErrRateLimited, text: "slow_down_bucko: Too many"},
		{name: "unknown zone", rec: provider.Record{Domain: "example.net", Host: "x"},
			want: provider.ErrNotFound, text: "dns-add_record: domain or host not found: no_such_zone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, srv := fake(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			err := client(t, srv.URL, srv.Client(), key).Update(context.Background(), tc.rec, v4a)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %v with %q", err, tc.want, tc.text)
			}
			if strings.Contains(err.Error(), key) {
				t.Errorf("error leaks the key: %v", err)
			}
		})
	}
}

// TestRemoveFailsAfterAdd: the new value is live, the error is temporary
// and says so; the next run removes the old value.
func TestRemoveFailsAfterAdd(t *testing.T) {
	t.Parallel()
	f := dreamhosttest.NewSample(key)
	if err := f.AddRecord("home.example.com", "A", v4a.String(), true); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	breakRemove := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		fail := breakRemove && r.Form.Get("cmd") == "dns-remove_record"
		mu.Unlock()
		if fail {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			w.Write([]byte(`{"data":"internal_error_could_not_destroy_record","result":"error"}`))
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	err := client(t, srv.URL, srv.Client(), key).Update(context.Background(), home, v4b)
	if err == nil || provider.Permanent(err) || !strings.Contains(err.Error(), "published but the old value") {
		t.Fatalf("err = %v, want a temporary error saying the new value is published", err)
	}
	if got := f.Values("home.example.com", "A"); len(got) != 2 {
		t.Fatalf("values = %v, want old and new", got)
	}
	mu.Lock()
	breakRemove = false
	mu.Unlock()
	if err := client(t, srv.URL, srv.Client(), key).Update(context.Background(), home, v4b); err != nil {
		t.Fatal(err)
	}
	if got := f.Values("home.example.com", "A"); len(got) != 1 || got[0] != v4b.String() {
		t.Errorf("next run left %v, want [%s]", got, v4b)
	}
}

// TestKeyStaysOutOfURL: the key travels in the POST body only.
func TestKeyStaysOutOfURL(t *testing.T) {
	t.Parallel()
	f := dreamhosttest.NewSample(key)
	ids := map[string]bool{}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.Method != http.MethodPost || strings.Contains(r.URL.String(), key) {
			t.Errorf("%s %s carries the key in the URL or is not a POST", r.Method, r.URL)
		}
		r.ParseForm()
		if id := r.PostForm.Get("unique_id"); ids[id] || len(id) != 36 || id[14] != '4' {
			t.Errorf("unique_id %q reused or not a UUIDv4", id)
		} else {
			ids[id] = true
		}
		mu.Unlock()
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := client(t, srv.URL, srv.Client(), key)
	for _, a := range []netip.Addr{v4a, v4b} {
		if err := p.Update(context.Background(), home, a); err != nil {
			t.Fatal(err)
		}
	}
	if len(ids) != 4 { // list, add, add, remove
		t.Errorf("saw %d requests, want 4", len(ids))
	}
}

// TestRecordValuesAreQuoted: a record value in the listing is the
// service's text: it reaches the error redacted and escaped.
func TestRecordValuesAreQuoted(t *testing.T) {
	t.Parallel()
	f, srv := fake(t)
	if err := f.AddRecord("home.example.com", "A", "seen "+key+" \x1b[2J\u202e", false); err != nil {
		t.Fatal(err)
	}
	err := client(t, srv.URL, srv.Client(), key).Update(context.Background(), home, v4a)
	if !errors.Is(err, provider.ErrRefused) || !strings.Contains(err.Error(), "not editable") {
		t.Fatalf("err = %v, want the non-editable refusal", err)
	}
	if text := err.Error(); strings.Contains(text, key) || strings.ContainsAny(text, "\x1b\u202e") {
		t.Errorf("error %q holds the key or a raw control character", text)
	}
}
