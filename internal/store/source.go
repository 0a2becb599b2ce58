package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var sourceSpec = listSpec{table: "sources", resource: opencity.Lists.Sources, columns: map[string]column{
	"kind": {expr: "sources.kind"}, "publisher": {expr: "sources.publisher"}, "synthetic": {expr: "sources.synthetic"},
}, live: true}

type sourceRow struct {
	Keyset
	Slug, Title, Publisher, URL, Kind string
	Identifier, RetrievedOn, Licence  *string
	Note                              *string
	Synthetic                         bool
	Version                           int64
}

func (r sourceRow) domain() opencity.Source {
	return opencity.Source{
		Slug: r.Slug, Href: opencity.SourceRef(r.Slug).Href, Title: r.Title, Publisher: r.Publisher,
		URL: r.URL, Identifier: r.Identifier, Kind: r.Kind, RetrievedOn: r.RetrievedOn,
		Licence: r.Licence, Note: r.Note, Synthetic: r.Synthetic, Version: r.Version,
	}
}

// ListSources returns one page of sources in slug order (up to p.Limit+1).
func (s *Store) ListSources(ctx context.Context, q opencity.ListQuery) ([]opencity.Source, []string, error) {
	rows, next, err := page[sourceRow](ctx, s, sourceSpec, q)
	return mapRows(rows, sourceRow.domain), next, err
}

// GetSource returns the source with slug, or ENOTFOUND (EGONE once deleted).
func (s *Store) GetSource(ctx context.Context, slug string) (opencity.Source, error) {
	row, err := one[sourceRow](ctx, s, sourceSpec, "source", slug)
	return row.domain(), err
}
