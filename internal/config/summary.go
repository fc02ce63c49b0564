package config

import (
	"fmt"
	"net/netip"
	"reflect"
	"regexp"
	"strings"
)

// KV is one line of the effective settings.
type KV struct {
	Key   string
	Value string
}

// sharedBlanks is what Summary shows for an empty shared setting that has
// a meaning of its own.
var sharedBlanks = map[string]string{
	"DDNS_SERVER":      "(provider's default)",
	"DDNS_IP_SOURCES":  "(defaults)",
	"DDNS_IP":          "(detect)",
	"DDNS_IP6_SOURCES": "(defaults)",
	"DDNS_IP6":         "(detect)",
}

// Summary lists the effective shared settings for "ddns check". Secrets
// show only as "[redacted]" and where they came from.
func (c Config) Summary() []KV {
	out := []KV{{ConfigVar, c.configLine()}}
	return append(out, Summarize(&c, c.SecretSources, sharedBlanks)...)
}

// Summarize lists every variable of spec (a pointer to a settings struct)
// with its value as a user would write it; blanks gives the text for an
// empty value (default "(not set)"). Secrets never show.
func Summarize(spec any, sources map[string]string, blanks map[string]string) []KV {
	var out []KV
	values := fieldValues(spec)
	for i, v := range Vars(spec) {
		shown := show(values[i])
		switch {
		case shown == "" && blanks[v.Name] != "":
			shown = blanks[v.Name]
		case shown == "":
			shown = "(not set)"
		case v.Secret && sources[v.Name] != "":
			shown += " (from " + sources[v.Name] + ")"
		}
		out = append(out, KV{v.Name, shown})
	}
	return out
}

// String is the summary as "KEY=value" lines, safe to print or log.
func (c Config) String() string {
	var b strings.Builder
	for _, kv := range c.Summary() {
		b.WriteString(kv.Key + "=" + kv.Value + "\n")
	}
	return b.String()
}

// fieldValues returns spec's fields in the order Vars lists them.
func fieldValues(spec any) []reflect.Value {
	var out []reflect.Value
	s := reflect.ValueOf(spec).Elem()
	for f := 0; f < s.NumField(); f++ {
		if s.Field(f).CanSet() && s.Type().Field(f).Tag.Get("ignored") != "true" {
			out = append(out, s.Field(f))
		}
	}
	return out
}

// show formats one field; "" means empty.
func show(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case []string:
		return strings.Join(x, ",")
	case netip.Addr:
		if !x.IsValid() {
			return ""
		}
		return x.String()
	case fmt.Stringer:
		return x.String() // Secret shows "[redacted]" or ""
	}
	if v.Kind() == reflect.String {
		return safeURL(v.String())
	}
	return fmt.Sprint(v.Interface())
}

func (c Config) configLine() string {
	if c.ConfigPath == "" {
		return "(none)"
	}
	if !c.ConfigFound {
		return c.ConfigPath + " (not found; environment only)"
	}
	return c.ConfigPath
}

// placeholderOnly matches a query value that is one {placeholder}.
var placeholderOnly = regexp.MustCompile(`^\{[a-z0-9]+\}$`)

// safeURL shows a URL-valued setting (a custom update URL) without what a
// user may have pasted into it: user information is dropped and a query
// value that is not a {placeholder} (a key written out) shows as "...".
// Any other text is returned as it is.
func safeURL(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	rest, query, hasQuery := strings.Cut(rest, "?")
	authority, path, hasPath := strings.Cut(rest, "/")
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = authority[i+1:]
	}
	out := scheme + "://" + authority
	if hasPath {
		out += "/" + path
	}
	if !hasQuery {
		return out
	}
	parts := strings.Split(query, "&")
	for i, kv := range parts {
		if k, v, _ := strings.Cut(kv, "="); !placeholderOnly.MatchString(v) {
			parts[i] = k + "=..."
		}
	}
	return out + "?" + strings.Join(parts, "&")
}
