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

// ref is a field of a write that names another record: its JSON pointer, the table and what
// the record is called, the slug (nil: the field is empty) and whether the table has soft
// deletes (then a tombstone does not count).
type ref struct {
	pointer, table, what string
	slug                 *string
	live                 bool
}

// missing returns a field error for every ref whose record does not exist (or was deleted).
func (w *writeTx) missing(refs ...ref) ([]opencity.FieldError, error) {
	var bad []opencity.FieldError
	for _, r := range refs {
		if r.slug == nil {
			continue
		}
		q := w.tx.Table(r.table).Where("slug = ?", *r.slug)
		if r.live {
			q = q.Where("deleted_at IS NULL")
		}
		var n int64
		if err := q.Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			bad = append(bad, opencity.FieldError{Pointer: r.pointer, Reason: fmt.Sprintf("no %s with slug %q", r.what, *r.slug)})
		}
	}
	return bad, nil
}

// unprocessable is EUNPROCESSABLE listing fields, or nil when there are none.
func unprocessable(message string, fields []opencity.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	slices.SortStableFunc(fields, func(a, b opencity.FieldError) int { return strings.Compare(a.Pointer, b.Pointer) })
	return &opencity.Error{Code: opencity.EUNPROCESSABLE, Message: message, Fields: fields}
}

// namer is a column whose rows name a record; live is the condition that keeps the live rows
// of its table ("" for a table without soft deletes).
type namer struct{ table, column, live string }

// refuseNamed returns ECONFLICT while any live row of namers names the record slug, what.
func (w *writeTx) refuseNamed(what, slug string, namers []namer) error {
	var users []string
	for _, ref := range namers {
		var n int64
		if err := w.tx.Table(ref.table).Where(ref.column+" = ?"+ref.live, slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 && !slices.Contains(users, ref.table) {
			users = append(users, ref.table)
		}
	}
	if len(users) > 0 {
		return opencity.Errorf(opencity.ECONFLICT, "the %s %q is still named by records of %s: change or delete those first",
			what, slug, strings.Join(users, ", "))
	}
	return nil
}

// records is one writable collection for the shared write steps: its table, its path segment
// under /v1 (as the feed names it), what one record is called, and how to read a record and
// its version.
type records[T any] struct {
	table, collection, what string
	get                     func(s *Store, ctx context.Context, slug string) (T, error)
	version                 func(T) int64
}

// insert adds the row vals with slug at version 1 and records the create. It returns
// ECONFLICT when the slug (or another unique key) is taken.
func (rs records[T]) insert(ctx context.Context, w *writeTx, who opencity.Writer, slug string, vals map[string]any) (T, error) {
	vals["slug"], vals["version"] = slug, 1
	if err := w.tx.Table(rs.table).Create(vals).Error; err != nil {
		var zero T
		return zero, conflict(err, rs.what, slug)
	}
	out, err := rs.get(w.store, ctx, slug)
	if err != nil {
		return out, err
	}
	return out, w.record(who, Entry{Operation: opencity.OpCreate, Collection: rs.collection, Slug: slug, Version: 1, After: out})
}

// current reads the record with slug that an update or delete changes, at the version
// expected. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (rs records[T]) current(ctx context.Context, w *writeTx, slug string, expected int64) (T, error) {
	before, err := rs.get(w.store, ctx, slug)
	if err != nil {
		return before, err
	}
	return before, checkVersion(rs.what, slug, rs.version(before), expected)
}

// update sets vals on the record with slug, which was before, and records the update.
func (rs records[T]) update(ctx context.Context, w *writeTx, who opencity.Writer, slug string, before T, vals map[string]any) (T, error) {
	vals["version"] = rs.version(before) + 1
	if err := w.tx.Table(rs.table).Where("slug = ?", slug).Updates(vals).Error; err != nil {
		var zero T
		return zero, conflict(err, rs.what, slug)
	}
	out, err := rs.get(w.store, ctx, slug)
	if err != nil {
		return out, err
	}
	return out, w.record(who, Entry{Operation: opencity.OpUpdate, Collection: rs.collection, Slug: slug,
		Version: rs.version(out), Before: before, After: out})
}

// create is a write that adds the record vals with slug, when check (of the values) passes.
// It returns ECONFLICT when the slug is taken, and what check returns.
func (rs records[T]) create(ctx context.Context, s *Store, who opencity.Writer, slug string, check func(w *writeTx) error, vals map[string]any) (T, error) {
	var out T
	err := s.write(ctx, func(w *writeTx) (err error) {
		if err = check(w); err != nil {
			return err
		}
		out, err = rs.insert(ctx, w, who, slug, vals)
		return err
	})
	return out, err
}

// replace is a write that updates the record with slug at version expected to vals, when
// check (of the new values) passes. It returns ENOTFOUND, EGONE, EPRECONDITION and what check
// returns.
func (rs records[T]) replace(ctx context.Context, s *Store, who opencity.Writer, slug string, expected int64, check func(w *writeTx) error, vals map[string]any) (T, error) {
	var out T
	err := s.write(ctx, func(w *writeTx) error {
		before, err := rs.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := check(w); err != nil {
			return err
		}
		out, err = rs.update(ctx, w, who, slug, before, vals)
		return err
	})
	return out, err
}

// removeUnnamed is a write that deletes the record with slug at version expected softly,
// unless a live row of namers names it (ECONFLICT). It returns ENOTFOUND, EGONE and
// EPRECONDITION too.
func (rs records[T]) removeUnnamed(ctx context.Context, s *Store, who opencity.Writer, slug string, expected int64, namers []namer) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := rs.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := w.refuseNamed(rs.what, slug, namers); err != nil {
			return err
		}
		return rs.remove(w, who, slug, before)
	})
}

// remove deletes the record with slug, which was before, softly and records the delete.
func (rs records[T]) remove(w *writeTx, who opencity.Writer, slug string, before T) error {
	version := rs.version(before) + 1
	if err := w.tx.Exec("UPDATE "+rs.table+" SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
		return err
	}
	return w.record(who, Entry{Operation: opencity.OpDelete, Collection: rs.collection, Slug: slug, Version: version, Before: before})
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
