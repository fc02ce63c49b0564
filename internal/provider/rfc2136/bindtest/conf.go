package bindtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// confTemplate keeps named inside dir: no rndc, no recursion, no files
// outside the test's directory, IPv4 loopback only.
var confTemplate = template.Must(template.New("named.conf").Parse(`options {
	directory "{{.Dir}}";
	pid-file "{{.Dir}}/named.pid";
	session-keyfile "{{.Dir}}/session.key";
	managed-keys-directory "{{.Dir}}";
	listen-on port {{.Port}} { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
	allow-query { any; };
};
controls { };
{{range .Keys}}key "{{.Name}}" {
	algorithm {{.Algorithm}};
	secret "{{.Secret}}";
};
{{end}}zone "{{.Zone}}" {
	type primary;
	file "{{.Dir}}/zone.db";
	update-policy {
{{range .Policy}}		{{.}};
{{end}}	};
};
`))

func (s *Server) write(cfg Config, port int) error {
	policy := cfg.Policy
	if len(policy) == 0 {
		policy = []string{fmt.Sprintf("grant %s zonesub ANY", cfg.Keys[0].Name)}
	}
	var conf strings.Builder
	err := confTemplate.Execute(&conf, map[string]any{
		"Dir": s.dir, "Port": port, "Keys": cfg.Keys, "Zone": strings.TrimSuffix(s.Zone, "."), "Policy": policy,
	})
	if err != nil {
		return err
	}
	zone := fmt.Sprintf("$ORIGIN %s\n$TTL 300\n"+
		"@ IN SOA ns.%s hostmaster.%s 1 3600 600 86400 300\n"+
		"@ IN NS ns.%s\n"+
		"ns IN A 127.0.0.1\n%s\n",
		s.Zone, s.Zone, s.Zone, s.Zone, strings.Join(cfg.Records, "\n"))
	if err := os.WriteFile(filepath.Join(s.dir, "named.conf"), []byte(conf.String()), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.dir, "zone.db"), []byte(zone), 0o600)
}
