package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
)

// serveTLS starts h on 127.0.0.1 with the bench leaf certificate, so clients
// trust it only through the CA file, as they would trust a real service.
// When h is a *counted, new connections are counted too: a client that
// does not reuse connections pays a TLS handshake per request.
func serveTLS(h http.Handler, leaf tls.Certificate) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	if c, ok := h.(*counted); ok {
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				c.conns.Add(1)
			}
		}
	}
	srv.StartTLS()
	return srv
}

// counted wraps a handler and counts the requests that reach it.
type counted struct {
	h     http.Handler
	n     atomic.Int64
	conns atomic.Int64
}

func (c *counted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.h.ServeHTTP(w, r)
}

// Requests is the number of requests since the last Reset.
func (c *counted) Requests() int { return int(c.n.Load()) }

// Conns is the number of connections accepted since the last Reset.
func (c *counted) Conns() int { return int(c.conns.Load()) }

// Reset zeroes the counts before a measured run.
func (c *counted) Reset() {
	c.n.Store(0)
	c.conns.Store(0)
}

// echo answers every request with the address it is told to answer, like
// ipify or icanhazip: one line of plain text.
type echo struct {
	mu   sync.Mutex
	addr netip.Addr
}

func (e *echo) Set(a netip.Addr) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.addr = a
}

func (e *echo) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	a := e.addr
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, a)
}
