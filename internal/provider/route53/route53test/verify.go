package route53test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Verify checks r's Signature Version 4 Authorization header the way AWS
// describes the server side
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// it rebuilds the canonical request from what arrived (method, path,
// query, the headers the client says it signed, the body's hash), derives
// the key from the secret of the access key id named in the credential
// scope, and compares. It is written apart from the client's signer, so
// that one's mistake is not the other's. It returns "" or the AWS error
// code and message. The scope must name region and service; a zero now
// skips the 15-minute clock check.
func Verify(r *http.Request, body []byte, region, service string, secretOf func(id string) (string, bool), now time.Time) (code, msg string) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return "MissingAuthenticationToken", "Missing Authentication Token"
	}
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/")
	if !ok || len(scope) != 5 || scope[4] != "aws4_request" || fields["SignedHeaders"] == "" || fields["Signature"] == "" {
		return "IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters."
	}
	if scope[2] != region || scope[3] != service {
		return "SignatureDoesNotMatch", fmt.Sprintf("Credential should be scoped to a valid region and service, not '%s/%s'.", scope[2], scope[3])
	}
	secret, known := secretOf(scope[0])
	if !known {
		return "InvalidClientTokenId", "The security token included in the request is invalid."
	}
	stamp := r.Header.Get("X-Amz-Date")
	at, err := time.Parse("20060102T150405Z", stamp)
	if err != nil || !strings.HasPrefix(stamp, scope[1]) {
		return "IncompleteSignature", "Date must be in ISO-8601 'basic format'."
	}
	if !now.IsZero() && (now.Sub(at) > 15*time.Minute || at.Sub(now) > 15*time.Minute) {
		return "SignatureDoesNotMatch", fmt.Sprintf("Signature expired: %s is now earlier than %s", stamp,
			now.UTC().Add(-15*time.Minute).Format("20060102T150405Z"))
	}
	var lines []string
	for _, h := range strings.Split(fields["SignedHeaders"], ";") {
		v := strings.Join(r.Header.Values(h), ",")
		if h == "host" {
			v = r.Host
		}
		lines = append(lines, h+":"+strings.Join(strings.Fields(v), " "))
	}
	if !strings.Contains(";"+fields["SignedHeaders"]+";", ";host;") {
		return "SignatureDoesNotMatch", "'Host' must be a signed header."
	}
	payload := sha256.Sum256(body)
	creq := r.Method + "\n" + uriPath(r.URL.Path) + "\n" + uriQuery(r.URL.RawQuery) + "\n" +
		strings.Join(lines, "\n") + "\n\n" + fields["SignedHeaders"] + "\n" + hex.EncodeToString(payload[:])
	creqHash := sha256.Sum256([]byte(creq))
	sts := "AWS4-HMAC-SHA256\n" + stamp + "\n" + strings.Join(scope[1:], "/") + "\n" + hex.EncodeToString(creqHash[:])
	k := []byte("AWS4" + secret)
	for _, part := range append(scope[1:], sts) {
		m := hmac.New(sha256.New, k)
		m.Write([]byte(part))
		k = m.Sum(nil)
	}
	if got, err := hex.DecodeString(fields["Signature"]); err != nil || !hmac.Equal(got, k) {
		return "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. " +
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	}
	return "", ""
}

// uri encodes as SigV4 says: unreserved bytes stay, the rest %XX.
func uri(s string) string {
	const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	out := ""
	for _, b := range []byte(s) {
		if strings.IndexByte(unreserved, b) >= 0 {
			out += string(b)
		} else {
			out += fmt.Sprintf("%%%02X", b)
		}
	}
	return out
}

func uriPath(p string) string {
	if p == "" {
		return "/"
	}
	parts := strings.Split(p, "/")
	for i := range parts {
		parts[i] = uri(parts[i])
	}
	return strings.Join(parts, "/")
}

func uriQuery(raw string) string {
	q, _ := url.ParseQuery(raw)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return uri(keys[i]) < uri(keys[j]) })
	var out []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			out = append(out, uri(k)+"="+uri(v))
		}
	}
	return strings.Join(out, "&")
}
