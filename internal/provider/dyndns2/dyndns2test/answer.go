package dyndns2test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
)

// look is how one service answers, beyond what the preset says.
type look struct {
	authStatus   int    // status of badauth (and of a missing Authorization)
	nohostStatus int    // status of an answer that is only failures
	noAuthBody   string // body when no Authorization header came
	maxHosts     int
	atomic       bool // one line for every name, all or nothing (deSEC)
	bareGood     bool // success lines name no address
	good, nochg  string
}

func lookOf(p dyndns2.Preset) look {
	l := look{authStatus: http.StatusOK, nohostStatus: http.StatusOK, noAuthBody: "badauth",
		maxHosts: max(p.MaxHosts, 1), good: "good", nochg: "nochg"}
	for word, means := range p.Words {
		if means == "good" {
			l.good = word
		} else {
			l.nochg = word
		}
	}
	switch p.Name {
	case "desec":
		l.authStatus, l.nohostStatus, l.atomic, l.bareGood = http.StatusUnauthorized, http.StatusNotFound, true, true
	case "nsupdateinfo":
		l.authStatus = http.StatusUnauthorized
	case "noip":
		// inadyn PR #40: no Authorization header gets a plain 401 text.
		l.noAuthBody = "This service requires basic http authentication"
	case "infomaniak":
		// badauth and nohost come with HTTP 400 (qdm12/ddns-updater infomaniak).
		l.authStatus, l.nohostStatus = http.StatusBadRequest, http.StatusBadRequest
	case "ydns":
		// "good" alone on success (https://ydns.io/api/v1); the error statuses are inferred.
		l.authStatus, l.nohostStatus, l.bareGood = http.StatusUnauthorized, http.StatusNotFound, true
	case "ipv64":
		l.authStatus = http.StatusUnauthorized // inferred from qdm12/ddns-updater ipv64
	case "domeneshop":
		l.authStatus, l.nohostStatus = http.StatusUnauthorized, http.StatusNotFound
	}
	return l
}

func (s *Server) write(w http.ResponseWriter, status int, body string) {
	if s.p.StatusOnly && status == http.StatusOK {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body + "\n"))
}

// op is what a request does to one family: nothing, set, or delete (set
// with no address).
type op struct {
	set  bool
	addr netip.Addr
}

// addresses reads the request's addresses as the preset sends them.
func (s *Server) addresses(q url.Values, remote string) (v4, v6 op, ok bool) {
	src := sourceAddr(remote)
	var list []string
	switch s.p.V6 {
	case dyndns2.V6Preserve:
		return s.preserve(q, src)
	case dyndns2.V6Param:
		list = append(splitList(q.Get("myip")), splitList(q.Get("myipv6"))...)
	default:
		list = splitList(q.Get(s.ipParam()))
		if s.p.V6 != dyndns2.V6Comma && len(list) > 1 {
			return op{}, op{}, false
		}
	}
	if len(list) == 0 {
		list = []string{src.String()}
	}
	for _, f := range list {
		a, err := netip.ParseAddr(f)
		switch {
		case err != nil:
			return op{}, op{}, false
		case a.Is4() && !v4.set:
			v4 = op{true, a}
		case a.Is6() && !a.Is4In6() && !v6.set && s.p.V6 != dyndns2.V6None:
			v6 = op{true, a}
		default:
			return op{}, op{}, false
		}
	}
	return v4, v6, true
}

// preserve reads deSEC's myipv4/myipv6: an address sets, "preserve" keeps,
// empty deletes, and an absent parameter takes the connection's address
// for its family and deletes the other family's record.
func (s *Server) preserve(q url.Values, src netip.Addr) (v4, v6 op, ok bool) {
	read := func(param string, want4 bool) (op, bool) {
		if _, present := q[param]; !present {
			if src.Is4() == want4 {
				return op{true, src}, true
			}
			return op{set: true}, true
		}
		switch v := q.Get(param); v {
		case "preserve":
			return op{}, true
		case "":
			return op{set: true}, true
		default:
			a, err := netip.ParseAddr(v)
			return op{true, a}, err == nil && a.Is4() == want4
		}
	}
	v4, ok4 := read("myipv4", true)
	v6, ok6 := read("myipv6", false)
	return v4, v6, ok4 && ok6
}

func (s *Server) ipParam() string {
	if s.p.IPParam != "" {
		return s.p.IPParam
	}
	return "myip"
}

// apply publishes to names and answers; s.mu is held.
func (s *Server) apply(w http.ResponseWriter, names []string, v4, v6 op) {
	if s.look.atomic || s.p.StatusOnly {
		for _, n := range names {
			if s.hosts[strings.ToLower(n)] == nil {
				s.write(w, s.look.nohostStatus, "nohost")
				return
			}
		}
	}
	var lines []string
	failures := 0
	for _, n := range names {
		h := s.hosts[strings.ToLower(n)]
		switch {
		case !strings.Contains(n, "."):
			lines, failures = append(lines, "notfqdn"), failures+1
		case h == nil:
			lines, failures = append(lines, "nohost"), failures+1
		default:
			lines = append(lines, s.set(h, v4, v6))
		}
	}
	status := http.StatusOK
	if failures == len(names) {
		status = s.look.nohostStatus
	}
	if s.look.atomic {
		lines = lines[:1]
	}
	s.write(w, status, strings.Join(lines, "\n"))
}

// set changes h and returns its answer line.
func (s *Server) set(h *addrs, v4, v6 op) string {
	s.updates++
	word := s.look.nochg
	var echo []string
	for _, c := range []struct {
		op
		cur *netip.Addr
	}{{v4, &h.v4}, {v6, &h.v6}} {
		if !c.set {
			continue
		}
		if *c.cur != c.addr {
			word = s.look.good
		}
		*c.cur = c.addr
		if c.addr.IsValid() {
			echo = append(echo, c.addr.String())
		}
	}
	if s.look.bareGood || len(echo) == 0 {
		return word
	}
	return word + " " + strings.Join(echo, ",")
}
