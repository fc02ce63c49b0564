package config

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/kelseyhightower/envconfig"

	secretpkg "github.com/ddns-pi/ddns/internal/secret"
)

// Var describes one variable of a settings struct, as envconfig names it.
type Var struct {
	Name     string // e.g. "DDNS_TSIG_KEY_NAME"
	Kind     string // what the value is: "text", "list", "duration", "boolean", "address", "number", "secret"
	Default  string
	Help     string // the field's desc tag
	Required bool
	Secret   bool // a secret.Secret field; it also has a NAME_FILE variant
}

// FileVariant is the variable that names a file holding secret v.
func (v Var) FileVariant() string { return v.Name + "_FILE" }

// varsFormat asks envconfig itself for each variable's name, so that the
// names listed, checked and documented are exactly the ones it reads.
const varsFormat = "{{range .}}{{.Key}}\x1f{{.Field.Type}}\x1f{{.Tags.Get \"default\"}}\x1f" +
	"{{.Tags.Get \"required\"}}\x1f{{.Tags.Get \"desc\"}}\x1e{{end}}"

var secretType = reflect.TypeOf(secretpkg.Secret{}).String()

// Vars lists the variables envconfig reads into spec (a pointer to a
// struct) with prefix DDNS, in field order.
func Vars(spec any) []Var {
	var buf bytes.Buffer
	if err := envconfig.Usagef("DDNS", spec, &buf, varsFormat); err != nil {
		panic(fmt.Sprintf("config: settings struct %T: %v", spec, err)) // a programming error
	}
	var out []Var
	for _, rec := range strings.Split(buf.String(), "\x1e") {
		f := strings.Split(rec, "\x1f")
		if len(f) != 5 {
			continue
		}
		out = append(out, Var{Name: f[0], Kind: kindOf(f[1]), Default: f[2], Required: f[3] == "true",
			Help: f[4], Secret: f[1] == secretType})
	}
	return out
}

func kindOf(goType string) string {
	switch goType {
	case secretType:
		return "secret"
	case "time.Duration":
		return "duration"
	case "bool":
		return "boolean"
	case "netip.Addr":
		return "address"
	case "[]string":
		return "list"
	case "int", "int64", "uint32", "uint16":
		return "number"
	}
	return "text"
}
