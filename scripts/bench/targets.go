package main

import "fmt"

// targetResult is one goal of the benchmark and how this run met it.
type targetResult struct {
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Pass     bool   `json:"pass"`
	// Functional targets fail the bench; the others are reported only.
	Functional bool `json:"functional,omitempty"`
}

const mib = 1024 * 1024

// evaluate checks every target that this run has figures for; a target
// whose inputs are missing (a rival not installed, a scenario that failed)
// is reported as a miss with the reason.
func evaluate(r *results) []targetResult {
	var out []targetResult
	ddc, ina := r.rival("ddclient"), r.rival("inadyn")
	for _, p := range r.DDNS {
		out = append(out, unchangedTarget(p))
		out = append(out, ratioTarget(p.Provider+": changed-run wall <= 1/4 ddclient", "ddclient",
			p.Changed.WallMs.Median, rivalFigure(ddc, func(s series) float64 { return s.WallMs.Median }), 0.25,
			func(v float64) string { return fmt.Sprintf("%.1f ms", v) }))
		out = append(out, ratioTarget(p.Provider+": changed-run peak RSS <= 1.5x inadyn", "inadyn",
			p.Changed.MaxRSSKiB.Median, rivalFigure(ina, func(s series) float64 { return s.MaxRSSKiB.Median }), 1.5,
			func(v float64) string { return fmt.Sprintf("%.1f MiB", v/1024) }))
		rss := p.Changed.MaxRSSKiB.Median / 1024
		out = append(out, targetResult{Target: p.Provider + ": changed-run peak RSS <= 9 MiB (the issue's reading of 1.5x inadyn)",
			Measured: fmt.Sprintf("%.1f MiB", rss), Pass: p.Changed.Runs > 0 && rss <= 9})
		out = append(out, scaleTargets(p)...)
	}
	for _, s := range r.Sizes {
		if s.Platform == "linux/arm64" {
			// A hard limit: a Pi's SD card and RAM are small (the suite fails).
			out = append(out, targetResult{Target: "stripped linux/arm64 <= 7 MiB",
				Measured: fmt.Sprintf("%.2f MiB", float64(s.Bytes)/mib), Pass: s.Bytes <= 7*mib, Functional: true})
		}
	}
	return out
}

func unchangedTarget(p providerResult) targetResult {
	u := p.Unchanged
	ok := u.Runs > 0 && u.Echo.Min == 1 && u.Echo.Max == 1 && u.Provider.Max == 0
	return targetResult{Target: p.Provider + ": unchanged run = 1 exchange, 0 provider requests",
		Measured: fmt.Sprintf("echo %s, provider %s (%d runs)", countRange(u.Echo), countRange(u.Provider), u.Runs),
		Pass:     ok, Functional: true}
}

// rivalFigure is f of the rival's changed run, or 0 when it did not run.
func rivalFigure(r *rivalResult, f func(series) float64) float64 {
	if r == nil || r.Changed.Runs == 0 {
		return 0
	}
	return f(r.Changed)
}

func ratioTarget(name, rival string, ours, theirs, limit float64, unit func(float64) string) targetResult {
	if ours == 0 || theirs == 0 {
		return targetResult{Target: name, Measured: "no figure for ddns or " + rival}
	}
	q := ours / theirs
	return targetResult{Target: name, Measured: fmt.Sprintf("%.2fx (%s / %s)", q, unit(ours), unit(theirs)), Pass: q <= limit}
}

func scaleTargets(p providerResult) []targetResult {
	var one, hundred, thousand *series
	for i := range p.Scale {
		switch s := &p.Scale[i]; s.Records {
		case 1:
			one = &s.Result
		case 100:
			hundred = &s.Result
		case 1000:
			thousand = &s.Result
		}
	}
	var out []targetResult
	if hundred != nil && hundred.Runs > 0 {
		out = append(out, targetResult{Target: p.Provider + ": 100 records at 50 ms <= 0.5 s",
			Measured: fmt.Sprintf("%.0f ms", hundred.WallMs.Median), Pass: hundred.WallMs.Median <= 500})
	}
	if one != nil && thousand != nil && one.Runs > 0 && thousand.Runs > 0 {
		g := (thousand.MaxRSSKiB.Median - one.MaxRSSKiB.Median) / 1024
		out = append(out, targetResult{Target: p.Provider + ": 1000 records RSS growth < 5 MiB over 1",
			Measured: fmt.Sprintf("%+.1f MiB", g), Pass: g < 5})
	}
	return out
}

func (r *results) rival(name string) *rivalResult {
	for i := range r.Rivals {
		if r.Rivals[i].Name == name {
			return &r.Rivals[i]
		}
	}
	return nil
}

// functionalOK is false when a target that fails the suite was missed: an
// unchanged run that made the wrong requests, or a binary over 7 MiB.
func functionalOK(r *results) bool {
	for _, t := range r.Targets {
		if t.Functional && !t.Pass {
			return false
		}
	}
	return true
}

func countRange(s spread) string {
	if s.Min == s.Max {
		return fmt.Sprintf("%.0f", s.Min)
	}
	return fmt.Sprintf("%.0f-%.0f", s.Min, s.Max)
}
