package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

var formatSpec = listSpec{
	table: "participation_formats", resource: opencity.Lists.ParticipationFormats,
	selects: "participation_formats.*, projects.name AS project_name, cities.name AS city_name",
	joins: []string{"JOIN projects ON projects.slug = participation_formats.project",
		"JOIN cities ON cities.slug = participation_formats.city"},
	columns: map[string]column{
		"project": {expr: "participation_formats.project"}, "city": {expr: "participation_formats.city"},
		"continuation": {expr: "participation_formats.continuation"}, "source": {expr: "participation_formats.source"},
	},
}

type formatRow struct {
	Keyset
	Slug, Name, Project, ProjectName, City, CityName string
	Continuation, Description, Stakeholders, Source  string
}

type nameRow struct{ Slug, Name string }

// formatsWithStakeholders resolves the stakeholder organisations of a page of formats in one query.
func (s *Store) formatsWithStakeholders(ctx context.Context, rows []formatRow) ([]opencity.ParticipationFormat, error) {
	var slugs []string
	for _, r := range rows {
		slugs = append(slugs, stringList(r.Stakeholders)...)
	}
	orgs, err := childrenOf[nameRow](ctx, s.db, "organisations", "slug", slugs, "organisations.slug",
		func(q *gorm.DB) *gorm.DB { return q.Select("slug, name") })
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		names[o.Slug] = o.Name
	}
	return mapRows(rows, func(r formatRow) opencity.ParticipationFormat {
		return opencity.ParticipationFormat{
			Slug: r.Slug, Href: opencity.NewRef("participation-formats", r.Slug).Href, Name: r.Name,
			Project:      opencity.NewNamedRef("projects", r.Project, r.ProjectName),
			City:         opencity.NewNamedRef("cities", r.City, r.CityName),
			Continuation: r.Continuation, Description: r.Description, Source: opencity.SourceRef(r.Source),
			Stakeholders: mapRows(stringList(r.Stakeholders), func(slug string) opencity.NamedRef {
				return opencity.NewNamedRef("organisations", slug, names[slug])
			}),
		}
	}), nil
}

// ListParticipationFormats returns one page of participation formats in slug order (up to
// p.Limit+1).
func (s *Store) ListParticipationFormats(ctx context.Context, q opencity.ListQuery) ([]opencity.ParticipationFormat, []string, error) {
	rows, next, err := page[formatRow](ctx, s, formatSpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.formatsWithStakeholders(ctx, rows)
	return items, next, err
}

// GetParticipationFormat returns the participation format with slug, or ENOTFOUND.
func (s *Store) GetParticipationFormat(ctx context.Context, slug string) (opencity.ParticipationFormat, error) {
	row, err := one[formatRow](ctx, s, formatSpec, "participation format", slug)
	if err != nil {
		return opencity.ParticipationFormat{}, err
	}
	out, err := s.formatsWithStakeholders(ctx, []formatRow{row})
	if err != nil {
		return opencity.ParticipationFormat{}, err
	}
	return out[0], nil
}
