package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeJSON stores the figures for comparison between commits.
func writeJSON(dir string, r *results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("results dir: %w", err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	path := filepath.Join(dir, "results.json")
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// writeMarkdown prints the tables: runs, ratios, scale, sizes, targets.
func writeMarkdown(w io.Writer, r *results) {
	fmt.Fprintf(w, "## ddns benchmark\n\n%s, %s, commit %s, %s. Median (min-max) of %d runs (scale: up to %d);"+
		" all over HTTPS on loopback, CA via SSL_CERT_FILE, SSL_CERT_DIR=/nonexistent."+
		" Wall and user+sys from wait4 of each run; peak RSS from a repeat of the run under GNU time;"+
		" requests as counted by the fakes.\n\n",
		r.Time.Format("2006-01-02 15:04 MST"), r.Host, orDash(r.Commit), r.Go, r.Settings.Runs, r.Settings.ScaleRuns)
	fmt.Fprintln(w, "| program | run | wall ms | user+sys ms | peak RSS MiB | echo req | provider req |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, p := range r.DDNS {
		runRow(w, "ddns ("+p.Provider+")", "unchanged", p.Unchanged)
		runRow(w, "ddns ("+p.Provider+")", "changed", p.Changed)
	}
	for _, v := range r.Rivals {
		name := fmt.Sprintf("%s %s (dyndns2, %s)", v.Name, v.Version, v.Transport)
		runRow(w, name, "unchanged", v.Unchanged)
		runRow(w, name, "changed", v.Changed)
	}
	writeRatios(w, r)
	writeScale(w, r)
	if len(r.Sizes) > 0 {
		fmt.Fprintln(w, "\n| build (stripped, static) | size |\n|---|---|")
		for _, s := range r.Sizes {
			fmt.Fprintf(w, "| %s | %.2f MiB (%d bytes) |\n", s.Platform, float64(s.Bytes)/mib, s.Bytes)
		}
	}
	fmt.Fprintln(w, "\n| target | measured | verdict |\n|---|---|---|")
	for _, t := range r.Targets {
		fmt.Fprintf(w, "| %s | %s | %s |\n", t.Target, t.Measured, verdict(t))
	}
	writeInit(w, r.InitTrace)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "\n- error: %s", e)
	}
	fmt.Fprintln(w)
}

func runRow(w io.Writer, prog, run string, s series) {
	if s.Runs == 0 {
		fmt.Fprintf(w, "| %s | %s | did not run | | | | |\n", prog, run)
		return
	}
	fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", prog, run, ms(s.WallMs), ms(s.CPUMs),
		kibAsMiB(s.MaxRSSKiB), countRange(s.Echo), countRange(s.Provider))
}

func writeRatios(w io.Writer, r *results) {
	if len(r.Rivals) == 0 {
		return
	}
	fmt.Fprintln(w, "\n| ratio (medians) | unchanged wall | changed wall | unchanged RSS | changed RSS |\n|---|---|---|---|---|")
	for _, p := range r.DDNS {
		for _, v := range r.Rivals {
			fmt.Fprintf(w, "| ddns (%s) / %s | %s | %s | %s | %s |\n", p.Provider, v.Name,
				ratio(p.Unchanged.WallMs, v.Unchanged.WallMs), ratio(p.Changed.WallMs, v.Changed.WallMs),
				ratio(p.Unchanged.MaxRSSKiB, v.Unchanged.MaxRSSKiB), ratio(p.Changed.MaxRSSKiB, v.Changed.MaxRSSKiB))
		}
	}
}

func writeScale(w io.Writer, r *results) {
	fmt.Fprintln(w, "\n| scale (all records changed) | records | provider delay | wall ms | provider req (listings) | TLS conns | peak RSS MiB |\n|---|---|---|---|---|---|---|")
	for _, p := range r.DDNS {
		for _, s := range p.Scale {
			if s.Result.Runs == 0 {
				fmt.Fprintf(w, "| ddns (%s) | %d | %d ms | did not run | | | |\n", p.Provider, s.Records, s.DelayMs)
				continue
			}
			fmt.Fprintf(w, "| ddns (%s) | %d | %d ms | %s | %s (%s) | %s | %s |\n", p.Provider, s.Records, s.DelayMs,
				ms(s.Result.WallMs), countRange(s.Result.Provider), countRange(s.Result.Listings),
				countRange(s.Result.Conns), kibAsMiB(s.Result.MaxRSSKiB))
		}
	}
	fmt.Fprintf(w, "\nScale runs are timed under GNU time (its few ms included); a point stops after %s of runs.\n",
		scaleBudget)
}

func writeInit(w io.Writer, t initTrace) {
	if len(t.Top) == 0 {
		return
	}
	fmt.Fprintf(w, "\nStart-up (GODEBUG=inittrace=1, one unchanged run): package inits take %.2f ms in all; the largest:", t.TotalMs)
	for i, c := range t.Top[:min(5, len(t.Top))] {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(w, "%s %s %.2f ms (%d KiB)", sep, c.Package, c.ClockMs, c.Bytes/1024)
	}
	fmt.Fprintln(w, ".")
}

func ms(s spread) string { return fmt.Sprintf("%.1f (%.1f-%.1f)", s.Median, s.Min, s.Max) }

func kibAsMiB(s spread) string {
	return fmt.Sprintf("%.1f (%.1f-%.1f)", s.Median/1024, s.Min/1024, s.Max/1024)
}

func ratio(a, b spread) string {
	if a.Median == 0 || b.Median == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a.Median/b.Median)
}

// verdict words a target; a functional miss fails the bench, so it says so.
func verdict(t targetResult) string {
	switch {
	case t.Pass:
		return "pass"
	case t.Functional:
		return "**FAIL**"
	}
	return "**miss**"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
