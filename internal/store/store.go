// Package store keeps OpenCity's records in SQLite (the embedded default) or PostgreSQL, through
// GORM. It owns the schema (embedded goose migrations), translates driver errors into
// opencity error codes where it meets them, and returns domain values, never GORM models.
package store

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is OpenCity's database. Its methods are safe for concurrent use.
type Store struct {
	db      *gorm.DB
	dialect goose.Dialect
}

// Options tune the connection pool.
type Options struct {
	MaxOpenConns int // connections kept open at most; 0 means the backend's default
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects PostgreSQL; anything else is
// a SQLite file path (created if missing), opened in WAL mode with foreign keys enforced,
// a busy timeout and immediate transactions.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg := &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, PrepareStmt: true}
	var (
		dialector gorm.Dialector
		dialect   goose.Dialect
		maxConns  = opts.MaxOpenConns
	)
	if IsPostgres(dsn) {
		dialector, dialect = postgres.Open(dsn), goose.DialectPostgres
		if maxConns == 0 {
			maxConns = 16
		}
	} else {
		dialector, dialect = sqlite.Open(sqliteDSN(dsn)), goose.DialectSQLite3
		if maxConns == 0 {
			maxConns = 2
		}
	}
	db, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &Store{db: db, dialect: dialect}, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDSN adds the connection settings OpenCity relies on to a SQLite file path.
func sqliteDSN(path string) string {
	path = strings.TrimPrefix(path, "sqlite://")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep +
		"_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=1&_txlock=immediate&_synchronous=NORMAL"
}

// DB returns the GORM handle, for the seed loader and tests.
func (s *Store) DB() *gorm.DB { return s.db }

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

func (s *Store) migrator() (*goose.Provider, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(s.dialect, sqlDB, dir, goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(searchMigration(s.dialect), writesMigration(s.dialect)))
}

// Migrate applies every migration not yet applied.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Ready reports whether the database answers and every migration is applied.
func (s *Store) Ready(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("database not reachable: %w", err)
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// CursorKey returns the secret that signs paging cursors. It is made once per database, at
// random, and kept in the meta table, so cursors stay valid across restarts and replicas.
func (s *Store) CursorKey(ctx context.Context) ([]byte, error) {
	const name = "cursor_key"
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	insert := "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING"
	if err := db.Exec(insert, name, hex.EncodeToString(fresh)).Error; err != nil {
		return nil, fmt.Errorf("store cursor key: %w", err)
	}
	var value string
	if err := db.Raw("SELECT value FROM meta WHERE key = ?", name).Scan(&value).Error; err != nil {
		return nil, fmt.Errorf("read cursor key: %w", err)
	}
	return hex.DecodeString(value)
}
