package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/ddns-pi/ddns/internal/config"
	"github.com/ddns-pi/ddns/internal/state"
)

// cmdCheck validates the settings and prints the effective ones, the
// secret redacted. It contacts nothing.
func cmdCheck(stdout io.Writer) error {
	cfg, _, err := loadConfig()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, kv := range cfg.Summary() {
		fmt.Fprintf(tw, "%s\t%s\n", kv.Key, kv.Value)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	warnPitfalls(stdout, cfg)
	if w := config.SecretFileWarning(cfg, os.Geteuid()); w != "" {
		fmt.Fprintln(stdout, "warning: "+w)
	}
	fmt.Fprintln(stdout, "configuration OK")
	return nil
}

// warnPitfalls prints the lines of the settings file that systemd's
// EnvironmentFile= would read differently from a hand run.
func warnPitfalls(w io.Writer, cfg config.Config) {
	if !cfg.ConfigFound {
		return
	}
	f, err := os.Open(cfg.ConfigPath)
	if err != nil {
		return // Load already read it; nothing new to say
	}
	defer f.Close()
	for _, p := range config.SystemdPitfalls(f) {
		fmt.Fprintf(w, "warning: %s %s\n", cfg.ConfigPath, p)
	}
}

// cmdStatus prints what the state file says about every record. It needs
// only the state directory, so it works before the settings are complete.
func cmdStatus(stdout io.Writer) error {
	cfg, err := config.Load(config.Path(getenv))
	if err != nil {
		return err
	}
	file, err := state.New(cfg.StateDir).Load()
	if errors.Is(err, state.ErrCorrupt) {
		fmt.Fprintf(stdout, "state in %s is unusable (%v); the next run publishes again\n", cfg.StateDir, err)
		return nil
	}
	if err != nil {
		return err
	}
	if len(file.Records) == 0 {
		fmt.Fprintf(stdout, "no update yet (state directory %s)\n", cfg.StateDir)
		return nil
	}
	printStatus(stdout, file, time.Now())
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
		typ := "A"
		if r.Family == 6 {
			typ = "AAAA"
		}
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
