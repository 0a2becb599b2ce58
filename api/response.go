package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type responseStore interface {
	ListSurveyResponses(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyResponse, []string, error)
	GetSurveyResponse(ctx context.Context, slug string) (opencity.SurveyResponse, error)
	ListAnswers(ctx context.Context, q opencity.ListQuery) ([]opencity.Answer, []string, error)
	GetAnswer(ctx context.Context, slug string) (opencity.Answer, error)
	ListDataAvailability(ctx context.Context, q opencity.ListQuery) ([]opencity.DataAvailability, []string, error)
	GetDataAvailability(ctx context.Context, slug string) (opencity.DataAvailability, error)
}

// SurveyResponseList is a page of survey responses.
type SurveyResponseList struct {
	Data     []opencity.SurveyResponse `json:"data"`
	Links    Links                     `json:"links"`
	Meta     ListMeta                  `json:"meta"`
	Included *Included                 `json:"included,omitempty"`
}

// AnswerList is a page of answers.
type AnswerList struct {
	Data     []opencity.Answer `json:"data"`
	Links    Links             `json:"links"`
	Meta     ListMeta          `json:"meta"`
	Included *Included         `json:"included,omitempty"`
}

// DataAvailabilityList is a page of data-availability statements.
type DataAvailabilityList struct {
	Data     []opencity.DataAvailability `json:"data"`
	Links    Links                       `json:"links"`
	Meta     ListMeta                    `json:"meta"`
	Included *Included                   `json:"included,omitempty"`
}

// listSurveyResponses lists survey responses.
//
//	@Summary		List survey responses
//	@Description	Each city's answers to one survey wave: strategy, approach, where innovation work sits, dedicated funding, and every multiple-choice answer with its state (selected, not_selected, not_offered, no_answer). In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	SurveyResponseList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/survey-responses [get]
func (h *Handler) listSurveyResponses(c echo.Context) error {
	return serveList(c, h, opencity.Lists.SurveyResponses, h.store.ListSurveyResponses)
}

// getSurveyResponse returns a survey response.
//
//	@Summary		Get a survey response
//	@Description	One survey response with all its answers.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Survey response slug"	example(leipzig-2020)
//	@Success		200		{object}	opencity.SurveyResponse
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/survey-responses/{slug} [get]
func (h *Handler) getSurveyResponse(c echo.Context) error {
	return serveItem(c, h, h.store.GetSurveyResponse)
}

// listAnswers lists answers.
//
//	@Summary		List answers
//	@Description	Every answer to a multiple-choice question: the option, its state (selected, not_selected, not_offered: not in that wave's questionnaire, no_answer), whether the state is inferred, and its source. In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	AnswerList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/answers [get]
func (h *Handler) listAnswers(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Answers, h.store.ListAnswers)
}

// getAnswer returns an answer.
//
//	@Summary		Get an answer
//	@Description	One answer.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Answer slug"	example(leipzig-2020-policy-focus-transport-mobility)
//	@Success		200		{object}	opencity.Answer
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/answers/{slug} [get]
func (h *Handler) getAnswer(c echo.Context) error {
	return serveItem(c, h, h.store.GetAnswer)
}

// listDataAvailability lists data-availability statements.
//
//	@Summary		List data-availability statements
//	@Description	Whether each city has sufficient data in each policy area, as its source states. A source that contradicts itself gives two statements, both flagged conflict: true. In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	DataAvailabilityList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/data-availability [get]
func (h *Handler) listDataAvailability(c echo.Context) error {
	return serveList(c, h, opencity.Lists.DataAvailability, h.store.ListDataAvailability)
}

// getDataAvailability returns a data-availability statement.
//
//	@Summary		Get a data-availability statement
//	@Description	One data-availability statement.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Data-availability statement slug"	example(leipzig-sufficient-health)
//	@Success		200		{object}	opencity.DataAvailability
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/data-availability/{slug} [get]
func (h *Handler) getDataAvailability(c echo.Context) error {
	return serveItem(c, h, h.store.GetDataAvailability)
}
