package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type mediaRow struct {
	Slug, Kind, Caption, Credit, Source  string
	City, CityName, Project, ProjectName *string
}

func joinMedia(q *gorm.DB) *gorm.DB {
	return q.Select("media.*, cities.name AS city_name, projects.name AS project_name").
		Joins("LEFT JOIN cities ON cities.slug = media.city").
		Joins("LEFT JOIN projects ON projects.slug = media.project")
}

func (r mediaRow) domain() opencity.Media {
	return opencity.Media{
		Slug: r.Slug, Href: opencity.NewRef("media", r.Slug).Href, Kind: r.Kind, Caption: r.Caption,
		Credit: r.Credit, City: namedRefPtr("cities", r.City, r.CityName),
		Project: namedRefPtr("projects", r.Project, r.ProjectName), Source: opencity.SourceRef(r.Source),
	}
}

// ListMedia returns one page of media in slug order (up to p.Limit+1).
func (s *Store) ListMedia(ctx context.Context, q opencity.ListQuery) ([]opencity.Media, error) {
	rows, err := listPage[mediaRow](ctx, s.db, "media", q, joinMedia)
	return mapRows(rows, mediaRow.domain), err
}

// GetMedia returns the medium with slug, or ENOTFOUND.
func (s *Store) GetMedia(ctx context.Context, slug string) (opencity.Media, error) {
	row, err := getOne[mediaRow](ctx, s.db, "media", "medium", slug, joinMedia)
	return row.domain(), err
}
