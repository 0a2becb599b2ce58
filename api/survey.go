package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type surveyStore interface {
	ListSurveys(ctx context.Context, q opencity.ListQuery) ([]opencity.Survey, []string, error)
	GetSurvey(ctx context.Context, slug string) (opencity.Survey, error)
	ListSurveyWaves(ctx context.Context, q opencity.ListQuery) ([]opencity.SurveyWave, []string, error)
	GetSurveyWave(ctx context.Context, slug string) (opencity.SurveyWave, error)
}

// SurveyList is a page of surveys.
type SurveyList struct {
	Data     []opencity.Survey `json:"data"`
	Links    Links             `json:"links"`
	Meta     ListMeta          `json:"meta"`
	Included *Included         `json:"included,omitempty"`
}

// SurveyWaveList is a page of survey waves.
type SurveyWaveList struct {
	Data     []opencity.SurveyWave `json:"data"`
	Links    Links                 `json:"links"`
	Meta     ListMeta              `json:"meta"`
	Included *Included             `json:"included,omitempty"`
}

// listSurveys lists surveys.
//
//	@Summary		List surveys
//	@Description	Surveys whose answers and published figures OpenCity holds, with their waves and the number of cities across waves. In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	SurveyList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/surveys [get]
func (h *Handler) listSurveys(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Surveys, h.store.ListSurveys)
}

// getSurvey returns a survey.
//
//	@Summary		Get a survey
//	@Description	One survey with its waves.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Survey slug"	example(oecd-bloomberg-innovation-capacity)
//	@Success		200		{object}	opencity.Survey
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/surveys/{slug} [get]
func (h *Handler) getSurvey(c echo.Context) error {
	return serveItem(c, h, h.store.GetSurvey)
}

// listSurveyWaves lists survey waves.
//
//	@Summary		List survey waves
//	@Description	The waves (rounds) of each survey, named by year, with the number of cities surveyed where the sources give it (null with a note where they do not). In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	SurveyWaveList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/survey-waves [get]
func (h *Handler) listSurveyWaves(c echo.Context) error {
	return serveList(c, h, opencity.Lists.SurveyWaves, h.store.ListSurveyWaves)
}

// getSurveyWave returns a survey wave.
//
//	@Summary		Get a survey wave
//	@Description	One survey wave.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Survey wave slug"	example(2018)
//	@Success		200		{object}	opencity.SurveyWave
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/survey-waves/{slug} [get]
func (h *Handler) getSurveyWave(c echo.Context) error {
	return serveItem(c, h, h.store.GetSurveyWave)
}
