package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/opencity/opencity/internal/importer"
	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/seed"
)

const importUsage = `Usage: opencity import --type cities|populations [--dry-run] [--format csv|ndjson] [--database DB] FILE

Creates or replaces, by slug, every record of FILE (CSV with a header row, or NDJSON; the format
follows the file's extension unless --format names it) in one transaction: all or nothing. When
any row is refused, nothing is written, the report lists the refused rows and the exit status
is 1. Progress goes to stderr; the report (JSON) to stdout. The database is migrated and the
default dataset loaded first, as serve does.

Flags:
`

// runImport runs `opencity import FILE`.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, finish := commandFlags("opencity import", getenv, stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, importUsage)
		fs.PrintDefaults()
	}
	typ := fs.String("type", "", "what the file holds: cities or populations")
	format := fs.String("format", "", "csv or ndjson (default: by the file's extension)")
	dryRun := fs.Bool("dry-run", false, "validate and report only; write nothing")
	st, rest, err := openForCommand(ctx, fs, finish, args, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return errors.New("import: name the one file to import: opencity import --type cities FILE")
	}
	if *format == "" {
		*format = formatOf(rest[0])
	}
	if err := seed.Load(ctx, st.DB()); err != nil {
		return fmt.Errorf("import: load default dataset: %w", err)
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	p := newProgress(stderr)
	rep, err := importer.Run(ctx, st, f, importer.Options{Type: *typ, Format: *format, DryRun: *dryRun,
		Progress: p.update, Who: opencity.Writer{KeyPrefix: "cli"}})
	if err != nil {
		return commandError("import", err)
	}
	p.done(rep.Rows)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	if rep.RejectedCount > 0 {
		return fmt.Errorf("import: %d of %d rows refused: nothing was written", rep.RejectedCount, rep.Rows)
	}
	return nil
}

func formatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ndjson", ".jsonl":
		return importer.FormatNDJSON
	}
	return importer.FormatCSV
}

// progress shows an import's progress on stderr: one line rewritten in place on a terminal,
// else a line every few seconds.
type progress struct {
	w        io.Writer
	terminal bool
	start    time.Time
	last     time.Time
}

func newProgress(w io.Writer) *progress {
	terminal := false
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			terminal = true
		}
	}
	now := time.Now()
	return &progress{w: w, terminal: terminal, start: now, last: now}
}

func (p *progress) rate(rows int) float64 {
	return float64(rows) / max(time.Since(p.start).Seconds(), 1e-9)
}

func (p *progress) update(rows int) {
	switch {
	case p.terminal && time.Since(p.last) >= 100*time.Millisecond:
		fmt.Fprintf(p.w, "\r%d rows read, %.0f rows/s ", rows, p.rate(rows))
	case !p.terminal && time.Since(p.last) >= 5*time.Second:
		fmt.Fprintf(p.w, "%d rows read, %.0f rows/s\n", rows, p.rate(rows))
	default:
		return
	}
	p.last = time.Now()
}

func (p *progress) done(rows int) {
	if p.terminal {
		fmt.Fprint(p.w, "\r")
	}
	fmt.Fprintf(p.w, "%d rows in %s (%.0f rows/s)\n", rows, time.Since(p.start).Round(time.Millisecond), p.rate(rows))
}
