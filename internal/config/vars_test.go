package config

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/kelseyhightower/envconfig"

	secretpkg "github.com/ddns-pi/ddns/internal/secret"
)

type exampleSettings struct {
	TSIGKeyName   string           `split_words:"true" required:"true" desc:"key name"`
	TTL           int              `split_words:"true" default:"300" desc:"record TTL"`
	APISecret     secretpkg.Secret `split_words:"true" desc:"second key"`
	Ignored       string           `ignored:"true"`
	CloudflareTag bool             `split_words:"true"`
}

func TestVarsNamesAsEnvconfigReadsThem(t *testing.T) {
	t.Parallel()
	got := Vars(&exampleSettings{})
	want := []Var{
		{Name: "DDNS_TSIG_KEY_NAME", Kind: "text", Required: true, Help: "key name"},
		{Name: "DDNS_TTL", Kind: "number", Default: "300", Help: "record TTL"},
		{Name: "DDNS_API_SECRET", Kind: "secret", Secret: true, Help: "second key"},
		{Name: "DDNS_CLOUDFLARE_TAG", Kind: "boolean"},
	}
	if len(got) != len(want) {
		t.Fatalf("Vars = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("var %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestSharedVarsAllDocumented(t *testing.T) {
	t.Parallel()
	for _, v := range Vars(&Config{}) {
		if v.Help == "" {
			t.Errorf("%s has no desc tag, so help and the docs cannot describe it", v.Name)
		}
	}
}

// TestVarsAgreeWithEnvconfig asks envconfig itself (its usage printer,
// which the binary does not link) for the names of every settings struct.
func TestVarsAgreeWithEnvconfig(t *testing.T) {
	t.Parallel()
	for _, spec := range []any{&Config{}, &exampleSettings{}} {
		var buf bytes.Buffer
		if err := envconfig.Usagef("DDNS", spec, &buf, "{{range .}}{{.Key}}\n{{end}}"); err != nil {
			t.Fatal(err)
		}
		want := strings.Fields(buf.String())
		var got []string
		for _, v := range Vars(spec) {
			got = append(got, v.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%T: Vars names %q, envconfig reads %q", spec, got, want)
		}
	}
}

// TestSummaryHidesWhatAURLMayHold: a key pasted into a URL setting's query
// or user part never shows in `ddns check`; {placeholders} do.
func TestSummaryHidesWhatAURLMayHold(t *testing.T) {
	t.Parallel()
	type urlSettings struct {
		CustomURL string `split_words:"true"`
	}
	tests := []struct{ in, want string }{
		{"https://dyn.example.net/u?name={fqdn}&key={password}", "https://dyn.example.net/u?name={fqdn}&key={password}"},
		{"https://dyn.example.net/u?name={fqdn}&key=s3cr3t-k3y", "https://dyn.example.net/u?name={fqdn}&key=..."},
		{"https://me:s3cr3t-k3y@dyn.example.net/u", "https://dyn.example.net/u"},
		{"plain text", "plain text"},
	}
	for _, tt := range tests {
		got := Summarize(&urlSettings{CustomURL: tt.in}, nil, nil)
		if len(got) != 1 || got[0].Value != tt.want {
			t.Errorf("%q shown as %+v, want %q", tt.in, got, tt.want)
		}
	}
}
