package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// projectWriteStore is what the writes of projects and participations need from the store.
type projectWriteStore interface {
	CreateProject(ctx context.Context, who opencity.Writer, d opencity.ProjectDraft) (opencity.Project, error)
	ReplaceProject(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ProjectDraft) (opencity.Project, error)
	DeleteProject(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	ProjectDraftOf(ctx context.Context, slug string) (opencity.ProjectDraft, int64, error)
	CreateParticipation(ctx context.Context, who opencity.Writer, d opencity.ParticipationDraft) (opencity.Participation, error)
	ReplaceParticipation(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ParticipationDraft) (opencity.Participation, error)
	DeleteParticipation(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	ParticipationDraftOf(ctx context.Context, slug string) (opencity.ParticipationDraft, int64, error)
}

// ProjectWrite is a smart-city project as a client creates or replaces it.
type ProjectWrite struct {
	Slug        string  `json:"slug,omitempty" validate:"omitempty,slug" example:"efficience"`                                       // Stable identifier: required to create; when replacing, absent or the slug of the path.
	Name        string  `json:"name" validate:"required,text,max=200" example:"EfficienCE"`                                          // Name.
	Programme   string  `json:"programme" validate:"required,text,max=200" example:"Interreg Central Europe"`                        // Funding programme.
	Kind        *string `json:"kind,omitempty" validate:"omitempty,text,max=200" extensions:"x-nullable"`                            // Kind of project, where the source gives it.
	StartsOn    *string `json:"starts_on,omitempty" validate:"omitempty,datetime=2006-01" example:"2019-04" extensions:"x-nullable"` // First month (YYYY-MM); absent or null when not stated.
	EndsOn      *string `json:"ends_on,omitempty" validate:"omitempty,datetime=2006-01" example:"2022-03" extensions:"x-nullable"`   // Last month (YYYY-MM), not before the first; absent or null when not stated.
	DatesNote   *string `json:"dates_note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                          // Why the dates are unknown.
	Description *string `json:"description,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                         // What the sources say of it.
	Source      string  `json:"source" validate:"required,slug" example:"cordis-646578"`                                             // Slug of the source the record comes from (an existing source).
}

// ParticipationWrite is a city's role in a project as a client creates or replaces it.
type ParticipationWrite struct {
	Slug     string  `json:"slug,omitempty" validate:"omitempty,slug" example:"efficience-leipzig"`                                                                                           // Stable identifier: required to create; when replacing, absent or the slug of the path.
	Project  string  `json:"project" validate:"required,slug" example:"efficience"`                                                                                                           // Slug of the project (an existing project).
	City     string  `json:"city" validate:"required,slug" example:"leipzig"`                                                                                                                 // Slug of the city (an existing city).
	Role     string  `json:"role" validate:"required,oneof=lighthouse follower fellow observer lead_partner" enums:"lighthouse,follower,fellow,observer,lead_partner" example:"lead_partner"` // Its role.
	StartsOn *string `json:"starts_on,omitempty" validate:"omitempty,datetime=2006-01" example:"2019-04" extensions:"x-nullable"`                                                             // First month (YYYY-MM); absent or null when not stated.
	EndsOn   *string `json:"ends_on,omitempty" validate:"omitempty,datetime=2006-01" example:"2022-03" extensions:"x-nullable"`                                                               // Last month (YYYY-MM), not before the first; absent or null when not stated.
	Note     *string `json:"note,omitempty" validate:"omitempty,max=2000" extensions:"x-nullable"`                                                                                            // How the role or period is known.
	Source   string  `json:"source" validate:"required,slug" example:"cordis-646578"`                                                                                                         // Slug of the source the record comes from (an existing source).
}

func (h *Handler) projectWrites() recordWrites[ProjectWrite, opencity.ProjectDraft, opencity.Project] {
	return recordWrites[ProjectWrite, opencity.ProjectDraft, opencity.Project]{
		what: "project",
		check: func(w ProjectWrite, pathSlug string) error {
			return checkDated(w, w.Slug, pathSlug, w.StartsOn, w.EndsOn)
		},
		draft: func(w ProjectWrite, slug string) opencity.ProjectDraft {
			return opencity.ProjectDraft{Slug: slug, Name: w.Name, Programme: w.Programme, Kind: w.Kind, StartsOn: w.StartsOn,
				EndsOn: w.EndsOn, DatesNote: w.DatesNote, Description: w.Description, Source: w.Source}
		},
		writeOf: func(d opencity.ProjectDraft) ProjectWrite {
			return ProjectWrite{Name: d.Name, Programme: d.Programme, Kind: d.Kind, StartsOn: d.StartsOn, EndsOn: d.EndsOn,
				DatesNote: d.DatesNote, Description: d.Description, Source: d.Source}
		},
		meta:   func(p opencity.Project) (string, int64) { return p.Href, p.Version },
		create: h.store.CreateProject, replace: h.store.ReplaceProject, remove: h.store.DeleteProject, draftOf: h.store.ProjectDraftOf,
	}
}

func (h *Handler) participationWrites() recordWrites[ParticipationWrite, opencity.ParticipationDraft, opencity.Participation] {
	return recordWrites[ParticipationWrite, opencity.ParticipationDraft, opencity.Participation]{
		what: "participation",
		check: func(w ParticipationWrite, pathSlug string) error {
			return checkDated(w, w.Slug, pathSlug, w.StartsOn, w.EndsOn)
		},
		draft: func(w ParticipationWrite, slug string) opencity.ParticipationDraft {
			return opencity.ParticipationDraft{Slug: slug, Project: w.Project, City: w.City, Role: w.Role, StartsOn: w.StartsOn,
				EndsOn: w.EndsOn, Note: w.Note, Source: w.Source}
		},
		writeOf: func(d opencity.ParticipationDraft) ParticipationWrite {
			return ParticipationWrite{Project: d.Project, City: d.City, Role: d.Role, StartsOn: d.StartsOn, EndsOn: d.EndsOn,
				Note: d.Note, Source: d.Source}
		},
		meta:   func(p opencity.Participation) (string, int64) { return p.Href, p.Version },
		create: h.store.CreateParticipation, replace: h.store.ReplaceParticipation, remove: h.store.DeleteParticipation,
		draftOf: h.store.ParticipationDraftOf,
	}
}

// createProject creates a project.
//
//	@Summary		Create a project
//	@Description	Creates a smart-city project; its slug is in the body and must be new. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			projects
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string			false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			project			body		ProjectWrite	true	"The project"
//	@Success		201				{object}	opencity.Project
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new project"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/projects [post]
func (h *Handler) createProject(c echo.Context) error {
	return h.projectWrites().createIn(h, c, func(w ProjectWrite) string { return w.Slug })
}

// replaceProject replaces a project.
//
//	@Summary		Replace a project
//	@Description	Replaces every value of a project. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string			true	"Project slug"	example(triangulum)
//	@Param			If-Match	header		string			true	"The project's current ETag (as its GET serves it), or *"
//	@Param			project		body		ProjectWrite	true	"The project"
//	@Success		200			{object}	opencity.Project
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
//	@Router			/v1/projects/{slug} [put]
func (h *Handler) replaceProject(c echo.Context) error { return h.projectWrites().replaceIn(h, c) }

// patchProject changes some values of a project.
//
//	@Summary		Patch a project
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid project. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Project slug"	example(triangulum)
//	@Param			If-Match	header		string	true	"The project's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a ProjectWrite"
//	@Success		200			{object}	opencity.Project
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
//	@Router			/v1/projects/{slug} [patch]
func (h *Handler) patchProject(c echo.Context) error { return h.projectWrites().patchIn(h, c) }

// deleteProject deletes a project.
//
//	@Summary		Delete a project
//	@Description	Deletes a project softly (its GET then answers 410 Gone); one that a live participation (or a participation format or medium) still names is not deleted (409). Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Project slug"	example(triangulum)
//	@Param			If-Match	header	string	true	"The project's current ETag (as its GET serves it), or *"
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
//	@Router			/v1/projects/{slug} [delete]
func (h *Handler) deleteProject(c echo.Context) error { return h.projectWrites().deleteIn(h, c) }

// createParticipation creates a participation.
//
//	@Summary		Create a participation
//	@Description	Creates a city's role in a project; its slug is in the body and must be new, and a city has one participation per project and role (409). The project and the city list it and grow a version. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			projects
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string				false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			participation	body		ParticipationWrite	true	"The participation"
//	@Success		201				{object}	opencity.Participation
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new participation"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/participations [post]
func (h *Handler) createParticipation(c echo.Context) error {
	return h.participationWrites().createIn(h, c, func(w ParticipationWrite) string { return w.Slug })
}

// replaceParticipation replaces a participation.
//
//	@Summary		Replace a participation
//	@Description	Replaces every value of a participation. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug			path		string				true	"Participation slug"	example(triangulum-leipzig)
//	@Param			If-Match		header		string				true	"The participation's current ETag (as its GET serves it), or *"
//	@Param			participation	body		ParticipationWrite	true	"The participation"
//	@Success		200				{object}	opencity.Participation
//	@Header			200				{string}	ETag		"The record's new version"
//	@Header			200				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		410				{object}	Problem
//	@Failure		412				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		428				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/participations/{slug} [put]
func (h *Handler) replaceParticipation(c echo.Context) error {
	return h.participationWrites().replaceIn(h, c)
}

// patchParticipation changes some values of a participation.
//
//	@Summary		Patch a participation
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names; the result must be a valid participation. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"Participation slug"	example(triangulum-leipzig)
//	@Param			If-Match	header		string	true	"The participation's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a ParticipationWrite"
//	@Success		200			{object}	opencity.Participation
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
//	@Router			/v1/participations/{slug} [patch]
func (h *Handler) patchParticipation(c echo.Context) error {
	return h.participationWrites().patchIn(h, c)
}

// deleteParticipation deletes a participation.
//
//	@Summary		Delete a participation
//	@Description	Deletes a participation softly (its GET then answers 410 Gone); its project and city no longer list it. Needs If-Match with its current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			projects
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Participation slug"	example(triangulum-leipzig)
//	@Param			If-Match	header	string	true	"The participation's current ETag (as its GET serves it), or *"
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
//	@Router			/v1/participations/{slug} [delete]
func (h *Handler) deleteParticipation(c echo.Context) error {
	return h.participationWrites().deleteIn(h, c)
}
