package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

type sourceRow struct {
	Slug, Title, Publisher, URL, Kind string
	Identifier, RetrievedOn, Licence  *string
	Note                              *string
	Synthetic                         bool
}

func (r sourceRow) domain() opencity.Source {
	return opencity.Source{
		Slug: r.Slug, Href: opencity.SourceRef(r.Slug).Href, Title: r.Title, Publisher: r.Publisher,
		URL: r.URL, Identifier: r.Identifier, Kind: r.Kind, RetrievedOn: r.RetrievedOn,
		Licence: r.Licence, Note: r.Note, Synthetic: r.Synthetic,
	}
}

// ListSources returns one page of sources in slug order (up to p.Limit+1).
func (s *Store) ListSources(ctx context.Context, q opencity.ListQuery) ([]opencity.Source, error) {
	rows, err := listPage[sourceRow](ctx, s.db, "sources", q, nil)
	return mapRows(rows, sourceRow.domain), err
}

// GetSource returns the source with slug, or ENOTFOUND.
func (s *Store) GetSource(ctx context.Context, slug string) (opencity.Source, error) {
	row, err := getOne[sourceRow](ctx, s.db, "sources", "source", slug, nil)
	return row.domain(), err
}
