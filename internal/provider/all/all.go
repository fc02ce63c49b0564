// Package all is the explicit registry of DNS providers: the one place that
// lists them, imported only by cmd/ddns. Adding a provider is one line here.
package all

import (
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/dreamhost"
	"github.com/ddns-pi/ddns/internal/provider/dynv6"
	"github.com/ddns-pi/ddns/internal/provider/godaddy"
	"github.com/ddns-pi/ddns/internal/provider/namecheap"
	"github.com/ddns-pi/ddns/internal/provider/namesilo"
	"github.com/ddns-pi/ddns/internal/provider/rfc2136"
	"github.com/ddns-pi/ddns/internal/provider/route53"
	"github.com/ddns-pi/ddns/internal/provider/vultr"
)

// Factories returns every provider, in the order `ddns help` lists them.
// It builds a new slice each call, so callers cannot change the registry.
func Factories() []provider.Factory {
	return []provider.Factory{
		namecheap.Factory,
		dreamhost.Factory,
		rfc2136.Factory,
		godaddy.Factory,
		vultr.Factory,
		route53.Factory,
		namesilo.Factory,
		dynv6.Factory,
	}
}

// Lookup finds the provider named name (as written in DDNS_PROVIDER).
func Lookup(name string) (provider.Factory, bool) {
	for _, f := range Factories() {
		if f.Name == name {
			return f, true
		}
	}
	return provider.Factory{}, false
}
