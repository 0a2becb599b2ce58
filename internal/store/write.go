package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

// The write path. Every accepted write runs in one transaction (Store.write) that applies the
// change, appends a row to changes (the feed) and to audit_log, bumps the record's version and
// the data version. Writers are serialised: SQLite by BEGIN IMMEDIATE (the DSN's _txlock), and
// PostgreSQL by an exclusive lock on changes taken first thing in the transaction; so the
// MAX(seq)+1 each takes is unique and seq grows in commit order. A rejected write returns its
// error from inside the transaction, which rolls everything back.

// Entry is one record's part of a write, for the feed and the audit log. Before and After are
// domain values (nil for a create's before and a delete's after).
type Entry struct {
	Operation  string
	Collection string
	Slug       string
	Version    int64
	Before     any
	After      any
}

// writeTx is a write transaction: the transaction, a Store bound to it (so that the read
// methods see the write's own changes), and what it has done so far.
type writeTx struct {
	tx    *gorm.DB
	store *Store
	at    time.Time
}

// write runs fn in one serialised transaction, then bumps the data version. fn records what it
// changed with writeTx.record.
func (s *Store) write(ctx context.Context, fn func(w *writeTx) error) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == goose.DialectPostgres {
			if err := tx.Exec("LOCK TABLE changes IN EXCLUSIVE MODE").Error; err != nil {
				return fmt.Errorf("lock changes: %w", err)
			}
		}
		w := &writeTx{tx: tx, store: &Store{db: tx, dialect: s.dialect}, at: now()}
		if err := fn(w); err != nil {
			return err
		}
		return BumpDataVersion(tx)
	})
	if opencity.ErrorCode(err) == opencity.EINTERNAL {
		return translate(err)
	}
	return err
}

// record appends e to the change feed and, with the writer's key, to the audit log.
func (w *writeTx) record(who opencity.Writer, e Entry) error {
	before, err := jsonOrNil(e.Before)
	if err != nil {
		return err
	}
	after, err := jsonOrNil(e.After)
	if err != nil {
		return err
	}
	err = w.tx.Exec("INSERT INTO changes (seq, collection, slug, operation, version, changed_at) "+
		"SELECT COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM changes",
		e.Collection, e.Slug, e.Operation, e.Version, w.at).Error
	if err != nil {
		return fmt.Errorf("append change: %w", err)
	}
	err = w.tx.Exec("INSERT INTO audit_log (id, key_prefix, at, operation, collection, slug, before, after) "+
		"SELECT COALESCE(MAX(id), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM audit_log",
		who.KeyPrefix, w.at, e.Operation, e.Collection, e.Slug, before, after).Error
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

// touch records a change of a record that another write caused (a city whose populations
// changed): its version grows and the feed shows an update, but the audit log names only the
// write itself.
func (w *writeTx) touch(collection, slug string) error {
	var version int64
	table := strings.ReplaceAll(collection, "-", "_")
	if err := w.tx.Raw("UPDATE "+table+" SET version = version + 1 WHERE slug = ? RETURNING version", slug).
		Scan(&version).Error; err != nil {
		return fmt.Errorf("bump %s version: %w", table, err)
	}
	return w.tx.Exec("INSERT INTO changes (seq, collection, slug, operation, version, changed_at) "+
		"SELECT COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM changes",
		collection, slug, opencity.OpUpdate, version, w.at).Error
}

// touchAll touches each record of collection named in slugs once.
func (w *writeTx) touchAll(collection string, slugs ...string) error {
	for i, slug := range slugs {
		if slices.Contains(slugs[:i], slug) {
			continue
		}
		if err := w.touch(collection, slug); err != nil {
			return err
		}
	}
	return nil
}

func jsonOrNil(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit value: %w", err)
	}
	s := string(b)
	return &s, nil
}

