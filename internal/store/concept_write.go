package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var conceptRecords = records[opencity.Concept]{table: "concepts", collection: "concepts", what: "concept",
	get: (*Store).GetConcept, version: func(c opencity.Concept) int64 { return c.Version }}

// conceptNamers are the columns whose rows use a concept: a concept is deleted only when no
// live row does.
var conceptNamers = []namer{
	{"answers", "concept", live}, {"comparisons", "concept", ""}, {"data_availability", "policy_area", ""},
}

func conceptValues(d opencity.ConceptDraft) map[string]any {
	return map[string]any{"vocabulary": d.Vocabulary, "label": d.Label, "alt_label": d.AltLabel, "rank": d.Rank,
		"definition": d.Definition, "note": d.Note, "source": d.Source}
}

// checkConcept returns the check of the concept d: EUNPROCESSABLE naming every field that
// names a record that does not exist (its vocabulary and source), and ECONFLICT when it moves a
// concept that live answers use to another vocabulary (they would answer their question with
// an option of another).
func checkConcept(d opencity.ConceptDraft) func(w *writeTx) error {
	return func(w *writeTx) error {
		bad, err := w.missing(ref{"/vocabulary", "vocabularies", "vocabulary", &d.Vocabulary, false},
			ref{"/source", "sources", "source", &d.Source, true})
		if err != nil {
			return err
		}
		if err := unprocessable("the write names records that do not exist", bad); err != nil {
			return err
		}
		var current []string
		if err := w.tx.Table("concepts").Where("slug = ?", d.Slug).Pluck("vocabulary", &current).Error; err != nil {
			return err
		}
		if len(current) == 0 || current[0] == d.Vocabulary {
			return nil
		}
		var n int64
		if err := w.tx.Table("answers").Where("concept = ?"+live, d.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return opencity.Errorf(opencity.ECONFLICT, "the concept %q stays in the vocabulary %s while %d live answer(s) use it as an option",
				d.Slug, current[0], n)
		}
		return nil
	}
}

// CreateConcept adds the concept d to its vocabulary. It returns ECONFLICT when the slug is
// taken and EUNPROCESSABLE for a vocabulary or source that does not exist.
func (s *Store) CreateConcept(ctx context.Context, who opencity.Writer, d opencity.ConceptDraft) (opencity.Concept, error) {
	return conceptRecords.create(ctx, s, who, d.Slug, checkConcept(d), conceptValues(d))
}

// ReplaceConcept replaces the values of the concept with slug by d, when its version is
// expected; the waves that offered it stay. It returns ENOTFOUND, EGONE, EPRECONDITION,
// EUNPROCESSABLE, and ECONFLICT for a move to another vocabulary while live answers use it.
func (s *Store) ReplaceConcept(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ConceptDraft) (opencity.Concept, error) {
	return conceptRecords.replace(ctx, s, who, slug, expected, checkConcept(d), conceptValues(d))
}

// DeleteConcept deletes the concept with slug (softly), when its version is expected. It
// returns ENOTFOUND, EGONE, EPRECONDITION, and ECONFLICT while live answers, comparisons or
// data-availability statements use it.
func (s *Store) DeleteConcept(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return conceptRecords.removeUnnamed(ctx, s, who, slug, expected, conceptNamers)
}

// ConceptDraftOf returns the writable values of the concept with slug and its version, the
// base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) ConceptDraftOf(ctx context.Context, slug string) (opencity.ConceptDraft, int64, error) {
	r, err := one[conceptRow](ctx, s, conceptSpec, "concept", slug)
	return opencity.ConceptDraft{Slug: r.Slug, Vocabulary: r.Vocabulary, Label: r.Label, AltLabel: r.AltLabel, Rank: r.Rank,
		Definition: r.Definition, Note: r.Note, Source: r.Source}, r.Version, err
}
