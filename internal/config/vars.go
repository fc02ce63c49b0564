package config

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

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

var secretType = reflect.TypeOf(secretpkg.Secret{}).String()

// Vars lists the variables envconfig reads into spec (a pointer to a
// struct of split_words fields) with prefix DDNS, in field order. It names
// them the way envconfig does (a test checks the two agree); asking
// envconfig itself (its Usagef) would link text/template, whose reflective
// method calls cost the binary about 1.6 MiB.
func Vars(spec any) []Var {
	var out []Var
	t := reflect.TypeOf(spec).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("ignored") == "true" {
			continue
		}
		if f.Tag.Get("split_words") != "true" || f.Tag.Get("envconfig") != "" {
			panic(fmt.Sprintf("config: %s.%s: settings fields use split_words and no explicit name", t, f.Name))
		}
		typ := f.Type.String()
		out = append(out, Var{Name: "DDNS_" + envName(f.Name), Kind: kindOf(typ), Default: f.Tag.Get("default"),
			Required: f.Tag.Get("required") == "true", Help: f.Tag.Get("desc"), Secret: typ == secretType})
	}
	return out
}

// These are envconfig's own expressions for splitting a field name into
// words ("TSIGKeyName" -> TSIG, Key, Name).
var (
	gatherWords = regexp.MustCompile("([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+)")
	acronym     = regexp.MustCompile("([A-Z]+)([A-Z][^A-Z]+)")
)

func envName(field string) string {
	var name []string
	for _, w := range gatherWords.FindAllString(field, -1) {
		if m := acronym.FindStringSubmatch(w); len(m) == 3 {
			name = append(name, m[1], m[2])
		} else {
			name = append(name, w)
		}
	}
	return strings.ToUpper(strings.Join(name, "_"))
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
