package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var vocabularySpec = listSpec{table: "vocabularies", resource: opencity.Lists.Vocabularies, columns: map[string]column{
	"name": {expr: "vocabularies.name"}, "source": {expr: "vocabularies.source"},
}}

var conceptSpec = listSpec{table: "concepts", resource: opencity.Lists.Concepts, columns: map[string]column{
	"vocabulary": {expr: "concepts.vocabulary"}, "label": {expr: "concepts.label"}, "rank": {expr: "concepts.rank"},
	"source": {expr: "concepts.source"},
	"wave":   {expr: "cw.wave", within: "concepts.slug IN (SELECT cw.concept FROM concept_waves cw WHERE cw.offered = TRUE AND {cond})"},
}, live: true}

type vocabularyRow struct {
	Keyset
	Slug, Name, Description, Source string
	Note                            *string
}

type conceptRow struct {
	Keyset
	Slug, Vocabulary, Label, Source string
	AltLabel, Definition, Note      *string
	Rank                            *int
	Version                         int64
}

type conceptWaveRow struct {
	Keyset
	Concept, Wave, Source string
	Offered               bool
	Note                  *string
}

// conceptOrder lists a vocabulary's concepts in the survey's rank where it ranks them, else by slug.
const conceptOrder = "concepts.rank IS NULL, concepts.rank, concepts.slug"

func (r conceptRow) domain(waves map[string][]conceptWaveRow) opencity.Concept {
	return opencity.Concept{
		Slug: r.Slug, Href: opencity.NewRef("concepts", r.Slug).Href,
		Vocabulary: opencity.NewRef("vocabularies", r.Vocabulary), Label: r.Label,
		AltLabel: r.AltLabel, Rank: r.Rank, Definition: r.Definition, Note: r.Note,
		Waves: mapRows(waves[r.Slug], func(w conceptWaveRow) opencity.ConceptWave {
			return opencity.ConceptWave{Wave: opencity.NewRef("survey-waves", w.Wave), Offered: w.Offered,
				Note: w.Note, Source: opencity.SourceRef(w.Source)}
		}),
		Source: opencity.SourceRef(r.Source), Version: r.Version,
	}
}

func (s *Store) conceptsWithWaves(ctx context.Context, rows []conceptRow) ([]opencity.Concept, error) {
	waves, err := childrenOf[conceptWaveRow](ctx, s.db, "concept_waves", "concept",
		slugsOf(rows, func(r conceptRow) string { return r.Slug }), "concept_waves.wave", nil)
	if err != nil {
		return nil, err
	}
	byConcept := groupBy(waves, func(w conceptWaveRow) string { return w.Concept })
	return mapRows(rows, func(r conceptRow) opencity.Concept { return r.domain(byConcept) }), nil
}

// ListConcepts returns one page of concepts, each with the waves that offered it, and the
// keys of the next page.
func (s *Store) ListConcepts(ctx context.Context, q opencity.ListQuery) ([]opencity.Concept, []string, error) {
	rows, next, err := page[conceptRow](ctx, s, conceptSpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.conceptsWithWaves(ctx, rows)
	return items, next, err
}

// GetConcept returns the concept with slug, or ENOTFOUND.
func (s *Store) GetConcept(ctx context.Context, slug string) (opencity.Concept, error) {
	row, err := one[conceptRow](ctx, s, conceptSpec, "concept", slug)
	if err != nil {
		return opencity.Concept{}, err
	}
	out, err := s.conceptsWithWaves(ctx, []conceptRow{row})
	if err != nil {
		return opencity.Concept{}, err
	}
	return out[0], nil
}

func (s *Store) vocabulariesWithConcepts(ctx context.Context, rows []vocabularyRow) ([]opencity.Vocabulary, error) {
	concepts, err := childrenOf[conceptRow](ctx, s.db, "concepts", "vocabulary",
		slugsOf(rows, func(r vocabularyRow) string { return r.Slug }), conceptOrder, liveOnly("concepts"))
	if err != nil {
		return nil, err
	}
	byVocabulary := groupBy(concepts, func(c conceptRow) string { return c.Vocabulary })
	return mapRows(rows, func(r vocabularyRow) opencity.Vocabulary {
		return opencity.Vocabulary{
			Slug: r.Slug, Href: opencity.NewRef("vocabularies", r.Slug).Href, Name: r.Name,
			Description: r.Description, Note: r.Note, Source: opencity.SourceRef(r.Source),
			Concepts: mapRows(byVocabulary[r.Slug], func(c conceptRow) opencity.LabeledRef {
				return opencity.ConceptRef(c.Slug, c.Label)
			}),
		}
	}), nil
}

// ListVocabularies returns one page of vocabularies in slug order (up to p.Limit+1), each with
// links to its concepts.
func (s *Store) ListVocabularies(ctx context.Context, q opencity.ListQuery) ([]opencity.Vocabulary, []string, error) {
	rows, next, err := page[vocabularyRow](ctx, s, vocabularySpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.vocabulariesWithConcepts(ctx, rows)
	return items, next, err
}

// GetVocabulary returns the vocabulary with slug, or ENOTFOUND.
func (s *Store) GetVocabulary(ctx context.Context, slug string) (opencity.Vocabulary, error) {
	row, err := one[vocabularyRow](ctx, s, vocabularySpec, "vocabulary", slug)
	if err != nil {
		return opencity.Vocabulary{}, err
	}
	out, err := s.vocabulariesWithConcepts(ctx, []vocabularyRow{row})
	if err != nil {
		return opencity.Vocabulary{}, err
	}
	return out[0], nil
}
