package dnswire

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

func testKey(alg string) Key { return Key{Name: "DDNS-Key", Algorithm: alg, Secret: testSecret} }

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

var allAlgorithms = []string{"hmac-sha1", "hmac-sha224", "HMAC-SHA256", "hmac-sha384.", "hmac-sha512"}

// TestSignMiekgVerifies: miekg verifies what Sign signs, for every
// algorithm, and refuses it after any change.
func TestSignMiekgVerifies(t *testing.T) {
	t.Parallel()
	for _, alg := range allAlgorithms {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			m := NewUpdate("example.test")
			m.ID = 4242
			m.Authority = []RR{DeleteRRset("home.example.test", TypeA)}
			wire, err := m.Pack()
			if err != nil {
				t.Fatal(err)
			}
			signed, mac, err := Sign(wire, testKey(alg), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			// miekg's TsigVerify rewrites the buffer it is given: give it copies.
			if err := dns.TsigVerify(append([]byte(nil), signed...), b64(testSecret), "", false); err != nil {
				t.Fatalf("miekg: %v", err)
			}
			var mm dns.Msg
			if err := mm.Unpack(signed); err != nil {
				t.Fatal(err)
			}
			ts := mm.IsTsig()
			canon, _ := Algorithm(alg)
			if ts == nil || ts.Hdr.Name != "ddns-key." || ts.Algorithm != canon || ts.Fudge != 300 ||
				ts.OrigId != 4242 || ts.MAC != hex.EncodeToString(mac) {
				t.Errorf("TSIG = %v", ts)
			}
			for _, i := range []int{3, len(wire) - 1, len(signed) - 1} {
				bad := append([]byte(nil), signed...)
				bad[i] ^= 1
				if dns.TsigVerify(bad, b64(testSecret), "", false) == nil {
					t.Errorf("miekg verifies the message with byte %d changed", i)
				}
			}
		})
	}
}

// answer is a response to our signed request (ID and MAC), which miekg
// packs and, unless edit says otherwise, signs with secret.
func answer(t *testing.T, req []byte, reqMAC []byte, secret []byte, edit func(*dns.Msg, *dns.TSIG)) []byte {
	t.Helper()
	var q dns.Msg
	if err := q.Unpack(req); err != nil {
		t.Fatal(err)
	}
	r := new(dns.Msg).SetReply(&q)
	r.Extra = nil
	r.Compress = true
	r.Answer = []dns.RR{mustRR(t, "home.example.test. 60 IN A 192.0.2.1"), mustRR(t, "home.example.test. 60 IN A 192.0.2.2")}
	qt := q.IsTsig()
	r.SetTsig(qt.Hdr.Name, qt.Algorithm, 300, time.Now().Unix())
	ts := r.Extra[0].(*dns.TSIG)
	ts.OrigId = q.Id
	if edit != nil {
		edit(r, ts)
	}
	wire, _, err := dns.TsigGenerate(r, b64(secret), hex.EncodeToString(reqMAC), false)
	if err != nil {
		t.Fatal(err)
	}
	return wire
}

