package api

import (
	"context"
	"net/http"

	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// responseWriteStore is what the writes of survey responses and their answers need from the
// store.
type responseWriteStore interface {
	CreateSurveyResponse(ctx context.Context, who opencity.Writer, d opencity.SurveyResponseDraft) (opencity.SurveyResponse, error)
	ReplaceSurveyResponse(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.SurveyResponseDraft) (opencity.SurveyResponse, error)
	DeleteSurveyResponse(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	SurveyResponseDraftOf(ctx context.Context, slug string) (opencity.SurveyResponseDraft, int64, error)
	AddAnswer(ctx context.Context, who opencity.Writer, d opencity.AnswerDraft) (opencity.Answer, error)
	ReplaceAnswer(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.AnswerDraft) (opencity.Answer, error)
	DeleteAnswer(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	AnswerDraftOf(ctx context.Context, slug string) (opencity.AnswerDraft, int64, error)
}

// SurveyResponseWrite is a city's response to a survey wave as a client creates or replaces
// it. A create may carry the response's answers, written with it all or nothing; a replace or
// patch changes the response's own values (its answers are written at /v1/answers).
type SurveyResponseWrite struct {
	Slug               string        `json:"slug,omitempty" validate:"omitempty,slug" example:"dresden-2020"`                                                                     // Stable identifier: required to create; when replacing, absent or the slug of the path.
	City               string        `json:"city" validate:"required,slug" example:"dresden"`                                                                                     // Slug of the city that answered (an existing city); a city has one response per wave.
	Wave               string        `json:"wave" validate:"required,slug" example:"2020"`                                                                                        // Slug of the survey wave (an existing wave).
	InnovationStrategy string        `json:"innovation_strategy" validate:"required,oneof=yes no no_answer" enums:"yes,no,no_answer" example:"yes"`                               // Whether the city has an explicit innovation strategy.
	Approach           string        `json:"approach" validate:"required,oneof=holistic policy_areas both no_answer" enums:"holistic,policy_areas,both,no_answer" example:"both"` // Holistic/macro level, specific policy areas, or both.
	WorkLocation       *string       `json:"work_location,omitempty" validate:"omitempty,text,max=500" extensions:"x-nullable"`                                                   // Where innovation work sits, as printed.
	DedicatedFunding   string        `json:"dedicated_funding" validate:"required,oneof=yes no no_answer" enums:"yes,no,no_answer" example:"no_answer"`                           // Whether it has dedicated funding for innovation capacity.
	RolesCount         *int          `json:"roles_count,omitempty" validate:"omitempty,gte=0,lte=1000" example:"3" extensions:"x-nullable"`                                       // Number of innovation skills or roles it uses, as printed.
	Note               *string       `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                // Caveats.
	Source             string        `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"`                                                                      // Slug of the source the answers come from (an existing source).
	Answers            []AnswerWrite `json:"answers,omitempty" validate:"omitempty,max=1000,dive"`                                                                                // Only on create: its answers to the multiple-choice questions.
}

// AnswerWrite is the state of one option of one multiple-choice question in a survey
// response, as a client writes it.
type AnswerWrite struct {
	Slug     string  `json:"slug,omitempty" validate:"omitempty,slug" example:"dresden-2020-policy-focus-housing"`                                                                                                                                                                                                                                                                                                      // Stable identifier; by default <response>-<question>-<option>. When replacing, absent or the slug of the path.
	Question string  `json:"question" validate:"required,oneof=policy_focus innovation_roles innovation_terms most_common_activity funding_sources funded_activities innovation_benefits success_factors partnership_kinds" enums:"policy_focus,innovation_roles,innovation_terms,most_common_activity,funding_sources,funded_activities,innovation_benefits,success_factors,partnership_kinds" example:"policy_focus"` // The question.
	Option   string  `json:"option" validate:"required,slug" example:"housing"`                                                                                                                                                                                                                                                                                                                                         // Slug of the option (an existing concept).
	State    string  `json:"state" validate:"required,oneof=selected not_selected not_offered no_answer" enums:"selected,not_selected,not_offered,no_answer" example:"selected"`                                                                                                                                                                                                                                        // selected; not_selected; not_offered: not in that wave's questionnaire; no_answer.
	Rank     *int    `json:"rank,omitempty" validate:"omitempty,gte=1,lte=1000" example:"1" extensions:"x-nullable"`                                                                                                                                                                                                                                                                                                    // The city's rank of the option, where it ranks them.
	Inferred bool    `json:"inferred,omitempty" example:"false"`                                                                                                                                                                                                                                                                                                                                                        // True when the state is read from what the source leaves out, not printed.
	Note     *string `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                                                                                                                                                                                                                                                                      // How the state is known.
	Source   string  `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"`                                                                                                                                                                                                                                                                                                                            // Slug of the source of the answer (an existing source).
}

// draft is the answer w of the response, with its slug or the default one.
func (w AnswerWrite) draft(response, slug string) opencity.AnswerDraft {
	if slug == "" {
		slug = defaultSlug(response, strings.ReplaceAll(w.Question, "_", "-"), w.Option)
	}
	return opencity.AnswerDraft{Slug: slug, Response: response, Question: w.Question, Option: w.Option, State: w.State,
		Rank: w.Rank, Inferred: w.Inferred, Note: w.Note, Source: w.Source}
}

// checkSurveyResponse validates w for the response at pathSlug ("" to create): answers come
// only with a create.
func checkSurveyResponse(w SurveyResponseWrite, pathSlug string) error {
	extra := slugErrors(w.Slug, pathSlug)
	if pathSlug != "" && len(w.Answers) > 0 {
		extra = append(extra, opencity.FieldError{Pointer: "/answers",
			Reason: "answers come only with a create: write them at /v1/survey-responses/{slug}/answers and /v1/answers/{slug}"})
	}
	return checkValues(w, extra...)
}

func (h *Handler) surveyResponseWrites() recordWrites[SurveyResponseWrite, opencity.SurveyResponseDraft, opencity.SurveyResponse] {
	return recordWrites[SurveyResponseWrite, opencity.SurveyResponseDraft, opencity.SurveyResponse]{
		what:  "survey response",
		check: checkSurveyResponse,
		draft: func(w SurveyResponseWrite, slug string) opencity.SurveyResponseDraft {
			d := opencity.SurveyResponseDraft{Slug: slug, City: w.City, Wave: w.Wave, InnovationStrategy: w.InnovationStrategy,
				Approach: w.Approach, WorkLocation: w.WorkLocation, DedicatedFunding: w.DedicatedFunding, RolesCount: w.RolesCount,
				Note: w.Note, Source: w.Source}
			for _, a := range w.Answers {
				d.Answers = append(d.Answers, a.draft(slug, a.Slug))
			}
			return d
		},
		writeOf: func(d opencity.SurveyResponseDraft) SurveyResponseWrite {
			return SurveyResponseWrite{City: d.City, Wave: d.Wave, InnovationStrategy: d.InnovationStrategy, Approach: d.Approach,
				WorkLocation: d.WorkLocation, DedicatedFunding: d.DedicatedFunding, RolesCount: d.RolesCount, Note: d.Note, Source: d.Source}
		},
		meta:   func(r opencity.SurveyResponse) (string, int64) { return r.Href, r.Version },
		create: h.store.CreateSurveyResponse, replace: h.store.ReplaceSurveyResponse, remove: h.store.DeleteSurveyResponse,
		draftOf: h.store.SurveyResponseDraftOf,
	}
}

func (h *Handler) answerWrites() recordWrites[AnswerWrite, opencity.AnswerDraft, opencity.Answer] {
	return recordWrites[AnswerWrite, opencity.AnswerDraft, opencity.Answer]{
		what:  "answer",
		check: func(w AnswerWrite, pathSlug string) error { return checkValues(w, slugErrors(w.Slug, pathSlug)...) },
		draft: func(w AnswerWrite, slug string) opencity.AnswerDraft { return w.draft("", slug) },
		writeOf: func(d opencity.AnswerDraft) AnswerWrite {
			return AnswerWrite{Question: d.Question, Option: d.Option, State: d.State, Rank: d.Rank, Inferred: d.Inferred,
				Note: d.Note, Source: d.Source}
		},
		meta:    func(a opencity.Answer) (string, int64) { return a.Href, a.Version },
		replace: h.store.ReplaceAnswer, remove: h.store.DeleteAnswer, draftOf: h.store.AnswerDraftOf,
	}
}

// addAnswer adds an answer to a survey response.
//
//	@Summary		Add an answer
//	@Description	Adds the state of one option of one question to a survey response (one answer per question and option: 409 for a second); the response's version grows. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			surveys
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug			path		string		true	"Survey response slug"	example(leipzig-2020)
//	@Param			Idempotency-Key	header		string		false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			answer			body		AnswerWrite	true	"The answer"
//	@Success		201				{object}	opencity.Answer
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new answer"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		410				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/survey-responses/{slug}/answers [post]
func (h *Handler) addAnswer(c echo.Context) error {
	response, err := slugParam(c)
	if err != nil {
		return err
	}
	w, err := recordBody(c, func(w AnswerWrite, _ string) error { return checkValues(w) }, "")
	if err != nil {
		return err
	}
	a, err := h.store.AddAnswer(c.Request().Context(), writerOf(c), w.draft(response, w.Slug))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, a.Href)
	return h.written(c, http.StatusCreated, a.Version, a)
}

// createSurveyResponse creates a survey response.
//
//	@Summary		Create a survey response
//	@Description	Creates a city's response to a survey wave, with its answers if the body carries them, all or nothing; its slug is in the body and must be new, and a city has one response per wave (409). Every field that names a record that does not exist is listed (422), the answers' by their index (/answers/0/option). Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			surveys
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string				false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			response		body		SurveyResponseWrite	true	"The survey response"
//	@Success		201				{object}	opencity.SurveyResponse
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new survey response"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/survey-responses [post]
func (h *Handler) createSurveyResponse(c echo.Context) error {
	return h.surveyResponseWrites().createIn(h, c, func(w SurveyResponseWrite) string { return w.Slug })
}

// replaceSurveyResponse replaces a survey response.
//
//	@Summary		Replace a survey response
//	@Description	Replaces every value of a survey response but its answers. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string				true	"Survey response slug"	example(leipzig-2020)
//	@Param			If-Match	header		string				true	"The survey response's current ETag (as its GET serves it), or *"
//	@Param			response	body		SurveyResponseWrite	true	"The survey response"
//	@Success		200			{object}	opencity.SurveyResponse
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/survey-responses/{slug} [put]
func (h *Handler) replaceSurveyResponse(c echo.Context) error {
	return h.surveyResponseWrites().replaceIn(h, c)
}

// patchSurveyResponse changes some values of a survey response.
//
//	@Summary		Patch a survey response
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid survey response. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Survey response slug"	example(leipzig-2020)
//	@Param			If-Match	header		string	true	"The survey response's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a SurveyResponseWrite"
//	@Success		200			{object}	opencity.SurveyResponse
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/survey-responses/{slug} [patch]
func (h *Handler) patchSurveyResponse(c echo.Context) error {
	return h.surveyResponseWrites().patchIn(h, c)
}

// deleteSurveyResponse deletes a survey response.
//
//	@Summary		Delete a survey response
//	@Description	Deletes a survey response and its answers softly, in one transaction (their GETs then answer 410 Gone). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Survey response slug"	example(leipzig-2020)
//	@Param			If-Match	header	string	true	"The survey response's current ETag (as its GET serves it), or *"
//	@Success		204
//	@Header			204	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Failure		410	{object}	Problem
//	@Failure		412	{object}	Problem
//	@Failure		428	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/survey-responses/{slug} [delete]
func (h *Handler) deleteSurveyResponse(c echo.Context) error {
	return h.surveyResponseWrites().deleteIn(h, c)
}

// replaceAnswer replaces an answer.
//
//	@Summary		Replace an answer
//	@Description	Replaces every value of an answer; it stays in its survey response, whose version grows. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string		true	"Answer slug"	example(leipzig-2020-policy-focus-transport-mobility)
//	@Param			If-Match	header		string		true	"The answer's current ETag (as its GET serves it), or *"
//	@Param			answer		body		AnswerWrite	true	"The answer"
//	@Success		200			{object}	opencity.Answer
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/answers/{slug} [put]
func (h *Handler) replaceAnswer(c echo.Context) error { return h.answerWrites().replaceIn(h, c) }

// patchAnswer changes some values of an answer.
//
//	@Summary		Patch an answer
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid answer. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Answer slug"	example(leipzig-2020-policy-focus-transport-mobility)
//	@Param			If-Match	header		string	true	"The answer's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a AnswerWrite"
//	@Success		200			{object}	opencity.Answer
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/answers/{slug} [patch]
func (h *Handler) patchAnswer(c echo.Context) error { return h.answerWrites().patchIn(h, c) }

// deleteAnswer deletes an answer.
//
//	@Summary		Delete an answer
//	@Description	Deletes an answer softly (its GET then answers 410 Gone); its survey response's version grows. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			surveys
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Answer slug"	example(leipzig-2020-policy-focus-transport-mobility)
//	@Param			If-Match	header	string	true	"The answer's current ETag (as its GET serves it), or *"
//	@Success		204
//	@Header			204	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Failure		410	{object}	Problem
//	@Failure		412	{object}	Problem
//	@Failure		428	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/answers/{slug} [delete]
func (h *Handler) deleteAnswer(c echo.Context) error { return h.answerWrites().deleteIn(h, c) }
