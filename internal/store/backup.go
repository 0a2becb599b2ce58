package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressly/goose/v3"
)

// ErrBackupPostgres is returned by Backup on PostgreSQL, whose own tool does the job better.
var ErrBackupPostgres = errors.New("opencity backup copies SQLite databases only; " +
	"for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=opencity.dump 'postgres://...'")

// Backup writes a consistent copy of the SQLite database to path while it stays in use:
// VACUUM INTO reads one snapshot (readers and writers carry on) and writes a compact copy.
// The copy is written next to path under a temporary name and renamed into place, so path
// holds either nothing or a complete copy. path must not exist yet. On PostgreSQL it returns
// ErrBackupPostgres.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect == goose.DialectPostgres {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; name a new file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an existing file only when it is empty: CreateTemp reserves a
	// unique name that way.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // a no-op once renamed
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", tmpName).Error; err != nil {
		return fmt.Errorf("backup: VACUUM INTO: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncFile flushes the file at path to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SQLiteFile returns the file path a SQLite dsn (as Open takes it) names.
func SQLiteFile(dsn string) string {
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "sqlite://"), "?")
	return path
}
