package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
)

// The steps that the writes of single records share: checking the records a write names
// (ref, missing: 422 by JSON pointer), refusing to delete a record that live rows still name
// (namer, refuseNamed: 409), and creating, replacing and deleting a record of one collection
// with its change-feed and audit entries (records).

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
