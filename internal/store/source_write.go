package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

// sourceRefs lists every column that names a source, with the condition that keeps the live
// rows of its table (tables with soft deletes). A source named by a live row is not deleted.
var sourceRefs = []namer{
	{"surveys", "cities_source", ""}, {"surveys", "source", ""}, {"survey_waves", "source", ""},
	{"vocabularies", "source", ""}, {"concepts", "source", live}, {"concept_waves", "source", ""},
	{"cities", "mayor_source", live}, {"cities", "lead_innovation_officer_source", live},
	{"cities", "source", live}, {"populations", "source", live},
	{"organisations", "source", live}, {"data_partnerships", "source", live},
	{"survey_responses", "source", live}, {"answers", "source", live}, {"data_availability", "source", ""},
	{"comparisons", "source", ""}, {"initiatives", "source", ""}, {"projects", "source", live},
	{"participations", "source", live}, {"org_units", "source", ""}, {"org_unit_events", "source", ""},
	{"org_unit_responsibilities", "source", ""}, {"participation_formats", "source", ""},
	{"media", "source", ""}, {"profile_statements", "source", ""},
}

// live is the condition that keeps the live rows of a table with soft deletes.
const live = " AND deleted_at IS NULL"

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
		if err := w.refuseNamed("source", slug, sourceRefs); err != nil {
			return err
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
