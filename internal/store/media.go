package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var mediaSpec = listSpec{
	table: "media", resource: opencity.Lists.Media,
	selects: "media.*, cities.name AS city_name, projects.name AS project_name",
	joins: []string{"LEFT JOIN cities ON cities.slug = media.city",
		"LEFT JOIN projects ON projects.slug = media.project"},
	columns: map[string]column{
		"city": {expr: "media.city"}, "project": {expr: "media.project"}, "credit": {expr: "media.credit"},
		"source": {expr: "media.source"},
	},
}

type mediaRow struct {
	Keyset
	Slug, Kind, Caption, Credit, Source  string
	City, CityName, Project, ProjectName *string
}

func (r mediaRow) domain() opencity.Media {
	return opencity.Media{
		Slug: r.Slug, Href: opencity.NewRef("media", r.Slug).Href, Kind: r.Kind, Caption: r.Caption,
		Credit: r.Credit, City: namedRefPtr("cities", r.City, r.CityName),
		Project: namedRefPtr("projects", r.Project, r.ProjectName), Source: opencity.SourceRef(r.Source),
	}
}

// ListMedia returns one page of media in slug order (up to p.Limit+1).
func (s *Store) ListMedia(ctx context.Context, q opencity.ListQuery) ([]opencity.Media, []string, error) {
	rows, next, err := page[mediaRow](ctx, s, mediaSpec, q)
	return mapRows(rows, mediaRow.domain), next, err
}

// GetMedia returns the medium with slug, or ENOTFOUND.
func (s *Store) GetMedia(ctx context.Context, slug string) (opencity.Media, error) {
	row, err := one[mediaRow](ctx, s, mediaSpec, "medium", slug)
	return row.domain(), err
}
