package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type profileStore interface {
	GetProfile(ctx context.Context, citySlug string) (opencity.Profile, error)
}

// getProfile returns everything the seed documents state about a city.
//
//	@Summary		Get a city's profile
//	@Description	Everything the seed documents state about the city, document by document and statement by statement in the order a reader meets them. Each statement has its text as printed, its source, a link to the record it is stored as, and embeds the survey answer, the published survey-wide figure (with wave, figure and denominator, or null with the reason) or the data-availability statement it makes.
//	@Tags			cities
//	@Produce		json
//	@Param			slug	path		string	true	"City slug"	example(leipzig)
//	@Success		200		{object}	opencity.Profile
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/cities/{slug}/profile [get]
func (h *Handler) getProfile(c echo.Context) error {
	return serveItem(c, h, h.store.GetProfile)
}
