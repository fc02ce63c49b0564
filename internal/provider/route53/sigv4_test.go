package route53

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSigV4Suite checks the signer against AWS's published Signature
// Version 4 test suite (aws-sig-v4-test-suite: credentials AKIDEXAMPLE /
// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, us-east-1,
// service "service"), whose expected signatures appear in the SigV4
// documentation's examples and AWS's own SDK tests.
func TestSigV4Suite(t *testing.T) {
	t.Parallel()
	at := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	s := signer{id: "AKIDEXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service"}
	tests := []struct {
		name, method, url, sig string
	}{
		{"get-vanilla", "GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1",
			"b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
		{"get-utf8", "GET", "https://example.amazonaws.com/\u1234", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
		{"post-vanilla", "POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tc.method, tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.sign(req, nil, at)
			want := "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
				"SignedHeaders=host;x-amz-date, Signature=" + tc.sig
			if got := req.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization =\n%s\nwant\n%s", got, want)
			}
			if got := req.Header.Get("X-Amz-Date"); got != "20150830T123600Z" {
				t.Errorf("X-Amz-Date = %q", got)
			}
		})
	}
}

func TestCanonicalQuery(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest("GET", "https://h/?b=2&a-b=x&a=1&a=0&sp=a%20b&star=%2A", nil)
	want := "a=0&a=1&a-b=x&b=2&sp=a%20b&star=%2A"
	if got := canonicalQuery(req.URL.Query()); got != want {
		t.Errorf("canonicalQuery = %q, want %q", got, want)
	}
	if got := canonicalPath("/2013-04-01/hostedzone/Z1/rrset/"); !strings.HasSuffix(got, "/rrset/") {
		t.Errorf("canonicalPath dropped the trailing slash: %q", got)
	}
}
