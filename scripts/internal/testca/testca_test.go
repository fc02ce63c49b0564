package testca

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNew: a client that trusts only the written CA can reach the server
// over HTTPS at 127.0.0.1, and one that does not trust it cannot.
func TestNew(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ca.pem")
	ca, err := New(path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cfg := ca.ServerConfig()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = cfg
	srv.StartTLS()
	defer srv.Close()

	pem, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("written certificate does not parse")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("GET with the written certificate as the only root: %v", err)
	}
	resp.Body.Close()

	plain := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}}
	if resp, err := plain.Get(srv.URL); err == nil {
		resp.Body.Close()
		t.Error("a client without the certificate trusted the server")
	}
}
