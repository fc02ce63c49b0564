package secret

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestNeverPrints(t *testing.T) {
	t.Parallel()
	const value = "hunter2-very-secret"
	s := New(value)
	wrapped := struct{ Key Secret }{s}
	j, err := json.Marshal(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := s.MarshalText()
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s),
		"%d": fmt.Sprintf("%d", s), "%x": fmt.Sprintf("%x", s), "%#v": fmt.Sprintf("%#v", s),
		"%+v struct": fmt.Sprintf("%+v", wrapped), "%#v struct": fmt.Sprintf("%#v", wrapped),
		"json": string(j), "text": string(txt),
	}
	for name, out := range outputs {
		if strings.Contains(out, value) || strings.Contains(out, fmt.Sprintf("%x", value)) {
			t.Errorf("%s shows the secret: %s", name, out)
		}
		if !strings.Contains(out, Redacted) {
			t.Errorf("%s = %q, want it to say %s", name, out, Redacted)
		}
	}
	if s.Reveal() != value || !s.IsSet() {
		t.Error("Reveal or IsSet lost the value")
	}
	var d Secret
	if err := d.Decode(value); err != nil || d.Reveal() != value {
		t.Errorf("Decode: %v, %q", err, d.Reveal())
	}
}
