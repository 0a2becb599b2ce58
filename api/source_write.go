package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// sourceWriteStore is what the writes of sources need from the store.
type sourceWriteStore interface {
	CreateSource(ctx context.Context, who opencity.Writer, d opencity.SourceDraft) (opencity.Source, error)
	ReplaceSource(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.SourceDraft) (opencity.Source, error)
	DeleteSource(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	SourceDraftOf(ctx context.Context, slug string) (opencity.SourceDraft, int64, error)
}

// SourceWrite is a source as a client creates or replaces it. A source names no source.
type SourceWrite struct {
	Slug        string  `json:"slug,omitempty" validate:"omitempty,slug" example:"leipzig-open-data-portal"`                                                                // Stable identifier: required to create; when replacing, absent or the slug of the path.
	Title       string  `json:"title" validate:"required,text,max=500" example:"Leipzig open data portal"`                                                                  // Title of the document.
	Publisher   string  `json:"publisher" validate:"required,text,max=200" example:"City of Leipzig"`                                                                       // Who published it.
	URL         string  `json:"url" validate:"required,max=2000,url" example:"https://opendata.leipzig.de/"`                                                                // Where it is published: an absolute URL.
	Identifier  *string `json:"identifier,omitempty" validate:"omitempty,text,max=200" example:"doi:10.1787/9789264385047-en" extensions:"x-nullable"`                      // A persistent identifier (DOI, CORDIS id), where there is one.
	Kind        string  `json:"kind" validate:"required,oneof=seed_document public_record synthetic" enums:"seed_document,public_record,synthetic" example:"public_record"` // Kind of source; synthetic marks generated data (synthetic: true).
	RetrievedOn *string `json:"retrieved_on,omitempty" validate:"omitempty,datetime=2006-01-02" example:"2026-11-01" extensions:"x-nullable"`                               // Date the copy was retrieved (ISO 8601, YYYY-MM-DD).
	Licence     *string `json:"licence,omitempty" validate:"omitempty,text,max=200" example:"CC BY 4.0" extensions:"x-nullable"`                                            // Licence of the document.
	Note        *string `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                       // What the source covers, and any caveat.
}

func (w SourceWrite) draft(slug string) opencity.SourceDraft {
	return opencity.SourceDraft{Slug: slug, Title: w.Title, Publisher: w.Publisher, URL: w.URL, Identifier: w.Identifier,
		Kind: w.Kind, RetrievedOn: w.RetrievedOn, Licence: w.Licence, Note: w.Note}
}

func sourceWriteOf(d opencity.SourceDraft) SourceWrite {
	return SourceWrite{Title: d.Title, Publisher: d.Publisher, URL: d.URL, Identifier: d.Identifier, Kind: d.Kind,
		RetrievedOn: d.RetrievedOn, Licence: d.Licence, Note: d.Note}
}

// checkSource validates w for the source at pathSlug ("" to create).
func checkSource(w SourceWrite, pathSlug string) error {
	return checkValues(w, slugErrors(w.Slug, pathSlug)...)
}

// sourceBody reads and validates a source body for pathSlug ("" to create).
func sourceBody(c echo.Context, pathSlug string) (SourceWrite, error) {
	var w SourceWrite
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return w, err
	}
	if err := decodeStrict(body, &w); err != nil {
		return w, err
	}
	return w, checkSource(w, pathSlug)
}

// createSource creates a source.
//
//	@Summary		Create a source
//	@Description	Creates a source document; its slug is in the body and must be new. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			sources
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string		false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			source			body		SourceWrite	true	"The source"
//	@Success		201				{object}	opencity.Source
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new source"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/sources [post]
func (h *Handler) createSource(c echo.Context) error {
	w, err := sourceBody(c, "")
	if err != nil {
		return err
	}
	src, err := h.store.CreateSource(c.Request().Context(), writerOf(c), w.draft(w.Slug))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, src.Href)
	return h.written(c, http.StatusCreated, src.Version, src)
}

// replaceSource replaces a source.
//
//	@Summary		Replace a source
//	@Description	Replaces every value of a source. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			sources
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string		true	"Source slug"	example(oecd-profile-leipzig)
//	@Param			If-Match	header		string		true	"The source's current ETag (as its GET serves it), or *"
//	@Param			source		body		SourceWrite	true	"The source"
//	@Success		200			{object}	opencity.Source
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
//	@Router			/v1/sources/{slug} [put]
func (h *Handler) replaceSource(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	w, err := sourceBody(c, slug)
	if err != nil {
		return err
	}
	src, err := h.store.ReplaceSource(c.Request().Context(), writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, src.Version, src)
}

// patchSource changes some values of a source.
//
//	@Summary		Patch a source
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid source. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			sources
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Source slug"	example(oecd-profile-leipzig)
//	@Param			If-Match	header		string	true	"The source's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a SourceWrite"
//	@Success		200			{object}	opencity.Source
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
//	@Router			/v1/sources/{slug} [patch]
func (h *Handler) patchSource(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	current, version, err := h.store.SourceDraftOf(ctx, slug)
	if err != nil {
		return err
	}
	if expected, err = patchBase("source", slug, expected, version); err != nil {
		return err
	}
	var w SourceWrite
	if err := patchBody(c, sourceWriteOf(current), &w); err != nil {
		return err
	}
	if err := checkSource(w, slug); err != nil {
		return err
	}
	src, err := h.store.ReplaceSource(ctx, writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, src.Version, src)
}

// deleteSource deletes a source.
//
//	@Summary		Delete a source
//	@Description	Deletes a source softly (its GET then answers 410 Gone); one that any live record still names is not deleted (409). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			sources
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Source slug"	example(oecd-profile-leipzig)
//	@Param			If-Match	header	string	true	"The source's current ETag (as its GET serves it), or *"
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
//	@Router			/v1/sources/{slug} [delete]
func (h *Handler) deleteSource(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteSource(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}