func signedRequest(t *testing.T, key Key) (wire, mac []byte) {
	t.Helper()
	m := NewQuery("home.example.test", TypeA, ClassIN)
	m.ID = 777
	wire, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	wire, mac, err = Sign(wire, key, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return wire, mac
}

// TestVerifyMiekgSigned: Verify accepts answers miekg signs and refuses
// every kind of wrong one.
func TestVerifyMiekgSigned(t *testing.T) {
	t.Parallel()
	other := []byte("another secret, just as long....")
	tests := []struct {
		name   string
		secret []byte
		mac    func([]byte) []byte       // the request MAC given to Verify
		edit   func(*dns.Msg, *dns.TSIG) // before signing
		mangle func([]byte)              // after signing
		now    time.Duration
		want   error
	}{
		{name: "good"},
		{name: "good, clock 299s off", now: 299 * time.Second},
		{name: "other secret", secret: other, want: ErrBadSignature},
		{name: "other request MAC", mac: func(b []byte) []byte { return append([]byte{1}, b[1:]...) }, want: ErrBadSignature},
		{name: "other key name", edit: func(_ *dns.Msg, ts *dns.TSIG) { ts.Hdr.Name = "other-key." }, want: ErrBadSignature},
		{name: "other algorithm", edit: func(_ *dns.Msg, ts *dns.TSIG) {
			ts.Algorithm = map[bool]string{true: dns.HmacSHA256, false: dns.HmacSHA1}[ts.Algorithm == dns.HmacSHA1]
		}, want: ErrBadSignature},
		{name: "ID changed on the way", edit: func(m *dns.Msg, _ *dns.TSIG) { m.Id++ }}, // the MAC covers the original ID
		{name: "answer changed on the way", mangle: func(b []byte) { b[3] ^= 5 }, want: ErrBadSignature},
		{name: "clock an hour off", now: time.Hour, want: ErrBadTime},
		{name: "unsigned", edit: func(m *dns.Msg, _ *dns.TSIG) { m.Extra = nil }, want: ErrUnsigned},
	}
	for _, alg := range allAlgorithms {
		for _, tc := range tests {
			t.Run(alg+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				key := testKey(alg)
				req, mac := signedRequest(t, key)
				secret := testSecret
				if tc.secret != nil {
					secret = tc.secret
				}
				var wire []byte
				if tc.want == ErrUnsigned {
					var q dns.Msg
					_ = q.Unpack(req)
					wire, _ = new(dns.Msg).SetRcode(&q, dns.RcodeSuccess).Pack()
				} else {
					wire = answer(t, req, mac, secret, tc.edit)
				}
				if tc.mangle != nil {
					tc.mangle(wire)
				}
				r, err := Parse(wire)
				if err != nil {
					t.Fatal(err)
				}
				if tc.mac != nil {
					mac = tc.mac(mac)
				}
				err = r.Verify(key, mac, time.Now().Add(tc.now))
				if !errors.Is(err, tc.want) {
					t.Fatalf("Verify = %v, want %v", err, tc.want)
				}
				if len(r.Answer) != 2 && tc.want != ErrUnsigned {
					t.Errorf("%d answers", len(r.Answer))
				}
			})
		}
	}
}

// TestServerTSIGErrors: refusals come back as *TSIGError, with the
// server's time for BADTIME.
func TestServerTSIGErrors(t *testing.T) {
	t.Parallel()
	key := testKey("hmac-sha256")
	serverNow := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, code := range []uint16{dns.RcodeBadSig, dns.RcodeBadKey, dns.RcodeBadTime} {
		req, mac := signedRequest(t, key)
		wire := answer(t, req, mac, testSecret, func(m *dns.Msg, ts *dns.TSIG) {
			m.Rcode = dns.RcodeNotAuth
			m.Answer = nil
			ts.Error = code
			if code == dns.RcodeBadTime {
				ts.OtherLen = 6
				ts.OtherData = hex.EncodeToString(appendUint48(nil, uint64(serverNow.Unix())))
			}
		})
		r, err := Parse(wire)
		if err != nil {
			t.Fatal(err)
		}
		err = r.Verify(key, mac, time.Now())
		var te *TSIGError
		if !errors.As(err, &te) || te.Code != code || r.Rcode != RcodeNotAuth {
			t.Fatalf("code %d: Verify = %v, rcode %d", code, err, r.Rcode)
		}
		if !strings.Contains(err.Error(), RcodeName(int(code))) {
			t.Errorf("error %q does not name %s", err, RcodeName(int(code)))
		}
		if code == dns.RcodeBadTime && !te.ServerTime.Equal(serverNow) {
			t.Errorf("server time = %v, want %v", te.ServerTime, serverNow)
		}
	}
}

func TestSignRefuses(t *testing.T) {
	t.Parallel()
	wire, _ := NewQuery("x", TypeA, ClassIN).Pack()
	for _, k := range []Key{
		{Name: "k", Algorithm: "hmac-md5", Secret: testSecret},
		{Name: "k", Algorithm: "gss-tsig", Secret: testSecret},
		{Name: ".", Algorithm: "hmac-sha256", Secret: testSecret},
		{Name: "a..b", Algorithm: "hmac-sha256", Secret: testSecret},
		{Name: "k", Algorithm: "hmac-sha256"},
	} {
		if _, _, err := Sign(wire, k, time.Now()); err == nil {
			t.Errorf("Sign with %+v worked", k)
		}
	}
	if _, _, err := Sign(wire[:5], testKey("hmac-sha256"), time.Now()); err == nil {
		t.Error("Sign of 5 bytes worked")
	}
}

func TestAlgorithm(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"HMAC-SHA256": "hmac-sha256.", " hmac-sha1. ": "hmac-sha1.", "hmac-sha512": "hmac-sha512."} {
		if got, ok := Algorithm(in); !ok || got != want {
			t.Errorf("Algorithm(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"hmac-md5", "hmac-md5.sig-alg.reg.int", "", "sha256"} {
		if _, ok := Algorithm(in); ok {
			t.Errorf("Algorithm(%q) is supported", in)
		}
	}
}
