package all

import (
	"net/http"
	"strings"
	"testing"

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
		if !strings.HasPrefix(f.DefaultServer, "https://") {
			t.Errorf("%s: default server %q is not https", f.Name, f.DefaultServer)
		}
		if f.Concurrency < 1 || f.New == nil {
			t.Errorf("%s: concurrency %d, constructor %v", f.Name, f.Concurrency, f.New != nil)
		}
		p, err := f.New(provider.Env{Server: f.DefaultServer, Username: "u", Password: "p",
			HTTP: provider.NewHTTP(&http.Client{}, "ddns/test", "p")})
		if err != nil || p == nil {
			t.Errorf("%s: New with valid options: %v", f.Name, err)
		}
		if got, ok := Lookup(f.Name); !ok || got.Name != f.Name {
			t.Errorf("Lookup(%q) = %q, %v", f.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("nosuch"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
	for _, want := range []string{"namecheap", "dreamhost"} {
		if !seen[want] {
			t.Errorf("%s is not registered", want)
		}
	}
}
