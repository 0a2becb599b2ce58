package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var surveySpec = listSpec{table: "surveys", resource: opencity.Lists.Surveys, columns: map[string]column{
	"name": {expr: "surveys.name"}, "source": {expr: "surveys.source"},
}}

var waveSpec = listSpec{table: "survey_waves", resource: opencity.Lists.SurveyWaves, columns: map[string]column{
	"survey": {expr: "survey_waves.survey"}, "year": {expr: "survey_waves.year"},
	"cities_surveyed": {expr: "survey_waves.cities_surveyed"}, "source": {expr: "survey_waves.source"},
}}

type surveyRow struct {
	Keyset
	Slug, Name, Publisher, Source string
	CitiesAcrossWaves             *int
	CitiesSource                  *string
}

type waveRow struct {
	Keyset
	Slug, Survey, Source string
	Year                 int
	CitiesSurveyed       *int
	CitiesNote           *string
}

func (r waveRow) domain() opencity.SurveyWave {
	return opencity.SurveyWave{
		Slug: r.Slug, Href: opencity.NewRef("survey-waves", r.Slug).Href,
		Survey: opencity.NewRef("surveys", r.Survey), Year: r.Year,
		CitiesSurveyed: opencity.CountFact{Value: r.CitiesSurveyed, Note: r.CitiesNote, Source: opencity.SourceRef(r.Source)},
		Source:         opencity.SourceRef(r.Source),
	}
}

func (s *Store) surveysWithWaves(ctx context.Context, rows []surveyRow) ([]opencity.Survey, error) {
	waves, err := childrenOf[waveRow](ctx, s.db, "survey_waves", "survey",
		slugsOf(rows, func(r surveyRow) string { return r.Slug }), "survey_waves.year", nil)
	if err != nil {
		return nil, err
	}
	bySurvey := groupBy(waves, func(w waveRow) string { return w.Survey })
	return mapRows(rows, func(r surveyRow) opencity.Survey {
		count := opencity.CountFact{Value: r.CitiesAcrossWaves, Source: opencity.SourceRef(r.Source)}
		if r.CitiesSource != nil {
			count.Source = opencity.SourceRef(*r.CitiesSource)
		}
		if r.CitiesAcrossWaves == nil {
			note := opencity.NotInSources
			count.Note = &note
		}
		return opencity.Survey{
			Slug: r.Slug, Href: opencity.NewRef("surveys", r.Slug).Href, Name: r.Name,
			Publisher: r.Publisher, CitiesAcrossWaves: count, Source: opencity.SourceRef(r.Source),
			Waves: mapRows(bySurvey[r.Slug], func(w waveRow) opencity.Ref { return opencity.NewRef("survey-waves", w.Slug) }),
		}
	}), nil
}

// ListSurveys returns one page of surveys in slug order (up to p.Limit+1), with their waves.
func (s *Store) ListSurveys(ctx context.Context, q opencity.ListQuery) ([]opencity.Survey, []string, error) {
	rows, next, err := page[surveyRow](ctx, s, surveySpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.surveysWithWaves(ctx, rows)
	return items, next, err
}

// GetSurvey returns the survey with slug, or ENOTFOUND.
func (s *Store) GetSurvey(ctx context.Context, slug string) (opencity.Survey, error) {
	row, err := one[surveyRow](ctx, s, surveySpec, "survey", slug)
	if err != nil {
		return opencity.Survey{}, err
	}
	out, err := s.surveysWithWaves(ctx, []surveyRow{row})
	if err != nil {
		return opencity.Survey{}, err
	}
	return out[0], nil
}

// ListSurveyWaves returns one page of survey waves in slug order (up to p.Limit+1).
func (s *Store) ListSurveyWaves(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyWave, []string, error) {
	rows, next, err := page[waveRow](ctx, s, waveSpec, q)
	return mapRows(rows, waveRow.domain), next, err
}

// GetSurveyWave returns the survey wave with slug, or ENOTFOUND.
func (s *Store) GetSurveyWave(ctx context.Context, slug string) (opencity.SurveyWave, error) {
	row, err := one[waveRow](ctx, s, waveSpec, "survey wave", slug)
	return row.domain(), err
}
