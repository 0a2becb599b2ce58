package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type initiativeRow struct {
	Slug, City, CityName, Name, Description, Stakeholders, Methods, Source string
	LaunchedYear                                                           *int
	StartedAs, Aim                                                         *string
}

func joinInitiativeCity(q *gorm.DB) *gorm.DB {
	return q.Select("initiatives.*, cities.name AS city_name").
		Joins("JOIN cities ON cities.slug = initiatives.city")
}

func (r initiativeRow) domain() opencity.Initiative {
	return opencity.Initiative{
		Slug: r.Slug, Href: opencity.NewRef("initiatives", r.Slug).Href,
		City: opencity.NewNamedRef("cities", r.City, r.CityName), Name: r.Name,
		LaunchedYear: r.LaunchedYear, StartedAs: r.StartedAs, Description: r.Description, Aim: r.Aim,
		Stakeholders: stringList(r.Stakeholders), Methods: stringList(r.Methods),
		Source: opencity.SourceRef(r.Source),
	}
}

// ListInitiatives returns one page of initiatives in slug order (up to p.Limit+1).
func (s *Store) ListInitiatives(ctx context.Context, q opencity.ListQuery) ([]opencity.Initiative, error) {
	rows, err := listPage[initiativeRow](ctx, s.db, "initiatives", q, joinInitiativeCity)
	return mapRows(rows, initiativeRow.domain), err
}

// GetInitiative returns the initiative with slug, or ENOTFOUND.
func (s *Store) GetInitiative(ctx context.Context, slug string) (opencity.Initiative, error) {
	row, err := getOne[initiativeRow](ctx, s.db, "initiatives", "initiative", slug, joinInitiativeCity)
	return row.domain(), err
}
