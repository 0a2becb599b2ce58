package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type projectStore interface {
	ListProjects(ctx context.Context, q opencity.ListQuery) ([]opencity.Project, []string, error)
	GetProject(ctx context.Context, slug string) (opencity.Project, error)
	ListParticipations(ctx context.Context, q opencity.ListQuery) ([]opencity.Participation, []string, error)
	GetParticipation(ctx context.Context, slug string) (opencity.Participation, error)
	ListParticipationFormats(ctx context.Context, q opencity.ListQuery) ([]opencity.ParticipationFormat, []string, error)
	GetParticipationFormat(ctx context.Context, slug string) (opencity.ParticipationFormat, error)
	ListInitiatives(ctx context.Context, q opencity.ListQuery) ([]opencity.Initiative, []string, error)
	GetInitiative(ctx context.Context, slug string) (opencity.Initiative, error)
	ListMedia(ctx context.Context, q opencity.ListQuery) ([]opencity.Media, []string, error)
	GetMedia(ctx context.Context, slug string) (opencity.Media, error)
}

// ProjectList is a page of projects.
type ProjectList struct {
	Data     []opencity.Project `json:"data"`
	Links    Links              `json:"links"`
	Meta     ListMeta           `json:"meta"`
	Included *Included          `json:"included,omitempty"`
}

// ParticipationList is a page of participations.
type ParticipationList struct {
	Data     []opencity.Participation `json:"data"`
	Links    Links                    `json:"links"`
	Meta     ListMeta                 `json:"meta"`
	Included *Included                `json:"included,omitempty"`
}

// ParticipationFormatList is a page of participation formats.
type ParticipationFormatList struct {
	Data     []opencity.ParticipationFormat `json:"data"`
	Links    Links                          `json:"links"`
	Meta     ListMeta                       `json:"meta"`
	Included *Included                      `json:"included,omitempty"`
}

// InitiativeList is a page of initiatives.
type InitiativeList struct {
	Data     []opencity.Initiative `json:"data"`
	Links    Links                 `json:"links"`
	Meta     ListMeta              `json:"meta"`
	Included *Included             `json:"included,omitempty"`
}

// MediaList is a page of media.
type MediaList struct {
	Data     []opencity.Media `json:"data"`
	Links    Links            `json:"links"`
	Meta     ListMeta         `json:"meta"`
	Included *Included        `json:"included,omitempty"`
}

// listProjects lists projects.
//
//	@Summary		List projects
//	@Description	Smart-city projects with their programme, period (ISO months; null where not stated) and the cities taking part with their roles. In slug order, keyset-paged.
//	@Tags			projects
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ProjectList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/projects [get]
func (h *Handler) listProjects(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Projects, h.store.ListProjects)
}

// getProject returns a project.
//
//	@Summary		Get a project
//	@Description	One project with its participating cities.
//	@Tags			projects
//	@Produce		json
//	@Param			slug	path		string	true	"Project slug"	example(triangulum)
//	@Success		200		{object}	opencity.Project
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/projects/{slug} [get]
func (h *Handler) getProject(c echo.Context) error {
	return serveItem(c, h, h.store.GetProject)
}

// listParticipations lists participations.
//
//	@Summary		List participations
//	@Description	Each city's role (lighthouse, follower, fellow, observer, lead_partner) and period in a project. In slug order, keyset-paged.
//	@Tags			projects
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ParticipationList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/participations [get]
func (h *Handler) listParticipations(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Participations, h.store.ListParticipations)
}

// getParticipation returns a participation.
//
//	@Summary		Get a participation
//	@Description	One participation.
//	@Tags			projects
//	@Produce		json
//	@Param			slug	path		string	true	"Participation slug"	example(triangulum-leipzig)
//	@Success		200		{object}	opencity.Participation
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/participations/{slug} [get]
func (h *Handler) getParticipation(c echo.Context) error {
	return serveItem(c, h, h.store.GetParticipation)
}

// listParticipationFormats lists participation formats.
//
//	@Summary		List participation formats
//	@Description	Formats of citizen and stakeholder participation run within projects, with whether they are planned to continue. In slug order, keyset-paged.
//	@Tags			projects
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ParticipationFormatList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/participation-formats [get]
func (h *Handler) listParticipationFormats(c echo.Context) error {
	return serveList(c, h, opencity.Lists.ParticipationFormats, h.store.ListParticipationFormats)
}

// getParticipationFormat returns a participation format.
//
//	@Summary		Get a participation format
//	@Description	One participation format.
//	@Tags			projects
//	@Produce		json
//	@Param			slug	path		string	true	"Participation format slug"	example(future-forum)
//	@Success		200		{object}	opencity.ParticipationFormat
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/participation-formats/{slug} [get]
func (h *Handler) getParticipationFormat(c echo.Context) error {
	return serveItem(c, h, h.store.GetParticipationFormat)
}

// listInitiatives lists initiatives.
//
//	@Summary		List initiatives
//	@Description	Cities' innovation initiatives, such as a survey profile's spotlight, with their launch year, aims, stakeholders and methods. In slug order, keyset-paged.
//	@Tags			projects
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	InitiativeList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/initiatives [get]
func (h *Handler) listInitiatives(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Initiatives, h.store.ListInitiatives)
}

// getInitiative returns an initiative.
//
//	@Summary		Get an initiative
//	@Description	One initiative.
//	@Tags			projects
//	@Produce		json
//	@Param			slug	path		string	true	"Initiative slug"	example(leipzig-thinking-ahead)
//	@Success		200		{object}	opencity.Initiative
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/initiatives/{slug} [get]
func (h *Handler) getInitiative(c echo.Context) error {
	return serveItem(c, h, h.store.GetInitiative)
}

// listMedia lists media.
//
//	@Summary		List media
//	@Description	Photographs and other media the sources show, each with its caption and credit: attribution travels with the record. In slug order, keyset-paged.
//	@Tags			projects
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	MediaList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/media [get]
func (h *Handler) listMedia(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Media, h.store.ListMedia)
}

// getMedia returns a medium.
//
//	@Summary		Get a medium
//	@Description	One medium with its credit.
//	@Tags			projects
//	@Produce		json
//	@Param			slug	path		string	true	"Medium slug"	example(panorama-of-leipzig)
//	@Success		200		{object}	opencity.Media
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/media/{slug} [get]
func (h *Handler) getMedia(c echo.Context) error {
	return serveItem(c, h, h.store.GetMedia)
}
