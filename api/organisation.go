package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type organisationStore interface {
	ListOrganisations(ctx context.Context, q opencity.ListQuery) ([]opencity.Organisation, []string, error)
	GetOrganisation(ctx context.Context, slug string) (opencity.Organisation, error)
	ListDataPartnerships(ctx context.Context, q opencity.ListQuery) ([]opencity.DataPartnership, []string, error)
	GetDataPartnership(ctx context.Context, slug string) (opencity.DataPartnership, error)
}

// DataPartnershipList is a page of data partnerships.
type DataPartnershipList struct {
	Data     []opencity.DataPartnership `json:"data"`
	Links    Links                      `json:"links"`
	Meta     ListMeta                   `json:"meta"`
	Included *Included                  `json:"included,omitempty"`
}

// OrganisationList is a page of organisations.
type OrganisationList struct {
	Data     []opencity.Organisation `json:"data"`
	Links    Links                   `json:"links"`
	Meta     ListMeta                `json:"meta"`
	Included *Included               `json:"included,omitempty"`
}

// listDataPartnerships lists data partnerships.
//
//	@Summary		List data partnerships
//	@Description	Cities' partnerships with organisations to collect and analyse data, each linking the city and the partner organisation. In slug order, keyset-paged.
//	@Tags			partnerships
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	DataPartnershipList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/data-partnerships [get]
func (h *Handler) listDataPartnerships(c echo.Context) error {
	return serveList(c, h, opencity.Lists.DataPartnerships, h.store.ListDataPartnerships)
}

// getDataPartnership returns a data partnership.
//
//	@Summary		Get a data partnership
//	@Description	One data partnership.
//	@Tags			partnerships
//	@Produce		json
//	@Param			slug	path		string	true	"Data partnership slug"	example(leipzig-national-labor-agency)
//	@Success		200		{object}	opencity.DataPartnership
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/data-partnerships/{slug} [get]
func (h *Handler) getDataPartnership(c echo.Context) error {
	return serveItem(c, h, h.store.GetDataPartnership)
}

// listOrganisations lists organisations.
//
//	@Summary		List organisations
//	@Description	Organisations outside city administrations that the sources name: data partners, stakeholders, networks. Names are kept as printed; a name read into the source is flagged identity_inferred. In slug order, keyset-paged.
//	@Tags			partnerships
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	OrganisationList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/organisations [get]
func (h *Handler) listOrganisations(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Organisations, h.store.ListOrganisations)
}

// getOrganisation returns an organisation.
//
//	@Summary		Get an organisation
//	@Description	One organisation.
//	@Tags			partnerships
//	@Produce		json
//	@Param			slug	path		string	true	"Organisation slug"	example(national-labor-agency)
//	@Success		200		{object}	opencity.Organisation
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/organisations/{slug} [get]
func (h *Handler) getOrganisation(c echo.Context) error {
	return serveItem(c, h, h.store.GetOrganisation)
}
