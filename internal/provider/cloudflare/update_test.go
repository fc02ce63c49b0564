package cloudflare_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/cloudflare"
	"github.com/ddns-pi/ddns/internal/provider/cloudflare/cloudflaretest"
	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

func client(t *testing.T, url, tok string, s *cloudflare.Settings) provider.Provider {
	t.Helper()
	if s == nil {
		s = &cloudflare.Settings{TTL: 1}
	}
	p, err := cloudflare.New(provider.Env{Server: url, Password: tok, Settings: s,
		HTTP: provider.NewHTTP(&http.Client{Timeout: time.Minute}, "ddns/test", tok)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOneZoneLookupPerRun(t *testing.T) {
	t.Parallel()
	f := sample(token)
	p := client(t, serve(t, f), token, nil)
	var wg sync.WaitGroup
	for _, h := range []string{"a", "b", "c", "d", "e", "f"} {
		wg.Go(func() {
			if err := p.Update(context.Background(), provider.Record{Domain: "example.org", Host: h}, v4a); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := p.Update(context.Background(), home, v4a); err != nil {
		t.Fatal(err)
	}
	if got := f.Calls("zones"); got != 2 {
		t.Errorf("zone lookups = %d, want 2 (one per zone)", got)
	}
}

// TestPatchSendsOnlyContent: the record keeps its TTL, proxied flag and
// comment, and the PATCH body holds nothing else that could reset them.
func TestPatchSendsOnlyContent(t *testing.T) {
	t.Parallel()
	f := sample(token)
	var bodies []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, string(b))
			mu.Unlock()
			r.Body = io.NopCloser(strings.NewReader(string(b)))
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := client(t, srv.URL+cloudflaretest.Prefix, token, &cloudflare.Settings{TTL: 120})
	if err := p.Update(context.Background(), home, v4a); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 1 || bodies[0] != `{"content":"203.0.113.7"}` {
		t.Errorf("PATCH bodies = %q, want one with the content only", bodies)
	}
	if got := others(f, home); got != `ttl=300 proxied=true comment="router at home";` {
		t.Errorf("record after update: %s", got)
	}
}

func TestUnchangedSendsNoWrite(t *testing.T) {
	t.Parallel()
	f := sample(token)
	p := client(t, serve(t, f), token, nil)
	for range 2 {
		if err := p.Update(context.Background(), home, v4a); err != nil {
			t.Fatal(err)
		}
	}
	if f.Calls("patch") != 1 || f.Calls("create") != 0 || f.Calls("zones") != 1 {
		t.Errorf("patch %d create %d zones %d, want 1, 0, 1", f.Calls("patch"), f.Calls("create"), f.Calls("zones"))
	}
}

func TestCreateUsesSettings(t *testing.T) {
	t.Parallel()
	f := sample(token)
	p := client(t, serve(t, f), token, &cloudflare.Settings{TTL: 300, CloudflareProxied: true})
	obs := &provider.Observer{}
	rec := provider.Record{Domain: "Example.ORG", Host: "New"}
	if err := p.Update(provider.WithObserver(context.Background(), obs), rec, v6a); err != nil {
		t.Fatal(err)
	}
	got := f.Records("new.example.org", "AAAA")
	if len(got) != 1 || got[0].TTL != 300 || !got[0].Proxied || got[0].Content != v6a.String() || got[0].Name != "new.example.org" {
		t.Errorf("created %+v", got)
	}
	if !obs.Created() {
		t.Error("NoteCreated not called")
	}
}

func TestSeveralRecords(t *testing.T) {
	t.Parallel()
	f := sample(token)
	second := f.AddRecord(cloudflaretest.Record{Name: "home.example.com", Type: "A", Content: v4b.String(), TTL: 1})
	p := client(t, serve(t, f), token, nil)
	if err := p.Update(context.Background(), home, v4b); err != nil {
		t.Fatal(err)
	}
	if f.Calls("patch")+f.Calls("create") != 0 {
		t.Errorf("a record already held the address, yet ddns wrote")
	}
	if err := p.Update(context.Background(), home, v4a); err != nil {
		t.Fatal(err)
	}
	recs := f.Records("home.example.com", "A")
	if len(recs) != 2 || recs[0].Content != v4a.String() || recs[1].ID != second || recs[1].Content != v4b.String() {
		t.Errorf("records = %+v, want the first changed and the second kept", recs)
	}
}

func TestZoneStatus(t *testing.T) {
	t.Parallel()
	f := cloudflaretest.New(token)
	f.AddZone("example.com", "deleted")
	f.AddZone("example.net", "deleted")
	f.AddZone("example.net", "pending")
	live := f.AddZone("example.net", "active")
	p := client(t, serve(t, f), token, nil)
	err := p.Update(context.Background(), home, v4a)
	if !errors.Is(err, provider.ErrNotFound) || !strings.Contains(err.Error(), `no zone "example.com"`) {
		t.Errorf("deleted zone: err = %v, want ErrNotFound", err)
	}
	if err := p.Update(context.Background(), provider.Record{Domain: "example.net", Host: "x"}, v4a); err != nil {
		t.Fatal(err)
	}
	if r := f.Records("x.example.net", "A"); len(r) != 1 || r[0].Zone != live {
		t.Errorf("records %+v, want one in the active zone %s", r, live)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	const readOnly = "R3adOnly-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	tests := []struct {
		name     string
		tok      string
		rec      provider.Record
		settings *cloudflare.Settings
		answer   *http.Header // a 429 with these headers
		want     error
		text     []string
	}{
		{name: "no dns permission", tok: readOnly, rec: home, want: provider.ErrAuth,
			text: []string{"10000 Authentication error", "Zone:Zone:Read", "Zone:DNS:Edit"}},
		{name: "unknown token", tok: wrong, rec: home, want: provider.ErrAuth, text: []string{"9109 Invalid access token"}},
		{name: "malformed token", tok: "two words", rec: home, want: provider.ErrAuth,
			text: []string{"6003 Invalid request headers; 6111 Invalid format for Authorization header"}},
		{name: "cname at the name", tok: token, rec: provider.Record{Domain: "example.org", Host: "www"},
			want: provider.ErrRefused, text: []string{"81054"}},
		{name: "ttl refused", tok: token, rec: provider.Record{Domain: "example.org", Host: "n"},
			settings: &cloudflare.Settings{TTL: 30}, want: provider.ErrRefused, text: []string{"9021 TTL must be"}},
		{name: "rate limit without retry-after", tok: token, rec: home, answer: &http.Header{},
			want: provider.ErrRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := sample(token)
			f.AddToken(readOnly, false)
			if tc.answer != nil {
				f.SetAnswer(&providertest.Answer{Status: 429, Header: *tc.answer})
			}
			err := client(t, serve(t, f), tc.tok, tc.settings).Update(context.Background(), tc.rec, v4a)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			for _, s := range tc.text {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err %q lacks %q", err, s)
				}
			}
			var rl *provider.RateLimitError
			if errors.As(err, &rl) && rl.RetryAfter != 5*time.Minute {
				t.Errorf("RetryAfter = %v, want Cloudflare's 5 minute block", rl.RetryAfter)
			}
			if strings.Contains(err.Error(), tc.tok) {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

// TestIdenticalOnCreate: a record created by someone else between the
// list and the create (81058) is the address asked for: success.
func TestIdenticalOnCreate(t *testing.T) {
	t.Parallel()
	f := sample(token)
	f.AddRecord(cloudflaretest.Record{Name: "race.example.org", Type: "A", Content: v4a.String(), TTL: 1})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/dns_records") {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"success": true, "errors": []any{}, "result": []any{}})
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	obs := &provider.Observer{}
	p := client(t, srv.URL+cloudflaretest.Prefix, token, nil)
	if err := p.Update(provider.WithObserver(context.Background(), obs), provider.Record{Domain: "example.org", Host: "race"}, v4a); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Records("race.example.org", "A")); n != 1 || obs.Created() {
		t.Errorf("%d records, created %v; want 1 and not created by us", n, obs.Created())
	}
}

func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	for ttl, ok := range map[int]bool{1: true, 30: true, 60: true, 86400: true, 0: false, 2: false, 29: false, 86401: false, -1: false} {
		err := (&cloudflare.Settings{TTL: ttl}).Validate()
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), "DDNS_TTL")) {
			t.Errorf("TTL %d: err = %v, want ok %v", ttl, err, ok)
		}
	}
}
