package main

import (
	"net"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
)

// need6 makes sure [::1] can be listened on: without it the IPv6 half of
// these tests cannot run. Outside CI that is a skip; under CI=true it is a
// failure, so that a runner without IPv6 never passes by skipping.
func need6(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no IPv6 loopback: %v", err)
		}
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	_ = ln.Close()
}

// dualStack is a DreamHost account for example.org and the settings of a
// run that publishes home.example.org in both families.
func dualStack(t *testing.T) (*dreamhosttest.Server, map[string]string) {
	t.Helper()
	need6(t)
	const key = "DUALSTACK1234567"
	fake := dreamhosttest.New(key, "example.org")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, map[string]string{"DDNS_PROVIDER": "dreamhost", "DDNS_DOMAIN": "example.org", "DDNS_HOSTS": "home",
		"DDNS_API_PASSWORD": key, "DDNS_SERVER": srv.URL, "DDNS_IP_VERSION": "4,6", "DDNS_STATE_DIR": t.TempDir()}
}

// published fails the test unless home.example.org's records of typ are
// exactly want (none for "").
func published(t *testing.T, fake *dreamhosttest.Server, typ, want string) {
	t.Helper()
	got := fake.Values("home.example.org", typ)
	if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
		t.Errorf("home.example.org %s = %v, want [%s]", typ, got, want)
	}
}

// TestE2EDualStackOneFamilyFails: each family is detected on its own, so
// a failing source of one never keeps the other from being published; the
// exit code is the worse of the two (1, temporary).
func TestE2EDualStackOneFamilyFails(t *testing.T) {
	t.Parallel()
	t.Run("IPv6 source down", func(t *testing.T) {
		t.Parallel()
		fake, env := dualStack(t)
		env["DDNS_IP_SOURCES"] = newEcho(t, "203.0.113.7").url()
		down := newEcho6(t, "")
		down.set("<html>503 Service Unavailable</html>")
		env["DDNS_IP6_SOURCES"] = down.url()
		expect(t, ddns(t, env, "run"), 1, "updated from none to 203.0.113.7", "detect IPv6 address", "HTML page")
		published(t, fake, "A", "203.0.113.7")
		published(t, fake, "AAAA", "")
	})
	t.Run("IPv4 source down", func(t *testing.T) {
		t.Parallel()
		fake, env := dualStack(t)
		env["DDNS_IP_SOURCES"] = newEcho(t, "10.0.0.1").url() // a private answer: refused
		env["DDNS_IP6_SOURCES"] = newEcho6(t, "2001:db8::7\n").url()
		expect(t, ddns(t, env, "run"), 1, "updated from none to 2001:db8::7", "detect IPv4 address", "is private")
		published(t, fake, "A", "")
		published(t, fake, "AAAA", "2001:db8::7")
	})
}

// TestE2EDualStackFixedPerFamily: DDNS_IP6 fixes the AAAA address and the
// A address is detected; DDNS_IP alone with 4,6 fixes A and detects AAAA.
func TestE2EDualStackFixedPerFamily(t *testing.T) {
	t.Parallel()
	fake, env := dualStack(t)
	v4 := newEcho(t, "203.0.113.7")
	env["DDNS_IP_SOURCES"] = v4.url()
	env["DDNS_IP6"] = "2001:db8::70"
	expect(t, ddns(t, env, "run"), 0, "updated from none to 203.0.113.7", "updated from none to 2001:db8::70", "DDNS_IP6")
	published(t, fake, "A", "203.0.113.7")
	published(t, fake, "AAAA", "2001:db8::70")

	fake, env = dualStack(t)
	v6 := newEcho6(t, "2001:db8::8")
	env["DDNS_IP"] = "198.51.100.9"
	env["DDNS_IP6_SOURCES"] = v6.url()
	expect(t, ddns(t, env, "run"), 0, "updated from none to 198.51.100.9", "updated from none to 2001:db8::8")
	published(t, fake, "A", "198.51.100.9")
	published(t, fake, "AAAA", "2001:db8::8")
	if v6.count() != 1 {
		t.Errorf("IPv6 echo asked %d times, want once", v6.count())
	}
}

// TestE2EDualStackSuffix publishes the detected /64 joined with a fixed
// host part: another device of the house, named by the Pi.
func TestE2EDualStackSuffix(t *testing.T) {
	t.Parallel()
	fake, env := dualStack(t)
	env["DDNS_IP_VERSION"] = "6"
	env["DDNS_IP6_SOURCES"] = newEcho6(t, "2001:db8:aa:bb:1111:2222:3333:4444").url()
	env["DDNS_IPV6_SUFFIX"] = "::1:2:3:4"
	expect(t, ddns(t, env, "run"), 0, "updated from none to 2001:db8:aa:bb:1:2:3:4")
	published(t, fake, "AAAA", "2001:db8:aa:bb:1:2:3:4")

	env["DDNS_IPV6_PREFIX_LENGTH"] = "56"
	env["DDNS_IP6"] = "2001:db8:aa:bbcc::1"
	expect(t, ddns(t, env, "run"), 0, "updated from 2001:db8:aa:bb:1:2:3:4 to 2001:db8:aa:bb00:1:2:3:4")
	published(t, fake, "AAAA", "2001:db8:aa:bb00:1:2:3:4")
}

// TestE2EWrongFamilySourceIsAConfigError: an IPv4-only service in the IPv6
// list (and the reverse) stops the run with exit 2 naming the variable.
func TestE2EWrongFamilySourceIsAConfigError(t *testing.T) {
	t.Parallel()
	base := map[string]string{"DDNS_PROVIDER": "dreamhost", "DDNS_DOMAIN": "example.org", "DDNS_HOSTS": "home",
		"DDNS_API_PASSWORD": "x", "DDNS_IP_VERSION": "4,6", "DDNS_STATE_DIR": t.TempDir()}
	for v, spec := range map[string]string{"DDNS_IP6_SOURCES": "https://api.ipify.org", "DDNS_IP_SOURCES": "https://ipv6.icanhazip.com"} {
		env := map[string]string{v: spec}
		for k, val := range base {
			env[k] = val
		}
		expect(t, ddns(t, env, "check"), 2, v+`: source "`+spec+`" answers over`)
		expect(t, ddns(t, env, "run"), 2, v)
	}
}
