package config

import (
	"fmt"
	"strings"

	secretpkg "github.com/ddns-pi/ddns/internal/secret"
)

// Identity returns "NAME=value" for every variable of spec, secrets
// revealed, for hashing into a refusal fingerprint only: the result must
// never be printed or stored.
func Identity(spec any) []string {
	var out []string
	values := fieldValues(spec)
	for i, v := range Vars(spec) {
		val := values[i].Interface()
		if s, ok := val.(secretpkg.Secret); ok {
			val = s.Reveal()
		}
		if l, ok := val.([]string); ok {
			val = strings.Join(l, ",")
		}
		out = append(out, fmt.Sprintf("%s=%v", v.Name, val))
	}
	return out
}

// SecretValues returns the value of every set secret of spec, for binding
// into a redactor.
func SecretValues(spec any) []string {
	var out []string
	for _, f := range secretFields(spec) {
		if s := f.Interface().(secretpkg.Secret); s.IsSet() {
			out = append(out, s.Reveal())
		}
	}
	return out
}
