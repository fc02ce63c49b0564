package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	c := validConfig()
	c.SecretSources = map[string]string{"DDNS_API_PASSWORD": "/etc/default/ddns"}
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := c.APIPassword.MarshalText()
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", c.APIPassword), "%s": fmt.Sprintf("%s", c.APIPassword),
		"%q": fmt.Sprintf("%q", c.APIPassword), "%d": fmt.Sprintf("%d", c.APIPassword),
		"%x": fmt.Sprintf("%x", c.APIPassword), "%#v": fmt.Sprintf("%#v", c.APIPassword),
		"%+v config": fmt.Sprintf("%+v", c), "%#v config": fmt.Sprintf("%#v", c),
		"json": string(j), "text": string(txt), "String": c.String(),
	}
	for name, out := range outputs {
		if strings.Contains(out, secret) || strings.Contains(fmt.Sprintf("%x", out), fmt.Sprintf("%x", secret)) {
			t.Errorf("%s shows the password: %s", name, out)
		}
		if !strings.Contains(out, redacted) {
			t.Errorf("%s = %q, want it to say %s", name, out, redacted)
		}
	}
	if c.APIPassword.Reveal() != secret {
		t.Errorf("Reveal lost the value")
	}
}

func TestSecretEmpty(t *testing.T) {
	t.Parallel()
	var s Secret
	j, _ := json.Marshal(s)
	if s.String() != "" || string(j) != `""` || s.IsSet() {
		t.Errorf("empty secret: String %q, JSON %s, IsSet %v", s.String(), j, s.IsSet())
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		modify   func(*Config)
		wantLine string
	}{
		{"secret from file", func(c *Config) { c.SecretSources = map[string]string{"DDNS_API_PASSWORD": "/run/pw"} }, "DDNS_API_PASSWORD=[redacted] (from /run/pw)"},
		{"secret not set", func(c *Config) { c.APIPassword = Secret{} }, "DDNS_API_PASSWORD=(not set)"},
		{"server default", func(c *Config) {}, "DDNS_SERVER=(provider's default)"},
		{"detect", func(c *Config) {}, "DDNS_IP=(detect)"},
		{"hosts", func(c *Config) {}, "DDNS_HOSTS=home,@,*,a.b,*.lan"},
		{"config not found", func(c *Config) { c.ConfigPath = "/etc/default/ddns" }, "DDNS_CONFIG=/etc/default/ddns (not found; environment only)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.modify(&c)
			out := c.String()
			if !strings.Contains(out, tt.wantLine+"\n") {
				t.Errorf("summary lacks %q:\n%s", tt.wantLine, out)
			}
			if strings.Contains(out, secret) {
				t.Errorf("summary shows the password:\n%s", out)
			}
		})
	}
}