// checkVersion compares a record's current version with the one the client expects
// (opencity.AnyVersion matches any): EPRECONDITION when they differ.
func checkVersion(what, slug string, current, expected int64) error {
	if expected != opencity.AnyVersion && current != expected {
		return opencity.Errorf(opencity.EPRECONDITION,
			"the %s %q is at version %d, not %d: read it again (its ETag is \"v%d\") and retry", what, slug, current, expected, current)
	}
	return nil
}

// liveVersion returns the version of the live row of table with slug: EGONE for a tombstone,
// ENOTFOUND when there is no row.
func (w *writeTx) liveVersion(table, what, slug string) (int64, error) {
	var rows []struct {
		Version   int64
		DeletedAt *time.Time
	}
	if err := w.tx.Raw("SELECT version, deleted_at FROM "+table+" WHERE slug = ?", slug).Scan(&rows).Error; err != nil {
		return 0, err
	}
	switch {
	case len(rows) == 0:
		return 0, opencity.Errorf(opencity.ENOTFOUND, "no %s with slug %q", what, slug)
	case rows[0].DeletedAt != nil:
		return 0, opencity.Errorf(opencity.EGONE, "the %s %q was deleted", what, slug)
	}
	return rows[0].Version, nil
}

// checkSources returns EUNPROCESSABLE naming every field (JSON pointer → source slug) whose
// source does not exist (or was deleted).
func (w *writeTx) checkSources(fields map[string]*string) error {
	bad, err := w.missing(sourceFields(fields)...)
	if err != nil {
		return err
	}
	return unprocessable("the write names sources that do not exist", bad)
}

// sourceFields are the fields (JSON pointer → source slug) as references to sources.
func sourceFields(fields map[string]*string) []ref {
	refs := make([]ref, 0, len(fields))
	for _, ptr := range slices.Sorted(maps.Keys(fields)) {
		refs = append(refs, ref{ptr, "sources", "source", fields[ptr], true})
	}
	return refs
}

// writesMigration is migration 6: the city's latest population, kept by triggers since
// migration 2, now ignores deleted population figures.
func writesMigration(dialect goose.Dialect) *goose.Migration {
	script := sqliteLivePopulationSQL
	if dialect == goose.DialectPostgres {
		script = postgresLivePopulationSQL
	}
	up := func(ctx context.Context, tx *sql.Tx) error {
		for _, stmt := range script() {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", firstLine(stmt), err)
			}
		}
		return nil
	}
	return goose.NewGoMigration(6, &goose.GoFunc{RunTx: up}, nil)
}

// setLivePopulation is setPopulation over live population figures only.
func setLivePopulation(where string) string {
	latest := func(col string) string {
		return "(SELECT " + col + " FROM populations p WHERE p.city = cities.slug AND p.deleted_at IS NULL" +
			" ORDER BY p.year DESC, p.slug DESC LIMIT 1)"
	}
	return "UPDATE cities SET population = " + latest("value") + ", population_year = " + latest("year") + " WHERE " + where
}

func sqliteLivePopulationSQL() []string {
	return []string{
		"DROP TRIGGER populations_ai",
		"DROP TRIGGER populations_au",
		"DROP TRIGGER populations_ad",
		"CREATE TRIGGER populations_ai AFTER INSERT ON populations BEGIN " + setLivePopulation("slug = new.city") + "; END",
		"CREATE TRIGGER populations_au AFTER UPDATE ON populations BEGIN " + setLivePopulation("slug IN (old.city, new.city)") + "; END",
		"CREATE TRIGGER populations_ad AFTER DELETE ON populations BEGIN " + setLivePopulation("slug = old.city") + "; END",
		setLivePopulation("1 = 1"),
	}
}

func postgresLivePopulationSQL() []string {
	return []string{`CREATE OR REPLACE FUNCTION populations_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN ` + setLivePopulation("slug = OLD.city") + `; END IF;
	IF TG_OP <> 'DELETE' THEN ` + setLivePopulation("slug = NEW.city") + `; END IF;
	RETURN NULL;
END $$`,
		setLivePopulation("TRUE"),
	}
}
