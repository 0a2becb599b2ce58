// Package api is OpenCity's HTTP layer: the Echo router, its middleware, the error handler
// and one file of handlers per resource. It is the only package that imports Echo.
//
//	@title						OpenCity API
//	@version					1.0
//	@description				Open data on cities' capacity to innovate: strategies, roles, funding, data partnerships and smart-city projects, every fact with its source. Lists are keyset-paged: follow links.next. Errors are application/problem+json (RFC 9457). Every response carries a Request-Id header.
//	@contact.name				OpenCity
//	@license.name				Data: see each source's licence
//	@BasePath					/
//	@tag.name					cities
//	@tag.description			Cities, their populations and everything their seed documents state.
//	@tag.name					survey
//	@tag.description			The Survey on Innovation Capacity in Cities: waves, responses, answers, published figures.
//	@tag.name					vocabularies
//	@tag.description			Concept schemes and their concepts: policy areas, roles, activities, funding.
//	@tag.name					partnerships
//	@tag.description			Organisations and data partnerships.
//	@tag.name					projects
//	@tag.description			Smart-city projects, cities' roles in them, participation formats, initiatives, media.
//	@tag.name					administration
//	@tag.description			Cities' organisational units, their history and responsibilities.
//	@tag.name					sources
//	@tag.description			The documents every fact comes from.
//	@tag.name					service
//	@tag.description			Health, readiness and the API description.
package api

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Handler holds what the handlers need: the store and the cursor codec.
type Handler struct {
	store   Store
	cursors *opencity.CursorCodec
}

// Options configure the API.
type Options struct {
	Logger    *slog.Logger // where request and error logs go
	CursorKey []byte       // secret that signs paging cursors
}

// readiness is what /readyz asks of the store.
type readiness interface {
	Ready(ctx context.Context) error
}

// New returns the router of the whole API, with its middleware and error handler.
func New(store Store, opts Options) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(opts.Logger)
	h := &Handler{store: store, cursors: opencity.NewCursorCodec(opts.CursorKey)}
	useMiddleware(e, opts.Logger)
	routes(e, h)
	return e
}
