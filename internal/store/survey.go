package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

type surveyRow struct {
	Slug, Name, Publisher, Source string
	CitiesAcrossWaves             *int
	CitiesSource                  *string
}

type waveRow struct {
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
func (s *Store) ListSurveys(ctx context.Context, q opencity.ListQuery) ([]opencity.Survey, error) {
	rows, err := listPage[surveyRow](ctx, s.db, "surveys", q, nil)
	if err != nil {
		return nil, err
	}
	return s.surveysWithWaves(ctx, rows)
}

// GetSurvey returns the survey with slug, or ENOTFOUND.
func (s *Store) GetSurvey(ctx context.Context, slug string) (opencity.Survey, error) {
	row, err := getOne[surveyRow](ctx, s.db, "surveys", "survey", slug, nil)
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
func (s *Store) ListSurveyWaves(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyWave, error) {
	rows, err := listPage[waveRow](ctx, s.db, "survey_waves", q, nil)
	return mapRows(rows, waveRow.domain), err
}

// GetSurveyWave returns the survey wave with slug, or ENOTFOUND.
func (s *Store) GetSurveyWave(ctx context.Context, slug string) (opencity.SurveyWave, error) {
	row, err := getOne[waveRow](ctx, s.db, "survey_waves", "survey wave", slug, nil)
	return row.domain(), err
}
