package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/opencity/opencity/internal/store"
)

const backupUsage = `Usage: opencity backup [--database DB] PATH

Writes a consistent copy of the SQLite database to PATH (a new file) while the service keeps
serving: SQLite's VACUUM INTO reads one snapshot. Restore by serving the copy:
opencity --database PATH. For PostgreSQL, use pg_dump.

Flags:
`

// runBackup runs `opencity backup PATH`.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, finish := commandFlags("opencity backup", getenv, stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, backupUsage)
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errors.New("backup: name the one file to write: opencity backup PATH")
	}
	cfg, err := finish()
	if err != nil {
		return err
	}
	if store.IsPostgres(cfg.Database) {
		return store.ErrBackupPostgres
	}
	// Opening a SQLite path that does not exist would create an empty database to back up.
	if _, err := os.Stat(store.SQLiteFile(cfg.Database)); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", cfg.Database, err)
	}
	st, err := store.Open(ctx, cfg.Database, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := st.Backup(ctx, rest[0]); err != nil {
		return err
	}
	info, err := os.Stat(rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes) in %s.\n", cfg.Database, rest[0], info.Size(),
		time.Since(start).Round(time.Millisecond))
	return nil
}
