package cloudflare

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// Failed envelopes as client projects captured them from the real API.
func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		text   string
	}{
		{"invalid api token", 400, `{"success":false,"errors":[{"code":1000,"message":"Invalid API Token"}],"messages":[],"result":null}`,
			provider.ErrAuth, "1000 Invalid API Token; ddns needs an API token with Zone:Zone:Read and Zone:DNS:Edit"},
		{"invalid access token", 401, `{"success":false,"errors":[{"code":9109,"message":"Invalid access token"}]}`, provider.ErrAuth, "9109"},
		{"permission", 403, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}`, provider.ErrAuth, "10000"},
		{"header chain", 400, `{"success":false,"errors":[{"code":6003,"message":"Invalid request headers","error_chain":[{"code":6111,"message":"Invalid format for Authorization header"}]}]}`,
			provider.ErrAuth, "6003 Invalid request headers; 6111 Invalid format"},
		{"unknown code on 401", 401, `{"success":false,"errors":[{"code":12345,"message":"new words"}]}`, provider.ErrAuth, "new words"},
		{"ttl", 400, `{"success":false,"errors":[{"code":9021,"message":"TTL must be between 30 and 86400 seconds, or 1 for Automatic."}]}`,
			provider.ErrRefused, "9021"},
		{"content", 400, `{"success":false,"errors":[{"code":9005,"message":"Content for A record is invalid."}]}`, provider.ErrRefused, "9005"},
		{"route", 400, `{"success":false,"errors":[{"code":7003,"message":"Could not route"},{"code":7000,"message":"No route for that URI"}]}`,
			provider.ErrBadResponse, "looks it up again"},
		{"unknown code", 400, `{"success":false,"errors":[{"code":99999,"message":"something new"}]}`, provider.ErrBadResponse, "HTTP 400: 99999 something new"},
		{"unknown code on 403", 403, `{"success":false,"errors":[{"code":99999,"message":"x"}]}`, provider.ErrBadResponse, "99999"},
		{"no errors", 400, `{"success":false,"errors":[]}`, provider.ErrBadResponse, "without errors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, err := decode([]byte(tc.body))
			if err != nil || *env.Success {
				t.Fatalf("decode = %+v, %v", env, err)
			}
			err = classify(tc.status, env.Errors, provider.OneLine)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("classify = %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
}

func TestDecodeNeedsSuccess(t *testing.T) {
	t.Parallel()
	for _, body := range []string{``, `<html>`, `{}`, `{"result":[]}`, `[]`, `{"success":"yes"}`, `null`} {
		if _, err := decode([]byte(body)); err == nil {
			t.Errorf("decode(%q) succeeded", body)
		}
	}
}

func TestIdentical(t *testing.T) {
	t.Parallel()
	err := classify(400, []apiError{{Code: 81058, Message: "An identical record already exists."}}, provider.OneLine)
	if err != errIdentical || provider.Permanent(err) {
		t.Errorf("81058 = %v, want errIdentical (temporary if ever seen outside a write)", err)
	}
}

// FuzzEnvelope: no panic, and every failed envelope maps to a sentinel.
func FuzzEnvelope(f *testing.F) {
	f.Add([]byte(`{"success":false,"errors":[{"code":6003,"message":"m","error_chain":[{"code":6111,"message":"n"}]}]}`))
	f.Add([]byte(`{"success":true,"errors":[],"result":[{"id":"1","content":"203.0.113.7"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decode(body)
		if err != nil || *env.Success {
			var recs []dnsRecord
			_ = json.Unmarshal(env.Result, &recs)
			return
		}
		err = classify(400, env.Errors, provider.OneLine)
		if !provider.Permanent(err) && !errors.Is(err, provider.ErrBadResponse) {
			t.Fatalf("classify %v wraps no sentinel", err)
		}
	})
}
