package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type vocabularyRow struct {
	Slug, Name, Description, Source string
	Note                            *string
}

type conceptRow struct {
	Slug, Vocabulary, Label, Source string
	AltLabel, Definition, Note      *string
	Rank                            *int
}

type conceptWaveRow struct {
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
		Source: opencity.SourceRef(r.Source),
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

// inVocabulary narrows concepts to one vocabulary; "" means every vocabulary.
func inVocabulary(vocabulary string) scope {
	return func(q *gorm.DB) *gorm.DB {
		if vocabulary == "" {
			return q
		}
		return q.Where("concepts.vocabulary = ?", vocabulary)
	}
}

// ListConcepts returns one page of the concepts of vocabulary ("" for all) in slug order (up
// to p.Limit+1), each with the waves that offered it.
func (s *Store) ListConcepts(ctx context.Context, vocabulary string, q opencity.ListQuery) ([]opencity.Concept, error) {
	rows, err := listPage[conceptRow](ctx, s.db, "concepts", q, inVocabulary(vocabulary))
	if err != nil {
		return nil, err
	}
	return s.conceptsWithWaves(ctx, rows)
}

// GetConcept returns the concept with slug in vocabulary ("" for any), or ENOTFOUND.
func (s *Store) GetConcept(ctx context.Context, vocabulary, slug string) (opencity.Concept, error) {
	row, err := getOne[conceptRow](ctx, s.db, "concepts", "concept", slug, inVocabulary(vocabulary))
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
		slugsOf(rows, func(r vocabularyRow) string { return r.Slug }), conceptOrder, nil)
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
func (s *Store) ListVocabularies(ctx context.Context, q opencity.ListQuery) ([]opencity.Vocabulary, error) {
	rows, err := listPage[vocabularyRow](ctx, s.db, "vocabularies", q, nil)
	if err != nil {
		return nil, err
	}
	return s.vocabulariesWithConcepts(ctx, rows)
}

// GetVocabulary returns the vocabulary with slug, or ENOTFOUND.
func (s *Store) GetVocabulary(ctx context.Context, slug string) (opencity.Vocabulary, error) {
	row, err := getOne[vocabularyRow](ctx, s.db, "vocabularies", "vocabulary", slug, nil)
	if err != nil {
		return opencity.Vocabulary{}, err
	}
	out, err := s.vocabulariesWithConcepts(ctx, []vocabularyRow{row})
	if err != nil {
		return opencity.Vocabulary{}, err
	}
	return out[0], nil
}
