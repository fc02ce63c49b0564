package main

import (
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider/cloudflare/cloudflaretest"
	"github.com/ddns-pi/ddns/internal/provider/custom/customtest"
)

const cfToken = "Zx9-aB_3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX"

// cloudflareCalls sums the fake's requests of every kind.
func cloudflareCalls(f *cloudflaretest.Server) int {
	return f.Calls("zones") + f.Calls("list") + f.Calls("create") + f.Calls("patch")
}

// TestE2ECloudflareCreatesThenSendsNothing: the REST family end to end. A
// first run changes the existing record (keeping its TTL, proxied flag and
// comment) and creates the missing one with DDNS_TTL and
// DDNS_CLOUDFLARE_PROXIED; a second run with the same address sends
// nothing to the API.
func TestE2ECloudflareCreatesThenSendsNothing(t *testing.T) {
	t.Parallel()
	fake := cloudflaretest.New(cfToken, "example.com")
	fake.AddRecord(cloudflaretest.Record{Name: "home.example.com", Type: "A", Content: "192.0.2.1", TTL: 300,
		Proxied: true, Comment: "router"})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e := newEcho(t, "203.0.113.7\n")
	dir := filepath.Join(t.TempDir(), "state")
	env := map[string]string{
		"DDNS_PROVIDER": "cloudflare", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home,new",
		"DDNS_API_PASSWORD": cfToken, "DDNS_SERVER": srv.URL + cloudflaretest.Prefix, "DDNS_IP_SOURCES": e.url(),
		"DDNS_TTL": "120", "DDNS_CLOUDFLARE_PROXIED": "false",
		"DDNS_STATE_DIR": dir, "DDNS_TIMEOUT": "5s", "DDNS_LOG_LEVEL": "debug",
	}

	r1 := ddns(t, env, "run")
	expect(t, r1, 0, "created", "updated from none to 203.0.113.7")
	home, created := fake.Records("home.example.com", "A"), fake.Records("new.example.com", "A")
	if len(home) != 1 || home[0].Content != "203.0.113.7" || home[0].TTL != 300 || !home[0].Proxied || home[0].Comment != "router" {
		t.Errorf("home = %+v, want the address changed and the other fields kept", home)
	}
	if len(created) != 1 || created[0].Content != "203.0.113.7" || created[0].TTL != 120 || created[0].Proxied {
		t.Errorf("new = %+v, want one record with TTL 120, not proxied", created)
	}
	if fake.Calls("zones") != 1 || fake.Calls("create") != 1 || fake.Calls("patch") != 1 {
		t.Errorf("zones %d create %d patch %d, want 1 each", fake.Calls("zones"), fake.Calls("create"), fake.Calls("patch"))
	}

	sent := cloudflareCalls(fake)
	r2 := ddns(t, env, "run")
	expect(t, r2, 0, "unchanged")
	if got := cloudflareCalls(fake); got != sent {
		t.Errorf("the unchanged run sent %d requests to the API", got-sent)
	}
	noSecret(t, cfToken, dir, r1, r2)

	env["DDNS_API_PASSWORD"] = "Wr0ng-Tok3n_aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	e.set("203.0.113.8")
	r3 := ddns(t, env, "run")
	expect(t, r3, 3, "Invalid access token", "Zone:DNS:Edit", "Zone:Zone:Read")
	noSecret(t, env["DDNS_API_PASSWORD"], "", r3)
}

// TestE2ECustomTemplate: the custom provider end to end, with the
// password in the query, escaped, and never in the output.
func TestE2ECustomTemplate(t *testing.T) {
	t.Parallel()
	const user, key = "pi", "s3cr&t=key/+"
	fake := customtest.New(user, key, "home.example.com")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e := newEcho(t, "203.0.113.7")
	dir := filepath.Join(t.TempDir(), "state")
	env := map[string]string{
		"DDNS_PROVIDER": "custom", "DDNS_DOMAIN": "example.com", "DDNS_HOSTS": "home",
		"DDNS_USERNAME": user, "DDNS_API_PASSWORD": key,
		"DDNS_CUSTOM_URL":     srv.URL + "/update/{fqdn}?user={username}&key={password}&ip={ip}",
		"DDNS_CUSTOM_SUCCESS": "^good", "DDNS_IP_SOURCES": e.url(),
		"DDNS_STATE_DIR": dir, "DDNS_TIMEOUT": "5s", "DDNS_LOG_LEVEL": "debug",
	}
	r1 := ddns(t, env, "run")
	expect(t, r1, 0, "updated from none to 203.0.113.7")
	if got := fake.Addrs("home.example.com"); got[0] != netip.MustParseAddr("203.0.113.7") {
		t.Errorf("published %v", got)
	}
	r2 := ddns(t, env, "run")
	expect(t, r2, 0, "unchanged")
	if n := len(fake.Seen()); n != 1 {
		t.Errorf("%d requests, want 1 (the unchanged run sends nothing)", n)
	}

	env["DDNS_API_PASSWORD"] = "wrong&key"
	e.set("203.0.113.8")
	r3 := ddns(t, env, "run")
	expect(t, r3, 3, "HTTP 401", "badauth")
	noSecret(t, key, dir, r1, r2)
	noSecret(t, "wrong&key", "", r3)
}
