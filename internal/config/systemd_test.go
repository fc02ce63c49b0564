package config

import (
	"strings"
	"testing"
)

func TestSystemdPitfalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"clean", "# c\nDDNS_DOMAIN=example.com\nDDNS_HOSTS='a #b'\n", nil},
		{"export", "export DDNS_DOMAIN=example.com\n", []string{"line 1:", "DDNS_DOMAIN=... without it"}},
		{"trailing comment", "\nDDNS_HOSTS=home # mine\n", []string{"line 2:", "DDNS_HOSTS's value"}},
		{"quoted value with comment is fine", "DDNS_HOSTS=\"home\" # mine\n", nil},
		{"secret not echoed", "DDNS_API_PASSWORD=hunter2 # old one\n", []string{"DDNS_API_PASSWORD"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := strings.Join(SystemdPitfalls(strings.NewReader(tc.file)), "\n")
			if tc.want == nil && got != "" {
				t.Errorf("unexpected warnings: %s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("warnings %q lack %q", got, w)
				}
			}
			if strings.Contains(got, "hunter2") {
				t.Errorf("warning quotes the value: %s", got)
			}
		})
	}
}
