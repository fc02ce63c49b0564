// Package all is the explicit registry of DNS providers: the one place that
// lists them, imported only by cmd/ddns. Adding a provider is one line here.
package all

import (
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/provider/bunny"
	"github.com/ddns-pi/ddns/internal/provider/cloudflare"
	"github.com/ddns-pi/ddns/internal/provider/custom"
	"github.com/ddns-pi/ddns/internal/provider/digitalocean"
	"github.com/ddns-pi/ddns/internal/provider/dreamhost"
	"github.com/ddns-pi/ddns/internal/provider/duckdns"
	"github.com/ddns-pi/ddns/internal/provider/dyndns2"
	"github.com/ddns-pi/ddns/internal/provider/dynv6"
	"github.com/ddns-pi/ddns/internal/provider/freedns"
	"github.com/ddns-pi/ddns/internal/provider/gandi"
	"github.com/ddns-pi/ddns/internal/provider/godaddy"
	"github.com/ddns-pi/ddns/internal/provider/hetzner"
	"github.com/ddns-pi/ddns/internal/provider/ionos"
	"github.com/ddns-pi/ddns/internal/provider/linode"
	"github.com/ddns-pi/ddns/internal/provider/namecheap"
	"github.com/ddns-pi/ddns/internal/provider/namesilo"
	"github.com/ddns-pi/ddns/internal/provider/netcup"
	"github.com/ddns-pi/ddns/internal/provider/porkbun"
	"github.com/ddns-pi/ddns/internal/provider/rfc2136"
	"github.com/ddns-pi/ddns/internal/provider/route53"
	"github.com/ddns-pi/ddns/internal/provider/scaleway"
	"github.com/ddns-pi/ddns/internal/provider/vultr"
)

// Factories returns every provider, in the order `ddns help` lists them.
// It builds a new slice each call, so callers cannot change the registry.
func Factories() []provider.Factory {
	return append([]provider.Factory{
		namecheap.Factory,
		dreamhost.Factory,
		rfc2136.Factory,
		digitalocean.Factory,
		gandi.Factory,
		hetzner.Factory,
		porkbun.Factory,
		linode.Factory,
		ionos.Factory,
		scaleway.Factory,
		bunny.Factory,
		netcup.Factory,
		freedns.Factory,
		cloudflare.Factory,
		duckdns.Factory,
		custom.Factory,
		godaddy.Factory,
		vultr.Factory,
		route53.Factory,
		namesilo.Factory,
		dynv6.Factory,
	},
		dyndns2.Factories()...,
	)
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
