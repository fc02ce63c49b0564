package config

import (
	"errors"
	"strings"
	"testing"
)

func TestParseEnvFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want map[string]string
	}{
		{name: "plain", in: "A=1\nB=two\n", want: map[string]string{"A": "1", "B": "two"}},
		{name: "no final newline", in: "A=1", want: map[string]string{"A": "1"}},
		{name: "blank and comment lines", in: "\n# a comment\n   # indented\n\t\nA=1\n", want: map[string]string{"A": "1"}},
		{name: "export prefix", in: "export A=1\nexport\tB=2\n", want: map[string]string{"A": "1", "B": "2"}},
		{name: "name starting with export", in: "exported=1\n", want: map[string]string{"exported": "1"}},
		{name: "whitespace around", in: "  A = 1  \n\tB=\t2\n", want: map[string]string{"A": "1", "B": "2"}},
		{name: "CRLF line ends", in: "A=1\r\nB='x y'\r\n", want: map[string]string{"A": "1", "B": "x y"}},
		{name: "byte order mark", in: "\uFEFFA=1\n", want: map[string]string{"A": "1"}},
		{name: "empty value", in: "A=\nB=''\nC=\"\"\n", want: map[string]string{"A": "", "B": "", "C": ""}},
		{name: "empty value then comment", in: "A= # later\n", want: map[string]string{"A": ""}},
		{name: "trailing comment on bare value", in: "A=1 # one\nB=2\t# two\n", want: map[string]string{"A": "1", "B": "2"}},
		{name: "hash inside bare value", in: "A=pa#ss\n", want: map[string]string{"A": "pa#ss"}},
		{name: "dollar stays literal", in: "A=$HOME\n", want: map[string]string{"A": "$HOME"}},
		{name: "single quotes are literal", in: `A='a "b" \n $c # d'` + "\n", want: map[string]string{"A": `a "b" \n $c # d`}},
		{name: "single quotes then comment", in: "A='x' # note\n", want: map[string]string{"A": "x"}},
		{name: "double quote escapes", in: `A="q\" b\\ d\$ n\n"` + "\n", want: map[string]string{"A": `q" b\ d$ n\n`}},
		{name: "double quotes keep spaces and hash", in: `A="home, www # not a comment"` + "\n", want: map[string]string{"A": "home, www # not a comment"}},
		{name: "double quotes then comment", in: `A="x"  # note` + "\n", want: map[string]string{"A": "x"}},
		{name: "equals in value", in: "A=b=c\n", want: map[string]string{"A": "b=c"}},
		{name: "later line wins", in: "A=1\nA=2\n", want: map[string]string{"A": "2"}},
		{name: "lowercase and underscore names", in: "_a1=x\n", want: map[string]string{"_a1": "x"}},
		{name: "empty input", in: "", want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseEnvFile(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ParseEnvFile: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for k, v := range tt.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("%s = %q (set %v), want %q", k, g, ok, v)
				}
			}
		})
	}
}

// The values below all contain "Sw0rdfish", which no error may repeat.
func TestParseEnvFileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		wantLine string
		wantKey  string // "" when the line has no valid name
	}{
		{name: "no equals sign", in: "A=1\nSw0rdfish\n", wantLine: "line 2"},
		{name: "bad name", in: "Sw0rdfish!=x\n", wantLine: "line 1"},
		{name: "name starting with a digit", in: "1Sw0rdfish=x\n", wantLine: "line 1"},
		{name: "empty name", in: "=Sw0rdfish\n", wantLine: "line 1"},
		{name: "unclosed single quote", in: "\n\nDDNS_API_PASSWORD='Sw0rdfish\n", wantLine: "line 3", wantKey: "DDNS_API_PASSWORD"},
		{name: "unclosed double quote", in: `P="Sw0rdfish\"` + "\n", wantLine: "line 1", wantKey: "P"},
		{name: "junk after single quote", in: "P='a'Sw0rdfish\n", wantLine: "line 1", wantKey: "P"},
		{name: "comment without space after quote", in: `P="Sw0rdfish"#x` + "\n", wantLine: "line 1", wantKey: "P"},
		{name: "space in bare value", in: "P=Sw0rd fish\n", wantLine: "line 1", wantKey: "P"},
		{name: "quote inside bare value", in: "P=Sw0rd'fish'\n", wantLine: "line 1", wantKey: "P"},
		{name: "backslash in bare value", in: `P=Sw0rd\fish` + "\n", wantLine: "line 1", wantKey: "P"},
		{name: "line too long", in: "P=Sw0rdfish" + strings.Repeat("x", maxLine) + "\n", wantLine: "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseEnvFile(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ParseEnvFile = %q, want an error", got)
			}
			msg := err.Error()
			if !errors.Is(err, ErrConfig) {
				t.Errorf("error %q does not wrap ErrConfig", msg)
			}
			if strings.Contains(msg, "Sw0rd") || strings.Contains(msg, "fish") {
				t.Errorf("error %q repeats the value", msg)
			}
			if !strings.HasPrefix(msg, tt.wantLine+":") {
				t.Errorf("error %q does not start with %q", msg, tt.wantLine)
			}
			if tt.wantKey != "" && !strings.Contains(msg, tt.wantKey+":") {
				t.Errorf("error %q does not name %s", msg, tt.wantKey)
			}
		})
	}
}

// FuzzParseEnvFile checks that the parser never panics, that whatever it
// accepts survives a round trip through double quotes, and that an error
// never repeats the value of the line it rejects.
func FuzzParseEnvFile(f *testing.F) {
	for _, s := range []string{
		"A=1\n", "export A='x y' # c\n", `B="a\"b\\c\$d"`, "C= # x\n", "# c\n\nD=e#f\n",
		"E='unclosed\n", "F=a b\n", "=x\n", "\uFEFFG=1\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		env, err := ParseEnvFile(strings.NewReader(in))
		if err == nil {
			roundTrip(t, env)
		} else if !errors.Is(err, ErrConfig) {
			t.Fatalf("error %q does not wrap ErrConfig", err)
		}
		const marker = "Qx7Marker"
		if strings.Contains(in, marker) {
			return
		}
		_, err = ParseEnvFile(strings.NewReader("DDNS_API_PASSWORD=" + marker + in))
		if err != nil && strings.Contains(err.Error(), marker) {
			t.Fatalf("error %q repeats the value", err)
		}
	})
}

func roundTrip(t *testing.T, env map[string]string) {
	t.Helper()
	var b strings.Builder
	for k, v := range env {
		if !validName(k) {
			t.Fatalf("accepted invalid name %q", k)
		}
		if strings.ContainsAny(v, "\r\n") {
			return // cannot be written on one line
		}
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
		b.WriteString(k + `="` + r.Replace(v) + "\"\n")
	}
	back, err := ParseEnvFile(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("re-reading %q: %v", b.String(), err)
	}
	for k, v := range env {
		if back[k] != v {
			t.Fatalf("%s: %q became %q", k, v, back[k])
		}
	}
}
