package provider

import "fmt"

// TTLRange is the DDNS_TTL a service accepts, for its Settings.Validate:
// Min to Max seconds, and Special too when SpecialMeans is not "" (1 for
// Cloudflare's "automatic", 0 for "the zone's default").
type TTLRange struct {
	Service      string // as messages name it: "GoDaddy"
	Min, Max     int
	Default      int // the setting's default, named in the message
	Special      int
	SpecialMeans string
}

// Check is nil when ttl is in the range, else the error naming the
// setting, the value and what to use instead.
func (r TTLRange) Check(ttl int) error {
	if (ttl >= r.Min && ttl <= r.Max) || (r.SpecialMeans != "" && ttl == r.Special) {
		return nil
	}
	use := fmt.Sprintf("%d to %d seconds", r.Min, r.Max)
	if r.SpecialMeans != "" {
		use = fmt.Sprintf("%d (%s) or %s", r.Special, r.SpecialMeans, use)
	}
	return fmt.Errorf("DDNS_TTL=%d is out of range for %s; use %s (%d is the default)", ttl, r.Service, use, r.Default)
}
