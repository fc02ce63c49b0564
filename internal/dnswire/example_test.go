package dnswire_test

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/ddns-pi/ddns/internal/dnswire"
)

// An IP-discovery source: Cloudflare answers whoami.cloudflare, class CH,
// with the asker's address in a TXT record. (Compiled, not run: no
// network in tests.)
func ExampleQuery() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rrs, err := dnswire.Query(ctx, "1.1.1.1:53", "whoami.cloudflare", dnswire.TypeTXT, dnswire.ClassCH)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rr := range rrs {
		texts, err := rr.TXT()
		if err != nil || len(texts) != 1 {
			continue
		}
		if addr, err := netip.ParseAddr(texts[0]); err == nil {
			fmt.Println(addr)
		}
	}
}
