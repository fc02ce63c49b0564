package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"sort"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/dreamhost/dreamhosttest"
	"github.com/ddns-pi/ddns/internal/provider/namecheap/namecheaptest"
)

// fake is what fakeserver needs of a provider fake: the handler, its
// request count, and the A record it now serves for a host label. The fakes
// themselves live beside each provider's package.
type fake interface {
	http.Handler
	Requests() int
	Updates() int
	Addr(host string) netip.Addr
}

// fakes is the table of providers fakeserver can stand in for.
var fakes = map[string]func(domain, password string, hosts []string) fake{
	"namecheap": func(domain, password string, hosts []string) fake {
		return namecheapFake{namecheaptest.New(domain, password, hosts...)}
	},
	"dreamhost": func(domain, password string, _ []string) fake {
		// DreamHost creates records on demand: hosts need no setup.
		return dreamhostFake{dreamhosttest.New(password, domain), domain}
	},
}

// namecheapFake: every Namecheap request is an update.
type namecheapFake struct{ *namecheaptest.Server }

func (f namecheapFake) Updates() int { return f.Requests() }

// dreamhostFake: an update is an add_record (the remove of the old value
// follows it); lookups are dns-list_records.
type dreamhostFake struct {
	*dreamhosttest.Server
	domain string
}

func (f dreamhostFake) Updates() int { return f.CountCmd("dns-add_record") }

// Addr is the last A value served for host (zero if none).
func (f dreamhostFake) Addr(host string) netip.Addr {
	vals := f.Values(provider.Record{Domain: f.domain, Host: host}.FQDN(), "A")
	if len(vals) == 0 {
		return netip.Addr{}
	}
	addr, _ := netip.ParseAddr(vals[len(vals)-1])
	return addr
}

func providerNames() []string {
	names := make([]string, 0, len(fakes))
	for n := range fakes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func newFake(name, domain, password string, hosts []string) (fake, error) {
	mk, ok := fakes[name]
	if !ok {
		return nil, fmt.Errorf("-provider %q: not one of %s", name, strings.Join(providerNames(), ", "))
	}
	return mk(domain, password, hosts), nil
}

// echo is the address-echo service: what "what is my IP" sites answer.
type echo struct {
	mu       sync.Mutex
	addr     netip.Addr
	requests int
}

func (e *echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.requests++
	addr := e.addr
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, addr)
}

// set handles POST /control/ip: the body is the echo's next answer.
func (e *echo) set(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 100))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	addr, err := netip.ParseAddr(strings.TrimSpace(string(body)))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.addr = addr
	e.mu.Unlock()
	fmt.Fprintln(w, addr)
}

// stats is the JSON a shell test reads with jq or grep.
type stats struct {
	ProviderRequests int               `json:"provider_requests"` // every request, lookups too
	ProviderUpdates  int               `json:"provider_updates"`  // update attempts: every Namecheap request, every DreamHost dns-add_record, failed ones too
	EchoRequests     int               `json:"echo_requests"`
	EchoIP           string            `json:"echo_ip"`
	Hosts            map[string]string `json:"hosts"` // label -> published address ("" never set)
}

func newMux(f fake, hosts []string, echoIP netip.Addr) *http.ServeMux {
	e := &echo{addr: echoIP}
	mux := http.NewServeMux()
	mux.Handle("GET /ip", e)
	mux.HandleFunc("POST /control/ip", e.set)
	mux.HandleFunc("GET /control/stats", func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		s := stats{EchoRequests: e.requests, EchoIP: e.addr.String(), Hosts: map[string]string{}}
		e.mu.Unlock()
		s.ProviderRequests = f.Requests()
		s.ProviderUpdates = f.Updates()
		for _, h := range hosts {
			s.Hosts[h] = ""
			if a := f.Addr(h); a.IsValid() {
				s.Hosts[h] = a.String()
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s)
	})
	d := &delay{}
	mux.HandleFunc("POST /control/delay", d.set)
	mux.Handle("/", d.wrap(f))
	return mux
}
