package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/state"
	"github.com/ddns-pi/ddns/internal/updater"
)

// cmdCheck validates the settings and prints the effective ones, secrets
// redacted, and what the chosen provider reads. It contacts nothing.
func (a *app) cmdCheck(ctx context.Context) error {
	s, err := a.loadChecked(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	lines := s.cfg.Summary()
	if s.own != nil {
		lines = append(lines, config.Summarize(s.own, s.sources, nil)...)
	}
	for _, kv := range lines {
		fmt.Fprintf(tw, "%s\t%s\n", kv.Key, kv.Value)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	warnings := append(s.warnings, pitfalls(s.cfg)...)
	if w := config.SecretFileWarning(a.getenv("DDNS_API_PASSWORD_FILE"), os.Geteuid()); w != "" {
		warnings = append(warnings, w)
	}
	for _, w := range warnings {
		fmt.Fprintln(a.stdout, "warning: "+w)
	}
	fmt.Fprintln(a.stdout, "configuration OK")
	return nil
}

// pitfalls lists the lines of the settings file that systemd's
// EnvironmentFile= would read differently from a hand run.
func pitfalls(cfg config.Config) []string {
	if !cfg.ConfigFound {
		return nil
	}
	f, err := os.Open(cfg.ConfigPath)
	if err != nil {
		return nil // Load already read it; nothing new to say
	}
	defer f.Close()
	var out []string
	for _, p := range config.SystemdPitfalls(f) {
		out = append(out, cfg.ConfigPath+" "+p)
	}
	return out
}

// cmdStatus prints what the state file says about every record. It needs
// only the state directory, so it works before the settings are complete.
// It fails (exit 3 or 1) when a record is refused or failing, so a
// monitoring check can run it.
func (a *app) cmdStatus(ctx context.Context) error {
	path, explicit := config.Path(a.getenv)
	info, err := config.ApplyFile(path, explicit, a.env)
	if err != nil {
		return err
	}
	cfg, err := config.Load(ctx, info)
	if err != nil {
		return err
	}
	file, err := state.New(cfg.StateDir).Load()
	if errors.Is(err, state.ErrCorrupt) {
		fmt.Fprintf(a.stdout, "state in %s is unusable (%v); the next run publishes again\n", cfg.StateDir, err)
		return nil
	}
	if err != nil {
		return namingStateDir(err)
	}
	if len(file.Records) == 0 {
		fmt.Fprintf(a.stdout, "no update yet (state directory %s)\n", cfg.StateDir)
		return nil
	}
	printStatus(a.stdout, file, time.Now())
	return statusVerdict(file)
}

// statusVerdict is the exit status of `ddns status`: a refusal outranks a
// failure, as in a run.
func statusVerdict(file state.File) error {
	var refused, failed int
	for _, r := range file.Records {
		switch r.Outcome {
		case state.Refused:
			refused++
		case state.Failed:
			failed++
		}
	}
	switch {
	case refused > 0:
		return fmt.Errorf("%w: %d record(s) refused by the provider", updater.ErrRefused, refused)
	case failed > 0:
		return fmt.Errorf("%w: %d record(s) failing", updater.ErrTemporary, failed)
	}
	return nil
}

func printStatus(w io.Writer, file state.File, now time.Time) {
	keys := make([]string, 0, len(file.Records))
	for k := range file.Records {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RECORD\tTYPE\tPUBLISHED\tSINCE\tLAST RUN\tOUTCOME")
	for _, k := range keys {
		r := file.Records[k]
		typ := r.Family.RecordType()
		ip, since := "-", "-"
		if r.IP.IsValid() {
			ip, since = r.IP.String(), ago(now, r.PublishedAt)
		}
		outcome := string(r.Outcome)
		if r.Error != "" {
			outcome += ": " + r.Error
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.FQDN, typ, ip, since, ago(now, r.LastAttempt), outcome)
	}
	_ = tw.Flush()
}

// ago renders t as a UTC time with a rough age, e.g. "2026-11-22 05:30 UTC (3m ago)".
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%s (%s ago)", t.UTC().Format("2006-01-02 15:04 UTC"), roughly(now.Sub(t)))
}

// roughly renders d in its largest sensible unit: "42s", "17m", "5h", "12d".
func roughly(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
