package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type responseRow struct {
	Slug, City, CityName, Wave, Source string
	InnovationStrategy, Approach       string
	DedicatedFunding                   string
	WorkLocation, Note                 *string
	RolesCount                         *int
}

func joinResponseCity(q *gorm.DB) *gorm.DB {
	return q.Select("survey_responses.*, cities.name AS city_name").
		Joins("JOIN cities ON cities.slug = survey_responses.city")
}

type answerRow struct {
	Slug, Response, Wave, Question, Concept, Label, State, Source string
	Rank                                                          *int
	Inferred                                                      bool
	Note                                                          *string
}

const answerColumns = "answers.*, survey_responses.wave AS wave, concepts.label AS label"

// answerOrder keeps a response's answers grouped by question, options in their scheme's order.
const answerOrder = "answers.question, concepts.rank IS NULL, concepts.rank, answers.concept"

func joinAnswer(q *gorm.DB) *gorm.DB {
	return q.Select(answerColumns).
		Joins("JOIN survey_responses ON survey_responses.slug = answers.response").
		Joins("JOIN concepts ON concepts.slug = answers.concept")
}

func (r answerRow) domain() opencity.Answer {
	return opencity.Answer{
		Slug: r.Slug, Href: opencity.NewRef("answers", r.Slug).Href,
		Response: opencity.NewRef("survey-responses", r.Response),
		Wave:     opencity.NewRef("survey-waves", r.Wave), Question: r.Question,
		Option: opencity.ConceptRef(r.Concept, r.Label), State: r.State, Rank: r.Rank,
		Inferred: r.Inferred, Note: r.Note, Source: opencity.SourceRef(r.Source),
	}
}

func (s *Store) responsesWithAnswers(ctx context.Context, rows []responseRow) ([]opencity.SurveyResponse, error) {
	answers, err := childrenOf[answerRow](ctx, s.db, "answers", "response",
		slugsOf(rows, func(r responseRow) string { return r.Slug }), answerOrder, joinAnswer)
	if err != nil {
		return nil, err
	}
	byResponse := groupBy(answers, func(a answerRow) string { return a.Response })
	return mapRows(rows, func(r responseRow) opencity.SurveyResponse {
		return opencity.SurveyResponse{
			Slug: r.Slug, Href: opencity.NewRef("survey-responses", r.Slug).Href,
			City: opencity.NewNamedRef("cities", r.City, r.CityName), Wave: opencity.NewRef("survey-waves", r.Wave),
			InnovationStrategy: r.InnovationStrategy, Approach: r.Approach, WorkLocation: r.WorkLocation,
			DedicatedFunding: r.DedicatedFunding, RolesCount: r.RolesCount, Note: r.Note,
			Answers: mapRows(byResponse[r.Slug], answerRow.domain), Source: opencity.SourceRef(r.Source),
		}
	}), nil
}

// ListSurveyResponses returns one page of survey responses in slug order (up to p.Limit+1),
// each with its answers.
func (s *Store) ListSurveyResponses(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyResponse, error) {
	rows, err := listPage[responseRow](ctx, s.db, "survey_responses", q, joinResponseCity)
	if err != nil {
		return nil, err
	}
	return s.responsesWithAnswers(ctx, rows)
}

// GetSurveyResponse returns the survey response with slug, or ENOTFOUND.
func (s *Store) GetSurveyResponse(ctx context.Context, slug string) (opencity.SurveyResponse, error) {
	row, err := getOne[responseRow](ctx, s.db, "survey_responses", "survey response", slug, joinResponseCity)
	if err != nil {
		return opencity.SurveyResponse{}, err
	}
	out, err := s.responsesWithAnswers(ctx, []responseRow{row})
	if err != nil {
		return opencity.SurveyResponse{}, err
	}
	return out[0], nil
}

// ListAnswers returns one page of answers in slug order (up to p.Limit+1).
func (s *Store) ListAnswers(ctx context.Context, q opencity.ListQuery) ([]opencity.Answer, error) {
	rows, err := listPage[answerRow](ctx, s.db, "answers", q, joinAnswer)
	return mapRows(rows, answerRow.domain), err
}

// GetAnswer returns the answer with slug, or ENOTFOUND.
func (s *Store) GetAnswer(ctx context.Context, slug string) (opencity.Answer, error) {
	row, err := getOne[answerRow](ctx, s.db, "answers", "answer", slug, joinAnswer)
	return row.domain(), err
}

type availabilityRow struct {
	Slug, City, CityName, PolicyArea, Label, Status, Source string
	Wave, Note                                              *string
	Conflict                                                bool
	Position                                                int
}

func joinAvailability(q *gorm.DB) *gorm.DB {
	return q.Select("data_availability.*, cities.name AS city_name, concepts.label AS label").
		Joins("JOIN cities ON cities.slug = data_availability.city").
		Joins("JOIN concepts ON concepts.slug = data_availability.policy_area")
}

func (r availabilityRow) domain() opencity.DataAvailability {
	return opencity.DataAvailability{
		Slug: r.Slug, Href: opencity.NewRef("data-availability", r.Slug).Href,
		City: opencity.NewNamedRef("cities", r.City, r.CityName), Wave: opencity.RefPtr("survey-waves", r.Wave),
		PolicyArea: opencity.ConceptRef(r.PolicyArea, r.Label), Status: r.Status, Conflict: r.Conflict,
		Position: r.Position, Note: r.Note, Source: opencity.SourceRef(r.Source),
	}
}

// ListDataAvailability returns one page of data-availability statements in slug order (up to
// p.Limit+1).
func (s *Store) ListDataAvailability(ctx context.Context, q opencity.ListQuery) ([]opencity.DataAvailability, error) {
	rows, err := listPage[availabilityRow](ctx, s.db, "data_availability", q, joinAvailability)
	return mapRows(rows, availabilityRow.domain), err
}

// GetDataAvailability returns the data-availability statement with slug, or ENOTFOUND.
func (s *Store) GetDataAvailability(ctx context.Context, slug string) (opencity.DataAvailability, error) {
	row, err := getOne[availabilityRow](ctx, s.db, "data_availability", "data-availability statement", slug, joinAvailability)
	return row.domain(), err
}
