// Package jsonresttest holds what the fakes of the JSON REST providers
// share: writing a JSON answer, reading a JSON body, reading a bearer
// token, and the record names the conformance harnesses use.
package jsonresttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
)

// WriteJSON answers status with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ReadJSON decodes r's body (at most 1 MiB) into v.
func ReadJSON(r *http.Request, v any) bool {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v) == nil
}

// Bearer is the token of an "Authorization: Bearer" header, "" without one.
func Bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return h[7:]
	}
	return ""
}

// Segments splits a path after prefix into its parts; ok is false when the
// path does not start with prefix.
func Segments(path, prefix string) ([]string, bool) {
	rest, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return nil, false
	}
	rest = strings.Trim(rest, "/")
	if rest == "" {
		return nil, true
	}
	return strings.Split(rest, "/"), true
}

// Placeholder is the prefix of the addresses harnesses seed existing
// records with (TEST-NET-2); the conformance suite only ever sends
// 203.0.113.0/24 and 2001:db8::/32.
var Placeholder = netip.MustParsePrefix("198.51.100.0/24")

// Published is what a harness reports for a name whose A and AAAA values
// are values: every address, except that a family holding nothing but
// one placeholder counts as empty. The suite expects a record ddns never
// touched to publish nothing, and the harness needs existing records to
// prove their other fields are kept; a duplicate beside the placeholder
// still shows it.
func Published(values []string) []netip.Addr {
	var v4, v6 []netip.Addr
	for _, v := range values {
		a, err := netip.ParseAddr(v)
		switch {
		case err != nil:
		case a.Is4():
			v4 = append(v4, a)
		default:
			v6 = append(v6, a)
		}
	}
	var out []netip.Addr
	for _, fam := range [][]netip.Addr{v4, v6} {
		if len(fam) == 1 && Placeholder.Contains(fam[0]) {
			continue
		}
		out = append(out, fam...)
	}
	return out
}

// Fakes keeps every fake a conformance run started. Harness.Others is not
// told which case's fake to read, and the cases run in parallel, so a
// harness reports how many fakes hold rec with other fields that differ
// from the seed (Changed). A correct provider keeps that at zero; a
// provider that changes them makes the count grow during the case's own
// update, whatever the other cases do meanwhile.
type Fakes[T any] struct {
	mu  sync.Mutex
	all []T
}

// Add remembers f and returns it.
func (s *Fakes[T]) Add(f T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = append(s.all, f)
	return f
}

// Changed counts the fakes for which changed is true.
func (s *Fakes[T]) Changed(changed func(T) bool) string {
	s.mu.Lock()
	all := slices.Clone(s.all)
	s.mu.Unlock()
	n := 0
	for _, f := range all {
		if changed(f) {
			n++
		}
	}
	return fmt.Sprintf("%d fakes hold the record with other fields changed", n)
}
