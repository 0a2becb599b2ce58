package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// partnershipWriteStore is what the writes of data partnerships need from the store.
type partnershipWriteStore interface {
	CreateDataPartnership(ctx context.Context, who opencity.Writer, d opencity.DataPartnershipDraft) (opencity.DataPartnership, error)
	ReplaceDataPartnership(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.DataPartnershipDraft) (opencity.DataPartnership, error)
	DeleteDataPartnership(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	DataPartnershipDraftOf(ctx context.Context, slug string) (opencity.DataPartnershipDraft, int64, error)
}

// DataPartnershipWrite is a data partnership as a client creates or replaces it.
type DataPartnershipWrite struct {
	Slug    string  `json:"slug,omitempty" validate:"omitempty,slug" example:"leipzig-national-labor-agency"` // Stable identifier: required to create; when replacing, absent or the slug of the path.
	City    string  `json:"city" validate:"required,slug" example:"leipzig"`                                  // Slug of the city (an existing city).
	Partner string  `json:"partner" validate:"required,slug" example:"national-labor-agency"`                 // Slug of the partner organisation (an existing organisation).
	Purpose string  `json:"purpose" validate:"required,text,max=500" example:"to collect and analyze data"`   // Its purpose, as printed.
	Wave    *string `json:"wave,omitempty" validate:"omitempty,slug" example:"2020" extensions:"x-nullable"`  // Slug of the survey wave that reports it, where known.
	Source  string  `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"`                   // Slug of the source the record comes from (an existing source).
}

func (w DataPartnershipWrite) draft(slug string) opencity.DataPartnershipDraft {
	return opencity.DataPartnershipDraft{Slug: slug, City: w.City, Partner: w.Partner, Purpose: w.Purpose, Wave: w.Wave, Source: w.Source}
}

func partnershipWriteOf(d opencity.DataPartnershipDraft) DataPartnershipWrite {
	return DataPartnershipWrite{City: d.City, Partner: d.Partner, Purpose: d.Purpose, Wave: d.Wave, Source: d.Source}
}

// partnershipBody reads and validates a data partnership body for pathSlug ("" to create).
func partnershipBody(c echo.Context, pathSlug string) (DataPartnershipWrite, error) {
	var w DataPartnershipWrite
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return w, err
	}
	if err := decodeStrict(body, &w); err != nil {
		return w, err
	}
	return w, checkValues(w, slugErrors(w.Slug, pathSlug)...)
}

// createDataPartnership creates a data partnership.
//
//	@Summary		Create a data partnership
//	@Description	Creates a city's data partnership with an organisation; its slug is in the body and must be new. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			partnerships
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string					false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			partnership		body		DataPartnershipWrite	true	"The data partnership"
//	@Success		201				{object}	opencity.DataPartnership
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new data partnership"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/data-partnerships [post]
func (h *Handler) createDataPartnership(c echo.Context) error {
	w, err := partnershipBody(c, "")
	if err != nil {
		return err
	}
	p, err := h.store.CreateDataPartnership(c.Request().Context(), writerOf(c), w.draft(w.Slug))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, p.Href)
	return h.written(c, http.StatusCreated, p.Version, p)
}

// replaceDataPartnership replaces a data partnership.
//
//	@Summary		Replace a data partnership
//	@Description	Replaces every value of a data partnership. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string					true	"Data partnership slug"	example(leipzig-national-labor-agency)
//	@Param			If-Match	header		string					true	"The partnership's current ETag (as its GET serves it), or *"
//	@Param			partnership	body		DataPartnershipWrite	true	"The data partnership"
//	@Success		200			{object}	opencity.DataPartnership
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/data-partnerships/{slug} [put]
func (h *Handler) replaceDataPartnership(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	w, err := partnershipBody(c, slug)
	if err != nil {
		return err
	}
	p, err := h.store.ReplaceDataPartnership(c.Request().Context(), writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, p.Version, p)
}

// patchDataPartnership changes some values of a data partnership.
//
//	@Summary		Patch a data partnership
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid data partnership. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Data partnership slug"	example(leipzig-national-labor-agency)
//	@Param			If-Match	header		string	true	"The partnership's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a DataPartnershipWrite"
//	@Success		200			{object}	opencity.DataPartnership
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/data-partnerships/{slug} [patch]
func (h *Handler) patchDataPartnership(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	current, version, err := h.store.DataPartnershipDraftOf(ctx, slug)
	if err != nil {
		return err
	}
	if expected, err = patchBase("data partnership", slug, expected, version); err != nil {
		return err
	}
	var w DataPartnershipWrite
	if err := patchBody(c, partnershipWriteOf(current), &w); err != nil {
		return err
	}
	if err := checkValues(w, slugErrors(w.Slug, slug)...); err != nil {
		return err
	}
	p, err := h.store.ReplaceDataPartnership(ctx, writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, p.Version, p)
}

// deleteDataPartnership deletes a data partnership.
//
//	@Summary		Delete a data partnership
//	@Description	Deletes a data partnership softly (its GET then answers 410 Gone). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Data partnership slug"	example(leipzig-national-labor-agency)
//	@Param			If-Match	header	string	true	"The partnership's current ETag (as its GET serves it), or *"
//	@Success		204
//	@Header			204	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		410	{object}	Problem
//	@Failure		412	{object}	Problem
//	@Failure		428	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/data-partnerships/{slug} [delete]
func (h *Handler) deleteDataPartnership(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteDataPartnership(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}
