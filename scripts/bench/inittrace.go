package main

import (
	"bufio"
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// initCost is one package's init as GODEBUG=inittrace=1 reports it.
type initCost struct {
	Package string  `json:"package"`
	ClockMs float64 `json:"clock_ms"`
	Bytes   int64   `json:"bytes"`
	Allocs  int64   `json:"allocs"`
}

// parseInitTrace reads lines like
// "init crypto/tls @0.9 ms, 0.12 ms clock, 4512 bytes, 41 allocs"
// and returns them, the most expensive first; other lines are ignored.
func parseInitTrace(out string) []initCost {
	var costs []initCost
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// init PKG @T ms, C ms clock, B bytes, A allocs
		if len(f) != 11 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		clock, err1 := strconv.ParseFloat(f[4], 64)
		bytes, err2 := strconv.ParseInt(f[7], 10, 64)
		allocs, err3 := strconv.ParseInt(f[9], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		costs = append(costs, initCost{Package: f[1], ClockMs: clock, Bytes: bytes, Allocs: allocs})
	}
	slices.SortStableFunc(costs, func(a, b initCost) int { return cmp.Compare(b.ClockMs, a.ClockMs) })
	return costs
}
