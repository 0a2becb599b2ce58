package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type cityStore interface {
	ListCities(ctx context.Context, q opencity.ListQuery) ([]opencity.City, []string, error)
	GetCity(ctx context.Context, slug string) (opencity.City, error)
	ListPopulations(ctx context.Context, q opencity.ListQuery) ([]opencity.Population, []string, error)
	GetPopulation(ctx context.Context, slug string) (opencity.Population, error)
}

// CityList is a page of cities.
type CityList struct {
	Data     []opencity.City `json:"data"`
	Links    Links           `json:"links"`
	Meta     ListMeta        `json:"meta"`
	Included *Included       `json:"included,omitempty"`
}

// PopulationList is a page of population figures.
type PopulationList struct {
	Data     []opencity.Population `json:"data"`
	Links    Links                 `json:"links"`
	Meta     ListMeta              `json:"meta"`
	Included *Included             `json:"included,omitempty"`
}

// listCities lists cities.
//
//	@Summary		List cities
//	@Description	Cities with their country, mayor, lead innovation officer and populations (each with year and source), and links to their survey responses, project participations and profile. In slug order, keyset-paged.
//	@Tags			cities
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	CityList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/cities [get]
func (h *Handler) listCities(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Cities, h.store.ListCities)
}

// getCity returns one city.
//
//	@Summary		Get a city
//	@Description	One city with its populations and links. Unknown values (a mayor the sources do not name) are null with a note.
//	@Tags			cities
//	@Produce		json
//	@Param			slug	path		string	true	"City slug"	example(leipzig)
//	@Success		200		{object}	opencity.City
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/cities/{slug} [get]
func (h *Handler) getCity(c echo.Context) error {
	return serveItem(c, h, h.store.GetCity)
}

// listPopulations lists population figures.
//
//	@Summary		List population figures
//	@Description	Every population figure of every city, each with its year, whether it is approximate, the figure as printed and its source. In slug order, keyset-paged.
//	@Tags			cities
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	PopulationList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/populations [get]
func (h *Handler) listPopulations(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Populations, h.store.ListPopulations)
}

// getPopulation returns one population figure.
//
//	@Summary		Get a population figure
//	@Description	One population figure with its year and source.
//	@Tags			cities
//	@Produce		json
//	@Param			slug	path		string	true	"Population figure slug"	example(leipzig-2019-oecd-profile)
//	@Success		200		{object}	opencity.Population
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/populations/{slug} [get]
func (h *Handler) getPopulation(c echo.Context) error {
	return serveItem(c, h, h.store.GetPopulation)
}
