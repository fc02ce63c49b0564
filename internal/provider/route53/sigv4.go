package route53

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// signer signs requests with AWS Signature Version 4, as specified at
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html,
// signing only host and x-amz-date (all Route 53 needs) and the body's
// SHA-256. It is checked against AWS's published test suite (get-vanilla
// and friends) in sigv4_test.go.
type signer struct {
	id, secret      string
	region, service string
}

// sign sets X-Amz-Date and Authorization on req for body, at t.
func (s signer) sign(req *http.Request, body []byte, t time.Time) {
	t = t.UTC()
	stamp := t.Format("20060102T150405Z")
	day := stamp[:8]
	req.Header.Set("X-Amz-Date", stamp)
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	sum := sha256.Sum256(body)
	canonical := strings.Join([]string{
		req.Method,
		canonicalPath(req.URL.Path),
		canonicalQuery(req.URL.Query()),
		"host:" + strings.TrimSpace(host) + "\nx-amz-date:" + stamp + "\n",
		"host;x-amz-date",
		hex.EncodeToString(sum[:]),
	}, "\n")
	scope := day + "/" + s.region + "/" + s.service + "/aws4_request"
	creq := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(creq[:])
	key := mac([]byte("AWS4"+s.secret), day)
	for _, part := range []string{s.region, s.service, "aws4_request"} {
		key = mac(key, part)
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+s.id+"/"+scope+
		", SignedHeaders=host;x-amz-date, Signature="+hex.EncodeToString(mac(key, toSign)))
}

func mac(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// awsEscape percent-encodes every byte but the unreserved characters
// (A-Z a-z 0-9 - _ . ~), upper-case hex, as SigV4 requires.
func awsEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

// canonicalPath encodes each segment of the decoded path once.
func canonicalPath(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = awsEscape(s)
	}
	return strings.Join(segs, "/")
}

// canonicalQuery sorts the encoded parameters by name, then value.
func canonicalQuery(q url.Values) string {
	var pairs [][2]string
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, [2]string{awsEscape(k), awsEscape(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, "&")
}
