package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var initiativeSpec = listSpec{
	table: "initiatives", resource: opencity.Lists.Initiatives,
	selects: "initiatives.*, cities.name AS city_name",
	joins:   []string{"JOIN cities ON cities.slug = initiatives.city"},
	columns: map[string]column{
		"city": {expr: "initiatives.city"}, "launched_year": {expr: "initiatives.launched_year"},
		"source": {expr: "initiatives.source"},
	},
}

type initiativeRow struct {
	Keyset
	Slug, City, CityName, Name, Description, Stakeholders, Methods, Source string
	LaunchedYear                                                           *int
	StartedAs, Aim                                                         *string
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
func (s *Store) ListInitiatives(ctx context.Context, q opencity.ListQuery) ([]opencity.Initiative, []string, error) {
	rows, next, err := page[initiativeRow](ctx, s, initiativeSpec, q)
	return mapRows(rows, initiativeRow.domain), next, err
}

// GetInitiative returns the initiative with slug, or ENOTFOUND.
func (s *Store) GetInitiative(ctx context.Context, slug string) (opencity.Initiative, error) {
	row, err := one[initiativeRow](ctx, s, initiativeSpec, "initiative", slug)
	return row.domain(), err
}
