package api

import (
	"context"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

type sourceStore interface {
	ListSources(ctx context.Context, q opencity.ListQuery) ([]opencity.Source, []string, error)
	GetSource(ctx context.Context, slug string) (opencity.Source, error)
}

// SourceList is a page of sources.
type SourceList struct {
	Data     []opencity.Source `json:"data"`
	Links    Links             `json:"links"`
	Meta     ListMeta          `json:"meta"`
	Included *Included         `json:"included,omitempty"`
}

// listSources lists the documents facts come from.
//
//	@Summary		List sources
//	@Description	The documents every fact in OpenCity comes from: the two seed documents and the public records DOMAIN.md names. In slug order, keyset-paged.
//	@Tags			sources
//	@Produce		json
//	@Param			limit	query		int		false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Param			cursor	query		string	false	"Opaque cursor from links.next of the previous page"
//	@Success		200		{object}	SourceList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/sources [get]
func (h *Handler) listSources(c echo.Context) error {
	return serveList(c, h, opencity.Lists.Sources, h.store.ListSources)
}

// getSource returns one source.
//
//	@Summary		Get a source
//	@Description	One source document, with its publisher, address, identifier and licence where known.
//	@Tags			sources
//	@Produce		json
//	@Param			slug	path		string	true	"Source slug"	example(oecd-profile-leipzig)
//	@Success		200		{object}	opencity.Source
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		410		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/sources/{slug} [get]
func (h *Handler) getSource(c echo.Context) error {
	return serveItem(c, h, h.store.GetSource)
}
