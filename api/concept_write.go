package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// conceptWriteStore is what the writes of vocabulary concepts need from the store.
type conceptWriteStore interface {
	CreateConcept(ctx context.Context, who opencity.Writer, d opencity.ConceptDraft) (opencity.Concept, error)
	ReplaceConcept(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ConceptDraft) (opencity.Concept, error)
	DeleteConcept(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	ConceptDraftOf(ctx context.Context, slug string) (opencity.ConceptDraft, int64, error)
}

// ConceptWrite is a vocabulary concept as a client creates or replaces it. The waves that
// offered it are not written here: a replace keeps them.
type ConceptWrite struct {
	Slug       string  `json:"slug,omitempty" validate:"omitempty,slug" example:"designer"`                            // Stable identifier: required to create; when replacing, absent or the slug of the path.
	Vocabulary string  `json:"vocabulary" validate:"required,slug" example:"innovation-roles"`                         // Slug of the vocabulary it belongs to (an existing vocabulary).
	Label      string  `json:"label" validate:"required,text,max=500" example:"Designer"`                              // English label exactly as the source prints it.
	AltLabel   *string `json:"alt_label,omitempty" validate:"omitempty,text,max=500" extensions:"x-nullable"`          // Another wording the source prints.
	Rank       *int    `json:"rank,omitempty" validate:"omitempty,gte=1,lte=1000" example:"8" extensions:"x-nullable"` // The survey's rank, where it ranks the scheme.
	Definition *string `json:"definition,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`             // The source's definition or example.
	Note       *string `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                   // Caveats.
	Source     string  `json:"source" validate:"required,slug" example:"oecd-2019-report"`                             // Slug of the source the concept comes from (an existing source).
}

func (h *Handler) conceptWrites() recordWrites[ConceptWrite, opencity.ConceptDraft, opencity.Concept] {
	return recordWrites[ConceptWrite, opencity.ConceptDraft, opencity.Concept]{
		what:  "concept",
		check: func(w ConceptWrite, pathSlug string) error { return checkValues(w, slugErrors(w.Slug, pathSlug)...) },
		draft: func(w ConceptWrite, slug string) opencity.ConceptDraft {
			return opencity.ConceptDraft{Slug: slug, Vocabulary: w.Vocabulary, Label: w.Label, AltLabel: w.AltLabel, Rank: w.Rank,
				Definition: w.Definition, Note: w.Note, Source: w.Source}
		},
		writeOf: func(d opencity.ConceptDraft) ConceptWrite {
			return ConceptWrite{Vocabulary: d.Vocabulary, Label: d.Label, AltLabel: d.AltLabel, Rank: d.Rank,
				Definition: d.Definition, Note: d.Note, Source: d.Source}
		},
		meta:   func(c opencity.Concept) (string, int64) { return c.Href, c.Version },
		create: h.store.CreateConcept, replace: h.store.ReplaceConcept, remove: h.store.DeleteConcept, draftOf: h.store.ConceptDraftOf,
	}
}

// createConcept creates a concept.
//
//	@Summary		Create a concept
//	@Description	Creates a concept of a vocabulary; its slug is in the body and must be new. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			vocabularies
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string			false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			concept			body		ConceptWrite	true	"The concept"
//	@Success		201				{object}	opencity.Concept
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new concept"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/concepts [post]
func (h *Handler) createConcept(c echo.Context) error {
	return h.conceptWrites().createIn(h, c, func(w ConceptWrite) string { return w.Slug })
}

// replaceConcept replaces a concept.
//
//	@Summary		Replace a concept
//	@Description	Replaces every value of a concept; the waves that offered it stay. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			vocabularies
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string			true	"Concept slug"	example(designer)
//	@Param			If-Match	header		string			true	"The concept's current ETag (as its GET serves it), or *"
//	@Param			concept		body		ConceptWrite	true	"The concept"
//	@Success		200			{object}	opencity.Concept
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
//	@Router			/v1/concepts/{slug} [put]
func (h *Handler) replaceConcept(c echo.Context) error { return h.conceptWrites().replaceIn(h, c) }

// patchConcept changes some values of a concept.
//
//	@Summary		Patch a concept
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid concept. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			vocabularies
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Concept slug"	example(designer)
//	@Param			If-Match	header		string	true	"The concept's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a ConceptWrite"
//	@Success		200			{object}	opencity.Concept
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
//	@Router			/v1/concepts/{slug} [patch]
func (h *Handler) patchConcept(c echo.Context) error { return h.conceptWrites().patchIn(h, c) }

// deleteConcept deletes a concept.
//
//	@Summary		Delete a concept
//	@Description	Deletes a concept softly (its GET then answers 410 Gone); one that live answers, comparisons or data-availability statements still use is not deleted (409). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			vocabularies
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Concept slug"	example(designer)
//	@Param			If-Match	header	string	true	"The concept's current ETag (as its GET serves it), or *"
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
//	@Router			/v1/concepts/{slug} [delete]
func (h *Handler) deleteConcept(c echo.Context) error { return h.conceptWrites().deleteIn(h, c) }
