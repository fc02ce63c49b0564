package main

import (
	"context"
	"fmt"
	"time"
)

// job is one program measured the same way whoever wrote it.
type job struct {
	argv, env []string
	dir       string
	prov      *counted
	changed   bool
	runs      int
	prime     func() // before the priming run
	before    func() // before each measured run
	listings  func() int
	// budget stops measuring once the runs so far took this long (at
	// least one run is always made): keeps 1000 slow records affordable.
	budget time.Duration
	// wrapped times the runs under GNU time itself instead of repeating
	// each under it for the peak RSS: for runs of seconds, where its few
	// ms do not matter and a repeat would.
	wrapped bool
}

// rssRun repeats a run under GNU time for its peak RSS, in the same
// state as the timed run (a changed run gets a new address again).
func (b *bench) rssRun(ctx context.Context, j job) (int64, error) {
	if j.changed {
		b.echo.Set(b.newAddr())
	}
	if j.before != nil {
		j.before()
	}
	s, err := spawnRSS(ctx, j.argv, j.env, j.dir)
	return s.MaxRSS, err
}

// measure makes one priming run (state and caches hold the current
// address afterwards, and the binary is in the page cache), then j.runs
// measured runs, each with fresh request counts, and each followed by a
// run under GNU time for the peak RSS (or itself under it: j.wrapped).
func (b *bench) measure(ctx context.Context, j job) (series, error) {
	b.echo.Set(b.newAddr())
	if j.prime != nil {
		j.prime()
	}
	if _, err := spawn(ctx, j.argv, j.env, j.dir); err != nil {
		return series{}, fmt.Errorf("prime run: %w", err)
	}
	var out []sample
	var spent time.Duration
	for range j.runs {
		if j.budget > 0 && spent >= j.budget {
			break
		}
		s, err := b.measureOne(ctx, j)
		if err != nil {
			return series{}, err
		}
		spent += s.Wall
		out = append(out, s)
	}
	return summarise(out), nil
}

// measureOne is one measured run with fresh request counts, and its peak
// RSS from a repeat under GNU time (or from itself: j.wrapped).
func (b *bench) measureOne(ctx context.Context, j job) (sample, error) {
	if j.changed {
		b.echo.Set(b.newAddr())
	}
	if j.before != nil {
		j.before()
	}
	b.echoN.Reset()
	j.prov.Reset()
	listed := count(j.listings)
	run := spawn
	if j.wrapped {
		run = spawnRSS
	}
	s, err := run(ctx, j.argv, j.env, j.dir)
	if err != nil {
		return s, err
	}
	s.Echo, s.Provider, s.Conns = b.echoN.Requests(), j.prov.Requests(), j.prov.Conns()
	s.Listings = count(j.listings) - listed
	if !j.wrapped {
		s.MaxRSS, err = b.rssRun(ctx, j)
	}
	return s, err
}

// count calls f, or returns 0 for a nil f.
func count(f func() int) int {
	if f == nil {
		return 0
	}
	return f()
}
