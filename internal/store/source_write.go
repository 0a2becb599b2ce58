package store

import (
	"context"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
)

// sourceRefs lists every column that names a source, with the condition that keeps the live
// rows of its table (tables with soft deletes). A source named by a live row is not deleted.
var sourceRefs = []struct{ table, column, live string }{
	{"surveys", "cities_source", ""}, {"surveys", "source", ""}, {"survey_waves", "source", ""},
	{"vocabularies", "source", ""}, {"concepts", "source", ""}, {"concept_waves", "source", ""},
	{"cities", "mayor_source", " AND deleted_at IS NULL"},
	{"cities", "lead_innovation_officer_source", " AND deleted_at IS NULL"},
	{"cities", "source", " AND deleted_at IS NULL"}, {"populations", "source", " AND deleted_at IS NULL"},
	{"organisations", "source", " AND deleted_at IS NULL"}, {"data_partnerships", "source", " AND deleted_at IS NULL"},
	{"survey_responses", "source", ""}, {"answers", "source", ""}, {"data_availability", "source", ""},
	{"comparisons", "source", ""}, {"initiatives", "source", ""}, {"projects", "source", ""},
	{"participations", "source", ""}, {"org_units", "source", ""}, {"org_unit_events", "source", ""},
	{"org_unit_responsibilities", "source", ""}, {"participation_formats", "source", ""},
	{"media", "source", ""}, {"profile_statements", "source", ""},
}

func sourceValues(d opencity.SourceDraft) map[string]any {
	return map[string]any{
		"title": d.Title, "publisher": d.Publisher, "url": d.URL, "identifier": d.Identifier, "kind": d.Kind,
		"retrieved_on": d.RetrievedOn, "licence": d.Licence, "note": d.Note, "synthetic": d.Kind == "synthetic",
	}
}

// CreateSource adds the source d. It returns ECONFLICT when the slug is taken (by a live
// source or a tombstone).
func (s *Store) CreateSource(ctx context.Context, who opencity.Writer, d opencity.SourceDraft) (opencity.Source, error) {
	var out opencity.Source
	err := s.write(ctx, func(w *writeTx) error {
		vals := sourceValues(d)
		vals["slug"], vals["version"] = d.Slug, 1
		if err := w.tx.Table("sources").Create(vals).Error; err != nil {
			return conflict(err, "source", d.Slug)
		}
		var err error
		if out, err = w.store.GetSource(ctx, d.Slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpCreate, Collection: "sources", Slug: d.Slug, Version: 1, After: out})
	})
	return out, err
}

// ReplaceSource replaces the values of the source with slug by d, when its version is
// expected. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (s *Store) ReplaceSource(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.SourceDraft) (opencity.Source, error) {
	var out opencity.Source
	err := s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetSource(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("source", slug, before.Version, expected); err != nil {
			return err
		}
		vals := sourceValues(d)
		vals["version"] = before.Version + 1
		if err := w.tx.Table("sources").Where("slug = ?", slug).Updates(vals).Error; err != nil {
			return err
		}
		if out, err = w.store.GetSource(ctx, slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpUpdate, Collection: "sources", Slug: slug,
			Version: out.Version, Before: before, After: out})
	})
	return out, err
}

// DeleteSource deletes the source with slug (softly), when its version is expected. It
// returns ENOTFOUND, EGONE, EPRECONDITION, and ECONFLICT while any live record names it.
func (s *Store) DeleteSource(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetSource(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("source", slug, before.Version, expected); err != nil {
			return err
		}
		var users []string
		for _, ref := range sourceRefs {
			var n int64
			if err := w.tx.Table(ref.table).Where(ref.column+" = ?"+ref.live, slug).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 && (len(users) == 0 || users[len(users)-1] != ref.table) {
				users = append(users, ref.table)
			}
		}
		if len(users) > 0 {
			return opencity.Errorf(opencity.ECONFLICT, "the source %q is still named by records of %s: change or delete those first",
				slug, strings.Join(users, ", "))
		}
		version := before.Version + 1
		if err := w.tx.Exec("UPDATE sources SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpDelete, Collection: "sources", Slug: slug, Version: version, Before: before})
	})
}

// SourceDraftOf returns the writable values of the source with slug and its version, the base
// of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) SourceDraftOf(ctx context.Context, slug string) (opencity.SourceDraft, int64, error) {
	row, err := one[sourceRow](ctx, s, sourceSpec, "source", slug)
	if err != nil {
		return opencity.SourceDraft{}, 0, err
	}
	return opencity.SourceDraft{Slug: row.Slug, Title: row.Title, Publisher: row.Publisher, URL: row.URL,
			Identifier: row.Identifier, Kind: row.Kind, RetrievedOn: row.RetrievedOn, Licence: row.Licence, Note: row.Note},
		row.Version, nil
}
