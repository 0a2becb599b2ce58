package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type comparisonRow struct {
	Slug, Survey, Statement, AsPrinted, Source string
	Wave, WaveNote, ShareQualifier             *string
	DenominatorNote, FigureNote, Concept, Note *string
	ConceptLabel                               *string
	Share                                      *float64
	CityCount, Denominator                     *int
	LabelInferred                              bool
}

func joinComparisonConcept(q *gorm.DB) *gorm.DB {
	return q.Select("comparisons.*, concepts.label AS concept_label").
		Joins("LEFT JOIN concepts ON concepts.slug = comparisons.concept")
}

func (r comparisonRow) domain() opencity.Comparison {
	c := opencity.Comparison{
		Slug: r.Slug, Href: opencity.NewRef("comparisons", r.Slug).Href, Kind: opencity.KindPublished,
		Survey: opencity.NewRef("surveys", r.Survey), Wave: opencity.RefPtr("survey-waves", r.Wave),
		WaveNote: r.WaveNote, Statement: r.Statement, AsPrinted: r.AsPrinted, Share: r.Share,
		ShareQualifier: r.ShareQualifier, CityCount: r.CityCount, Denominator: r.Denominator,
		DenominatorNote: r.DenominatorNote, FigureNote: r.FigureNote, LabelInferred: r.LabelInferred,
		Note: r.Note, Source: opencity.SourceRef(r.Source),
	}
	if r.Concept != nil && r.ConceptLabel != nil {
		ref := opencity.ConceptRef(*r.Concept, *r.ConceptLabel)
		c.Concept = &ref
	}
	return c
}

// ListComparisons returns one page of published survey figures in slug order (up to p.Limit+1).
func (s *Store) ListComparisons(ctx context.Context, q opencity.ListQuery) ([]opencity.Comparison, error) {
	rows, err := listPage[comparisonRow](ctx, s.db, "comparisons", q, joinComparisonConcept)
	return mapRows(rows, comparisonRow.domain), err
}

// GetComparison returns the published survey figure with slug, or ENOTFOUND.
func (s *Store) GetComparison(ctx context.Context, slug string) (opencity.Comparison, error) {
	row, err := getOne[comparisonRow](ctx, s.db, "comparisons", "comparison", slug, joinComparisonConcept)
	return row.domain(), err
}
