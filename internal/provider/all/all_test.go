package all

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kelseyhightower/envconfig"

	"github.com/ddns-pi/ddns/internal/provider"
)

func TestRegistry(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, f := range Factories() {
		if f.Name == "" || f.Name != strings.ToLower(f.Name) || seen[f.Name] {
			t.Errorf("name %q: empty, not lower case, or listed twice", f.Name)
		}
		seen[f.Name] = true
		// The shared HTTP rule wants https; a provider with its own check
		// (rfc2136 takes a DNS server) may have no default at all.
		if f.NoServer && (f.DefaultServer != "" || f.CheckServer != nil) {
			t.Errorf("%s: NoServer with a default server or a server check", f.Name)
		}
		if !f.NoServer && f.CheckServer == nil && !strings.HasPrefix(f.DefaultServer, "https://") {
			t.Errorf("%s: default server %q is not https", f.Name, f.DefaultServer)
		}
		if f.CheckServer != nil && f.DefaultServer != "" && f.CheckServer(f.DefaultServer) != nil {
			t.Errorf("%s: its own CheckServer refuses its default server %q", f.Name, f.DefaultServer)
		}
		if f.Concurrency < 1 || f.New == nil {
			t.Errorf("%s: concurrency %d, constructor %v", f.Name, f.Concurrency, f.New != nil)
		}
		if got, ok := Lookup(f.Name); !ok || got.Name != f.Name {
			t.Errorf("Lookup(%q) = %q, %v", f.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("nosuch"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
	for _, want := range []string{"namecheap", "dreamhost", "rfc2136"} {
		if !seen[want] {
			t.Errorf("%s is not registered", want)
		}
	}
}

// samplePassword is base64, so that providers whose password is a key
// (rfc2136's TSIG secret) accept it as well as those taking any string.
const samplePassword = "c2VjcmV0LXZhbHVl"

// TestRegistryNew builds every provider from sample values, as a run
// would. It is not parallel: it sets the provider's own variables with
// t.Setenv and reads them with envconfig, exactly as the config layer does.
func TestRegistryNew(t *testing.T) {
	for _, f := range Factories() {
		t.Run(f.Name, func(t *testing.T) {
			env := provider.Env{Server: sampleServer(t, f), Username: "u", Password: samplePassword,
				HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", samplePassword)}
			if f.Settings != nil {
				env.Settings = sampleSettings(t, f)
			}
			p, err := f.New(env)
			if err != nil || p == nil {
				t.Errorf("New with valid options: %v", err)
			}
		})
	}
}

// sampleServer is the default server, or a valid one for providers
// without a default.
func sampleServer(t *testing.T, f provider.Factory) string {
	switch {
	case f.DefaultServer != "":
		return f.DefaultServer
	case f.CheckServer == nil, f.CheckServer("https://ddns.example.org") == nil:
		return "https://ddns.example.org"
	}
	const dnsServer = "192.0.2.53" // a non-HTTP server (rfc2136): a bare address
	if err := f.CheckServer(dnsServer); err != nil {
		t.Fatalf("no sample server for %s: %v", f.Name, err)
	}
	return dnsServer
}

// sampleSettings fills f's settings struct through envconfig: every
// required variable without a default gets a sample value by kind. The
// variable names come from envconfig's own lister, so they are the ones
// Process reads.
func sampleSettings(t *testing.T, f provider.Factory) any {
	s := f.Settings()
	var list strings.Builder
	const format = "{{range .}}{{.Key}}\t{{.Tags.Get \"required\"}}\t{{.Tags.Get \"default\"}}\t{{.Field.Kind}}\n{{end}}"
	if err := envconfig.Usagef("DDNS", s, &list, format); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(list.String()) {
		field := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(field) != 4 || field[1] != "true" || field[2] != "" {
			continue
		}
		sample, ok := map[string]string{"string": "sample", "struct": "sample", "int": "1", "bool": "true"}[field[3]]
		if strings.HasSuffix(field[0], "_URL") { // a URL setting (custom's template) must parse
			sample = "https://ddns.example.org/update?ip={ip}"
		}
		if !ok {
			t.Fatalf("%s: no sample value for %s of kind %s; add one here", f.Name, field[0], field[3])
		}
		t.Setenv(field[0], sample)
	}
	if err := envconfig.Process("DDNS", s); err != nil {
		t.Fatal(err)
	}
	if v, ok := s.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			t.Fatalf("sample settings do not validate: %v", err)
		}
	}
	return s
}
