package main

import (
	"slices"
	"time"
)

// series summarises several runs of one scenario: the median is the figure,
// min and max are the spread.
type series struct {
	Runs      int    `json:"runs"`
	WallMs    spread `json:"wall_ms"`
	CPUMs     spread `json:"cpu_ms"`
	MaxRSSKiB spread `json:"max_rss_kib"`
	RSSRuns   int    `json:"rss_runs"`
	Echo      spread `json:"echo_requests"`
	Provider  spread `json:"provider_requests"`
	Listings  spread `json:"listings"`
	Conns     spread `json:"provider_connections"`
	samples   []sample
}

type spread struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func summarise(ss []sample) series {
	pick := func(f func(sample) float64) spread {
		v := make([]float64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		return spreadOf(v)
	}
	var rss []float64 // only the runs measured under GNU time
	for _, s := range ss {
		if s.MaxRSS > 0 {
			rss = append(rss, float64(s.MaxRSS))
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return series{
		Runs:      len(ss),
		WallMs:    pick(func(s sample) float64 { return ms(s.Wall) }),
		CPUMs:     pick(func(s sample) float64 { return ms(s.CPU) }),
		MaxRSSKiB: spreadOf(rss),
		RSSRuns:   len(rss),
		Echo:      pick(func(s sample) float64 { return float64(s.Echo) }),
		Provider:  pick(func(s sample) float64 { return float64(s.Provider) }),
		Listings:  pick(func(s sample) float64 { return float64(s.Listings) }),
		Conns:     pick(func(s sample) float64 { return float64(s.Conns) }),
		samples:   ss,
	}
}

// spreadOf returns the median (mean of the middle two for an even count)
// and the extremes; an empty input gives zeros.
func spreadOf(v []float64) spread {
	if len(v) == 0 {
		return spread{}
	}
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	med := v[n/2]
	if n%2 == 0 {
		med = (v[n/2-1] + v[n/2]) / 2
	}
	return spread{Median: med, Min: v[0], Max: v[n-1]}
}
