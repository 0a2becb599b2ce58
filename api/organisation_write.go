package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// organisationWriteStore is what the writes of organisations need from the store.
type organisationWriteStore interface {
	CreateOrganisation(ctx context.Context, who opencity.Writer, d opencity.OrganisationDraft) (opencity.Organisation, error)
	ReplaceOrganisation(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.OrganisationDraft) (opencity.Organisation, error)
	DeleteOrganisation(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	OrganisationDraftOf(ctx context.Context, slug string) (opencity.OrganisationDraft, int64, error)
}

// OrganisationWrite is an organisation as a client creates or replaces it.
type OrganisationWrite struct {
	Slug             string  `json:"slug,omitempty" validate:"omitempty,slug" example:"national-labor-agency"`                                                                                   // Stable identifier: required to create; when replacing, absent or the slug of the path.
	Name             string  `json:"name" validate:"required,text,max=200" example:"National Labor Agency"`                                                                                      // Name.
	NameAsPrinted    string  `json:"name_as_printed" validate:"required,max=200" example:"National Labor Agency"`                                                                                // The name exactly as the source prints it.
	Kind             string  `json:"kind" validate:"required,oneof=statistics_office government_agency group utility network" enums:"statistics_office,government_agency,group,utility,network"` // Kind of organisation.
	City             *string `json:"city,omitempty" validate:"omitempty,slug" example:"leipzig" extensions:"x-nullable"`                                                                         // Slug of the city it belongs to (an existing city), for a city's own companies and groups.
	Description      *string `json:"description,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                                // Its part in the sources.
	IdentityInferred bool    `json:"identity_inferred,omitempty" example:"false"`                                                                                                                // True when the name is read into the printed name, not printed.
	Note             *string `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                                       // Caveats.
	Source           string  `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"`                                                                                             // Slug of the source the record comes from (an existing source).
}

func (w OrganisationWrite) draft(slug string) opencity.OrganisationDraft {
	return opencity.OrganisationDraft{Slug: slug, Name: w.Name, NameAsPrinted: w.NameAsPrinted, Kind: w.Kind, City: w.City,
		Description: w.Description, IdentityInferred: w.IdentityInferred, Note: w.Note, Source: w.Source}
}

func organisationWriteOf(d opencity.OrganisationDraft) OrganisationWrite {
	return OrganisationWrite{Name: d.Name, NameAsPrinted: d.NameAsPrinted, Kind: d.Kind, City: d.City,
		Description: d.Description, IdentityInferred: d.IdentityInferred, Note: d.Note, Source: d.Source}
}

// checkOrganisation validates w for the organisation at pathSlug ("" to create).
func checkOrganisation(w OrganisationWrite, pathSlug string) error {
	return checkValues(w, slugErrors(w.Slug, pathSlug)...)
}

// slugErrors checks the slug of a body: required to create (pathSlug ""), else absent or the
// slug of the path.
func slugErrors(bodySlug, pathSlug string) []opencity.FieldError {
	switch {
	case pathSlug == "" && bodySlug == "":
		return []opencity.FieldError{{Pointer: "/slug", Reason: "is required"}}
	case pathSlug != "" && bodySlug != "" && bodySlug != pathSlug:
		return []opencity.FieldError{{Pointer: "/slug", Reason: "must be the slug of the path: a slug never changes"}}
	}
	return nil
}

// organisationBody reads and validates an organisation body for pathSlug ("" to create).
func organisationBody(c echo.Context, pathSlug string) (OrganisationWrite, error) {
	var w OrganisationWrite
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return w, err
	}
	if err := decodeStrict(body, &w); err != nil {
		return w, err
	}
	return w, checkOrganisation(w, pathSlug)
}

// createOrganisation creates an organisation.
//
//	@Summary		Create an organisation
//	@Description	Creates an organisation; its slug is in the body and must be new. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			partnerships
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string				false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			organisation	body		OrganisationWrite	true	"The organisation"
//	@Success		201				{object}	opencity.Organisation
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new organisation"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/organisations [post]
func (h *Handler) createOrganisation(c echo.Context) error {
	w, err := organisationBody(c, "")
	if err != nil {
		return err
	}
	org, err := h.store.CreateOrganisation(c.Request().Context(), writerOf(c), w.draft(w.Slug))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, org.Href)
	return h.written(c, http.StatusCreated, org.Version, org)
}

// replaceOrganisation replaces an organisation.
//
//	@Summary		Replace an organisation
//	@Description	Replaces every value of an organisation. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug			path		string				true	"Organisation slug"	example(national-labor-agency)
//	@Param			If-Match		header		string				true	"The organisation's current ETag (as its GET serves it), or *"
//	@Param			organisation	body		OrganisationWrite	true	"The organisation"
//	@Success		200				{object}	opencity.Organisation
//	@Header			200				{string}	ETag		"The record's new version"
//	@Header			200				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		410				{object}	Problem
//	@Failure		412				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		428				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/organisations/{slug} [put]
func (h *Handler) replaceOrganisation(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	w, err := organisationBody(c, slug)
	if err != nil {
		return err
	}
	org, err := h.store.ReplaceOrganisation(c.Request().Context(), writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, org.Version, org)
}

// patchOrganisation changes some values of an organisation.
//
//	@Summary		Patch an organisation
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid organisation. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Organisation slug"	example(national-labor-agency)
//	@Param			If-Match	header		string	true	"The organisation's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of an OrganisationWrite"
//	@Success		200			{object}	opencity.Organisation
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
//	@Router			/v1/organisations/{slug} [patch]
func (h *Handler) patchOrganisation(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	current, version, err := h.store.OrganisationDraftOf(ctx, slug)
	if err != nil {
		return err
	}
	if expected, err = patchBase("organisation", slug, expected, version); err != nil {
		return err
	}
	var w OrganisationWrite
	if err := patchBody(c, organisationWriteOf(current), &w); err != nil {
		return err
	}
	if err := checkOrganisation(w, slug); err != nil {
		return err
	}
	org, err := h.store.ReplaceOrganisation(ctx, writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, org.Version, org)
}

// deleteOrganisation deletes an organisation.
//
//	@Summary		Delete an organisation
//	@Description	Deletes an organisation softly (its GET then answers 410 Gone); one that data partnerships still name is not deleted (409). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			partnerships
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Organisation slug"	example(national-labor-agency)
//	@Param			If-Match	header	string	true	"The organisation's current ETag (as its GET serves it), or *"
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
//	@Router			/v1/organisations/{slug} [delete]
func (h *Handler) deleteOrganisation(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteOrganisation(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}
