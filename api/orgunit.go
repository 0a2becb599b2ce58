package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type orgUnitStore interface {
	ListOrgUnits(ctx context.Context, q opencity.ListQuery) ([]opencity.OrgUnit, []string, error)
	GetOrgUnit(ctx context.Context, slug string) (opencity.OrgUnit, error)
}

// OrgUnitList is a page of organisational units.
type OrgUnitList struct {
	Data     []opencity.OrgUnit `json:"data"`
	Links    Links              `json:"links"`
	Meta     ListMeta           `json:"meta"`
	Included *Included          `json:"included,omitempty"`
}

// listOrgUnits lists organisational units.
//
//	@Summary		List organisational units
//	@Description	Units of cities' administrations (departments, offices, units, teams) with their history and responsibilities. Two printed names for what is probably one unit are linked by same_as, flagged same_as_inferred. In slug order, keyset-paged.
//	@Tags			administration
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	OrgUnitList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/org-units [get]
func (h *Handler) listOrgUnits(c echo.Context) error {
	return serveList(c, h, opencity.Lists.OrgUnits, h.store.ListOrgUnits)
}

// getOrgUnit returns an organisational unit.
//
//	@Summary		Get an organisational unit
//	@Description	One organisational unit with its history and responsibilities.
//	@Tags			administration
//	@Produce		json
//	@Param			slug	path		string	true	"Organisational unit slug"	example(digital-city-unit)
//	@Success		200		{object}	opencity.OrgUnit
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/org-units/{slug} [get]
func (h *Handler) getOrgUnit(c echo.Context) error {
	return serveItem(c, h, h.store.GetOrgUnit)
}
