package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type comparisonStore interface {
	ListComparisons(ctx context.Context, q opencity.ListQuery) ([]opencity.Comparison, []string, error)
	GetComparison(ctx context.Context, slug string) (opencity.Comparison, error)
}

// ComparisonList is a page of comparisons.
type ComparisonList struct {
	Data     []opencity.Comparison `json:"data"`
	Links    Links                 `json:"links"`
	Meta     ListMeta              `json:"meta"`
	Included *Included             `json:"included,omitempty"`
}

// listComparisons lists comparisons.
//
//	@Summary		List comparisons
//	@Description	Survey-wide figures as sources publish them (kind: published), each with its wave, share or count, denominator where known (null with the reason where not), and source. A figure whose label the source lost is flagged label_inferred. In slug order, keyset-paged.
//	@Tags			survey
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	ComparisonList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/comparisons [get]
func (h *Handler) listComparisons(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Comparisons, h.store.ListComparisons)
}

// getComparison returns a comparison.
//
//	@Summary		Get a comparison
//	@Description	One published survey figure.
//	@Tags			survey
//	@Produce		json
//	@Param			slug	path		string	true	"Comparison slug"	example(cities-with-dedicated-innovation-funding)
//	@Success		200		{object}	opencity.Comparison
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/comparisons/{slug} [get]
func (h *Handler) getComparison(c echo.Context) error {
	return serveItem(c, h, h.store.GetComparison)
}
