package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var responseSpec = listSpec{
	table: "survey_responses", resource: opencity.Lists.SurveyResponses,
	selects: "survey_responses.*, cities.name AS city_name",
	joins:   []string{"JOIN cities ON cities.slug = survey_responses.city"},
	columns: map[string]column{
		"city": {expr: "survey_responses.city"}, "wave": {expr: "survey_responses.wave"},
		"innovation_strategy": {expr: "survey_responses.innovation_strategy"},
		"approach":            {expr: "survey_responses.approach"},
		"dedicated_funding":   {expr: "survey_responses.dedicated_funding"},
		"roles_count":         {expr: "survey_responses.roles_count"}, "source": {expr: "survey_responses.source"},
	},
	live: true,
}

var answerSpec = listSpec{
	table: "answers", resource: opencity.Lists.Answers,
	selects: "answers.*, survey_responses.wave AS wave, concepts.label AS label",
	joins: []string{"JOIN survey_responses ON survey_responses.slug = answers.response",
		"JOIN concepts ON concepts.slug = answers.concept"},
	columns: map[string]column{
		"response": {expr: "answers.response"}, "city": {expr: "survey_responses.city"},
		"wave": {expr: "survey_responses.wave"}, "question": {expr: "answers.question"},
		"option": {expr: "answers.concept"}, "state": {expr: "answers.state"},
		"inferred": {expr: "answers.inferred"}, "source": {expr: "answers.source"},
	},
	live: true,
}

var availabilitySpec = listSpec{
	table: "data_availability", resource: opencity.Lists.DataAvailability,
	selects: "data_availability.*, cities.name AS city_name, concepts.label AS label",
	joins: []string{"JOIN cities ON cities.slug = data_availability.city",
		"JOIN concepts ON concepts.slug = data_availability.policy_area"},
	columns: map[string]column{
		"city": {expr: "data_availability.city"}, "wave": {expr: "data_availability.wave"},
		"policy_area": {expr: "data_availability.policy_area"}, "status": {expr: "data_availability.status"},
		"conflict": {expr: "data_availability.conflict"}, "source": {expr: "data_availability.source"},
	},
}

type responseRow struct {
	Keyset
	Slug, City, CityName, Wave, Source string
	InnovationStrategy, Approach       string
	DedicatedFunding                   string
	WorkLocation, Note                 *string
	RolesCount                         *int
	Version                            int64
}

type answerRow struct {
	Keyset
	Slug, Response, Wave, Question, Concept, Label, State, Source string
	Rank                                                          *int
	Inferred                                                      bool
	Note                                                          *string
	Version                                                       int64
}

// answerOrder keeps a response's answers grouped by question, options in their scheme's order.
const answerOrder = "answers.question, concepts.rank IS NULL, concepts.rank, answers.concept"

func (r answerRow) domain() opencity.Answer {
	return opencity.Answer{
		Slug: r.Slug, Href: opencity.NewRef("answers", r.Slug).Href,
		Response: opencity.NewRef("survey-responses", r.Response),
		Wave:     opencity.NewRef("survey-waves", r.Wave), Question: r.Question,
		Option: opencity.ConceptRef(r.Concept, r.Label), State: r.State, Rank: r.Rank,
		Inferred: r.Inferred, Note: r.Note, Source: opencity.SourceRef(r.Source), Version: r.Version,
	}
}

func (s *Store) responsesWithAnswers(ctx context.Context, rows []responseRow) ([]opencity.SurveyResponse, error) {
	answers, err := childrenOf[answerRow](ctx, s.db, "answers", "response",
		slugsOf(rows, func(r responseRow) string { return r.Slug }), answerOrder, answerSpec.scope)
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
			Version: r.Version,
		}
	}), nil
}

// ListSurveyResponses returns one page of survey responses in slug order (up to p.Limit+1),
// each with its answers.
func (s *Store) ListSurveyResponses(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyResponse, []string, error) {
	rows, next, err := page[responseRow](ctx, s, responseSpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.responsesWithAnswers(ctx, rows)
	return items, next, err
}

// GetSurveyResponse returns the survey response with slug, or ENOTFOUND.
func (s *Store) GetSurveyResponse(ctx context.Context, slug string) (opencity.SurveyResponse, error) {
	row, err := one[responseRow](ctx, s, responseSpec, "survey response", slug)
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
func (s *Store) ListAnswers(ctx context.Context, q opencity.ListQuery) ([]opencity.Answer, []string, error) {
	rows, next, err := page[answerRow](ctx, s, answerSpec, q)
	return mapRows(rows, answerRow.domain), next, err
}

// GetAnswer returns the answer with slug, or ENOTFOUND.
func (s *Store) GetAnswer(ctx context.Context, slug string) (opencity.Answer, error) {
	row, err := one[answerRow](ctx, s, answerSpec, "answer", slug)
	return row.domain(), err
}

type availabilityRow struct {
	Keyset
	Slug, City, CityName, PolicyArea, Label, Status, Source string
	Wave, Note                                              *string
	Conflict                                                bool
	Position                                                int
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
func (s *Store) ListDataAvailability(ctx context.Context, q opencity.ListQuery) ([]opencity.DataAvailability, []string, error) {
	rows, next, err := page[availabilityRow](ctx, s, availabilitySpec, q)
	return mapRows(rows, availabilityRow.domain), next, err
}

// GetDataAvailability returns the data-availability statement with slug, or ENOTFOUND.
func (s *Store) GetDataAvailability(ctx context.Context, slug string) (opencity.DataAvailability, error) {
	row, err := one[availabilityRow](ctx, s, availabilitySpec, "data-availability statement", slug)
	return row.domain(), err
}
