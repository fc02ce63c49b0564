package textsafe

import "testing"

func TestURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://dyn.example.net/update", "https://dyn.example.net/update"},
		{"https://u:pw@dyn.example.net/nic/update?password=pw&x=1#frag", "https://dyn.example.net/nic/update"},
		{"http://203.0.113.99:8080/collect?k=czNjcmV0", "http://203.0.113.99:8080/collect"},
		{"https://x/?", "https://x/"},
		{"/relative/path?token=t", "/relative/path"},
		// Does not parse (bad escape, bad port): cut by hand.
		{"https://u:pw@host/p%zz?password=pw", "https://host/p%zz"},
		{"http://h:port/x?key=k", "http://h:port/x"},
		{"https://x/\x1b[2J?k=v", `https://x/\x1b[2J`}, // does not parse: escaped
	}
	for _, tc := range tests {
		if got := URL(tc.in); got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURLsIn(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`Get "https://dyn.example.net/update?host=a&password=s%2bcret": EOF`, `Get "https://dyn.example.net/update": EOF`},
		{`<a href="http://u:p@x.example/login?next=%2F&k=1">here</a>`, `<a href="http://x.example/login">here</a>`},
		{`moved to https:\/\/x.example\/a?key=k"`, `moved to https:\/\/x.example\/a"`},
		{"no url here, key=value", "no url here, key=value"},
	}
	for _, tc := range tests {
		if got := URLsIn(tc.in); got != tc.want {
			t.Errorf("URLsIn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"::ffff:127.0.0.1": true, "example.com": false, "10.0.0.1": false, "": false,
		"localhost.example.com": false, "::": false, "0.0.0.0": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
