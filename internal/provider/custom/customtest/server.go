// Package customtest is a made-up update service for testing the custom
// provider: it documents itself here, as no real service stands behind
// it. One endpoint, /update/{name} (the name may also come as a
// parameter), takes its parameters from the query, a JSON object or a
// form: name, ip (either family), ip6, user and key. Answers, as text:
//
//	200 good <ip>     the name now holds the address
//	401 badauth       wrong user or key (with Faults.Echo: the echo text)
//	404 nohost        the name is not in the account
//	400 badip         an address that does not parse
//
// It keeps every request's raw query and body, so tests can check the
// escaping.
package customtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider/providertest"
)

// Server is one account. Safe for concurrent use.
type Server struct {
	providertest.Faults

	user, key string
	handler   http.Handler

	mu    sync.Mutex
	names map[string]*[2]netip.Addr
	seen  []Seen
}

// Seen is one request as received.
type Seen struct {
	Method, Path, RawPath, RawQuery, ContentType, Body string
}

// New returns an account for user and key holding names.
func New(user, key string, names ...string) *Server {
	s := &Server{user: user, key: key, names: map[string]*[2]netip.Addr{}}
	for _, n := range names {
		s.names[n] = &[2]netip.Addr{}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/update/{name}", s.update)
	mux.HandleFunc("/update", s.update)
	s.handler = s.Faults.Wrap(mux)
	return s
}

// ServeHTTP applies the injected faults, then answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Addrs is what name publishes (A, AAAA).
func (s *Server) Addrs(name string) [2]netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.names[name]; a != nil {
		return *a
	}
	return [2]netip.Addr{}
}

// Seen lists every request received.
func (s *Server) Seen() []Seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Seen(nil), s.seen...)
}

func (s *Server) params(r *http.Request) (url.Values, []byte) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	p := r.URL.Query()
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		var m map[string]string
		if json.Unmarshal(body, &m) == nil {
			for k, v := range m {
				p.Set(k, v)
			}
		}
	case "application/x-www-form-urlencoded":
		if f, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range f {
				p[k] = v
			}
		}
	}
	if n := r.PathValue("name"); n != "" {
		p.Set("name", n)
	}
	return p, body
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	p, body := s.params(r)
	s.mu.Lock()
	s.seen = append(s.seen, Seen{r.Method, r.URL.Path, r.URL.RawPath, r.URL.RawQuery, r.Header.Get("Content-Type"), string(body)})
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if text, ok := s.Echo(p.Get("key")); ok {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, "badauth "+text)
		return
	}
	answer := func(code int, text string) { w.WriteHeader(code); fmt.Fprint(w, text) }
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.names[p.Get("name")]
	switch {
	case p.Get("user") != s.user || p.Get("key") != s.key:
		answer(http.StatusUnauthorized, "badauth")
		return
	case rec == nil:
		answer(http.StatusNotFound, "nohost")
		return
	}
	var set []netip.Addr
	for _, k := range []string{"ip", "ip6"} {
		if v := p.Get(k); v != "" {
			a, err := netip.ParseAddr(v)
			if err != nil {
				answer(http.StatusBadRequest, "badip")
				return
			}
			set = append(set, a)
		}
	}
	for _, a := range set {
		if a.Is4() {
			rec[0] = a
		} else {
			rec[1] = a
		}
	}
	answer(http.StatusOK, fmt.Sprintf("good %v", set))
}
