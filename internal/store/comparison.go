package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var comparisonSpec = listSpec{
	table: "comparisons", resource: opencity.Lists.Comparisons,
	selects: "comparisons.*, concepts.label AS concept_label",
	joins:   []string{"LEFT JOIN concepts ON concepts.slug = comparisons.concept"},
	columns: map[string]column{
		"wave": {expr: "comparisons.wave"}, "concept": {expr: "comparisons.concept"},
		"share": {expr: "comparisons.share"}, "city_count": {expr: "comparisons.city_count"},
		"denominator": {expr: "comparisons.denominator"}, "label_inferred": {expr: "comparisons.label_inferred"},
		"source": {expr: "comparisons.source"},
	},
}

type comparisonRow struct {
	Keyset
	Slug, Survey, Statement, AsPrinted, Source string
	Wave, WaveNote, ShareQualifier             *string
	DenominatorNote, FigureNote, Concept, Note *string
	ConceptLabel                               *string
	Share                                      *float64
	CityCount, Denominator                     *int
	LabelInferred                              bool
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
func (s *Store) ListComparisons(ctx context.Context, q opencity.ListQuery) ([]opencity.Comparison, []string, error) {
	rows, next, err := page[comparisonRow](ctx, s, comparisonSpec, q)
	return mapRows(rows, comparisonRow.domain), next, err
}

// GetComparison returns the published survey figure with slug, or ENOTFOUND.
func (s *Store) GetComparison(ctx context.Context, slug string) (opencity.Comparison, error) {
	row, err := one[comparisonRow](ctx, s, comparisonSpec, "comparison", slug)
	return row.domain(), err
}
