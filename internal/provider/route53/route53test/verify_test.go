package route53test

import (
	"net/http"
	"testing"
	"time"
)

// TestVerifyAWSSuite checks the fake's verifier accepts the published
// requests of AWS's SigV4 test suite and refuses them when a byte changes.
func TestVerifyAWSSuite(t *testing.T) {
	t.Parallel()
	secretOf := func(id string) (string, bool) {
		return "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", id == "AKIDEXAMPLE"
	}
	for _, tc := range []struct{ method, url, sig string }{
		{"GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
		{"GET", "https://example.amazonaws.com/\u1234", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
		{"POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
	} {
		req, _ := http.NewRequest(tc.method, tc.url, nil)
		req.Header.Set("X-Amz-Date", "20150830T123600Z")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "+
			"SignedHeaders=host;x-amz-date, Signature="+tc.sig)
		if code, msg := Verify(req, nil, "us-east-1", "service", secretOf, time.Time{}); code != "" {
			t.Errorf("%s %s: %s: %s", tc.method, tc.url, code, msg)
		}
		if code, _ := Verify(req, []byte("x"), "us-east-1", "service", secretOf, time.Time{}); code != "SignatureDoesNotMatch" {
			t.Errorf("%s %s with another body: code %q, want SignatureDoesNotMatch", tc.method, tc.url, code)
		}
		if code, _ := Verify(req, nil, "eu-west-1", "service", secretOf, time.Time{}); code != "SignatureDoesNotMatch" {
			t.Errorf("%s %s for another region: code %q, want SignatureDoesNotMatch", tc.method, tc.url, code)
		}
		at := time.Date(2015, 8, 30, 12, 52, 0, 0, time.UTC)
		if code, _ := Verify(req, nil, "us-east-1", "service", secretOf, at); code != "SignatureDoesNotMatch" {
			t.Errorf("%s %s 16 minutes late: code %q, want SignatureDoesNotMatch", tc.method, tc.url, code)
		}
	}
}
