// Package storetest gives tests a real, migrated database: a SQLite file in t.TempDir(), or a
// fresh schema of the PostgreSQL database named by OPENCITY_TEST_POSTGRES_URL, dropped when the
// test ends. Open also loads the default dataset; OpenEmpty does not.
//
// PostgreSQL tests are skipped when OPENCITY_TEST_POSTGRES_URL is unset, unless
// OPENCITY_TEST_REQUIRE_POSTGRES=1 (as in CI), which turns the skip into a failure.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
)

// Environment variables that configure PostgreSQL tests.
const (
	PostgresURLEnv     = "OPENCITY_TEST_POSTGRES_URL"
	RequirePostgresEnv = "OPENCITY_TEST_REQUIRE_POSTGRES"
)

// Backend names accepted by Open.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Open returns a migrated store loaded with the default dataset on backend ("sqlite" or
// "postgres"). It is closed, and its PostgreSQL schema dropped, when t ends.
func Open(t testing.TB, backend string) *store.Store {
	t.Helper()
	s := OpenEmpty(t, backend)
	if err := seed.Load(context.Background(), s.DB()); err != nil {
		t.Fatalf("load default dataset on %s: %v", backend, err)
	}
	return s
}

// OpenEmpty returns a migrated store with no data on backend ("sqlite" or "postgres").
func OpenEmpty(t testing.TB, backend string) *store.Store {
	t.Helper()
	dsn := DSN(t, backend)
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatalf("open %s store: %v", backend, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close %s store: %v", backend, err)
		}
	})
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s store: %v", backend, err)
	}
	return s
}

// DSN returns a database address for backend that no other test uses: a new SQLite file
// path, or a PostgreSQL URL whose search_path is a fresh schema. Either is removed when t ends.
func DSN(t testing.TB, backend string) string {
	t.Helper()
	switch backend {
	case SQLite:
		return filepath.Join(t.TempDir(), "opencity.db")
	case Postgres:
		return postgresDSN(t)
	}
	t.Fatalf("storetest: unknown backend %q (want %q or %q)", backend, SQLite, Postgres)
	return ""
}

// Backends runs fn as the subtests "sqlite" and "postgres", each with its own seeded store.
func Backends(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, backend := range []string{SQLite, Postgres} {
		t.Run(backend, func(t *testing.T) {
			fn(t, Open(t, backend))
		})
	}
}

// postgresDSN creates a schema t_<random hex> in the test database, drops it with everything
// in it when t ends, and returns the database URL with search_path set to it.
func postgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		if os.Getenv(RequirePostgresEnv) == "1" {
			t.Fatalf("%s=1 but %s is not set", RequirePostgresEnv, PostgresURLEnv)
		}
		t.Skipf("PostgreSQL tests skipped: %s is not set", PostgresURLEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresURLEnv, err)
	}
	if err := reachable(base); err != nil {
		if os.Getenv(RequirePostgresEnv) == "1" {
			t.Fatalf("%s=1 but PostgreSQL does not answer: %v", RequirePostgresEnv, err)
		}
		t.Skipf("PostgreSQL tests skipped: no PostgreSQL answers at %s: %v", u.Host, err)
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b)
	admin(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { admin(t, base, "DROP SCHEMA "+schema+" CASCADE") })

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()
	checkSchema(t, dsn, schema)
	return dsn
}

var (
	reachOnce sync.Once
	reachErr  error
)

// reachable reports, once per test binary, whether a PostgreSQL server answers at dsn.
func reachable(dsn string) error {
	reachOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 1})
		if err == nil {
			s.Close()
		}
		reachErr = err
	})
	return reachErr
}

// admin runs one statement on the test database through a connection of its own.
func admin(t testing.TB, dsn, stmt string) {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresURLEnv, err)
	}
	defer s.Close()
	if err := s.DB().Exec(stmt).Error; err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// checkSchema makes sure the driver passed search_path on: otherwise tests would share, and
// drop, the public schema.
func checkSchema(t testing.TB, dsn, schema string) {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatalf("connect with search_path: %v", err)
	}
	defer s.Close()
	var got string
	if err := s.DB().Raw("SELECT current_schema()").Scan(&got).Error; err != nil {
		t.Fatalf("read current_schema: %v", err)
	}
	if got != schema {
		t.Fatalf("search_path not applied: current_schema() = %q, want %q", got, schema)
	}
}
