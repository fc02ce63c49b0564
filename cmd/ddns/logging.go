package main

import (
	"io"
	"os"

	"github.com/rs/zerolog"
)

// newLogger writes one human-readable line per event. Under systemd
// (JOURNAL_STREAM is set) the timestamp is left out: journald adds its own.
func newLogger(w io.Writer, level string) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		lvl = zerolog.InfoLevel // Validate has already rejected bad values
	}
	// Updates run in parallel: SyncWriter keeps their lines whole whatever
	// writer the caller passed.
	cw := zerolog.ConsoleWriter{Out: zerolog.SyncWriter(w), NoColor: true, TimeFormat: "2006-01-02T15:04:05Z07:00"}
	if os.Getenv("JOURNAL_STREAM") != "" {
		cw.PartsExclude = []string{zerolog.TimestampFieldName}
	}
	return zerolog.New(cw).Level(lvl).With().Timestamp().Logger()
}
