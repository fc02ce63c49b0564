package main

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkRun is the `go test -bench` view of one pass of a ddns binary
// against the dreamhost fake: ns/op is the whole pass as a timer sees it
// (process start to exit), and the metrics are what scripts/bench.sh
// reports. It needs a built binary:
//
//	DDNS_BENCH_BIN=$PWD/dist/bench/bin/ddns_amd64 go test -run '^$' -bench . ./scripts/bench
func BenchmarkRun(b *testing.B) {
	bin := os.Getenv("DDNS_BENCH_BIN")
	if bin == "" {
		b.Skip("DDNS_BENCH_BIN is not set (scripts/bench.sh builds dist/bench/bin/ddns_<arch>)")
	}
	for _, tc := range []struct {
		name    string
		changed bool
	}{{"unchanged", false}, {"changed", true}} {
		b.Run(tc.name, func(b *testing.B) {
			bn, stop, err := newBench(b.TempDir(), time.Now(), b.N)
			if err != nil {
				b.Fatal(err)
			}
			defer stop()
			c := ddnsCase{bin: bin, kind: providerKinds()[0], hosts: 1, changed: tc.changed, runs: b.N}
			s, err := bn.runDDNS(context.Background(), c)
			if err != nil {
				b.Fatal(err)
			}
			// ns/op also counts the priming run and each run's repeat under
			// GNU time; wall-ms/op is the timed run alone.
			b.ReportMetric(s.WallMs.Median, "wall-ms/op")
			b.ReportMetric(s.MaxRSSKiB.Median, "maxrss-KiB")
			b.ReportMetric(s.CPUMs.Median, "cpu-ms/op")
			b.ReportMetric(s.Echo.Median, "echo-req/op")
			b.ReportMetric(s.Provider.Median, "provider-req/op")
		})
	}
}
