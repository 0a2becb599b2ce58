package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var projectSpec = listSpec{table: "projects", resource: opencity.Lists.Projects, columns: map[string]column{
	"name": {expr: "projects.name"}, "programme": {expr: "projects.programme"},
	"starts_on": {expr: "projects.starts_on"}, "ends_on": {expr: "projects.ends_on"}, "source": {expr: "projects.source"},
}, live: true}

var participationSpec = listSpec{
	table: "participations", resource: opencity.Lists.Participations,
	selects: "participations.*, projects.name AS project_name, cities.name AS city_name",
	joins: []string{"JOIN projects ON projects.slug = participations.project",
		"JOIN cities ON cities.slug = participations.city"},
	columns: map[string]column{
		"project": {expr: "participations.project"}, "city": {expr: "participations.city"},
		"role": {expr: "participations.role"}, "starts_on": {expr: "participations.starts_on"},
		"ends_on": {expr: "participations.ends_on"}, "source": {expr: "participations.source"},
	},
	live: true,
}

type projectRow struct {
	Keyset
	Slug, Name, Programme, Source                  string
	Kind, StartsOn, EndsOn, DatesNote, Description *string
	Version                                        int64
}

type participationRow struct {
	Keyset
	Slug, Project, ProjectName, City, CityName, Role, Source string
	StartsOn, EndsOn, Note                                   *string
	Version                                                  int64
}

func (r participationRow) domain() opencity.Participation {
	return opencity.Participation{
		Slug: r.Slug, Href: opencity.NewRef("participations", r.Slug).Href,
		Project: opencity.NewNamedRef("projects", r.Project, r.ProjectName),
		City:    opencity.NewNamedRef("cities", r.City, r.CityName), Role: r.Role,
		StartsOn: r.StartsOn, EndsOn: r.EndsOn, Note: r.Note, Source: opencity.SourceRef(r.Source), Version: r.Version,
	}
}

func (s *Store) projectsWithRoles(ctx context.Context, rows []projectRow) ([]opencity.Project, error) {
	parts, err := childrenOf[participationRow](ctx, s.db, "participations", "project",
		slugsOf(rows, func(r projectRow) string { return r.Slug }), "participations.slug", participationSpec.scope)
	if err != nil {
		return nil, err
	}
	byProject := groupBy(parts, func(p participationRow) string { return p.Project })
	return mapRows(rows, func(r projectRow) opencity.Project {
		return opencity.Project{
			Slug: r.Slug, Href: opencity.NewRef("projects", r.Slug).Href, Name: r.Name,
			Programme: r.Programme, Kind: r.Kind, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
			DatesNote: r.DatesNote, Description: r.Description, Source: opencity.SourceRef(r.Source), Version: r.Version,
			Participations: mapRows(byProject[r.Slug], func(p participationRow) opencity.ProjectRole {
				return opencity.ProjectRole{City: opencity.NewNamedRef("cities", p.City, p.CityName),
					Role: p.Role, Href: opencity.NewRef("participations", p.Slug).Href}
			}),
		}
	}), nil
}

// ListProjects returns one page of projects in slug order (up to p.Limit+1), with the cities
// taking part.
func (s *Store) ListProjects(ctx context.Context, q opencity.ListQuery) ([]opencity.Project, []string, error) {
	rows, next, err := page[projectRow](ctx, s, projectSpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.projectsWithRoles(ctx, rows)
	return items, next, err
}

// GetProject returns the project with slug, or ENOTFOUND.
func (s *Store) GetProject(ctx context.Context, slug string) (opencity.Project, error) {
	row, err := one[projectRow](ctx, s, projectSpec, "project", slug)
	if err != nil {
		return opencity.Project{}, err
	}
	out, err := s.projectsWithRoles(ctx, []projectRow{row})
	if err != nil {
		return opencity.Project{}, err
	}
	return out[0], nil
}

// ListParticipations returns one page of participations in slug order (up to p.Limit+1).
func (s *Store) ListParticipations(ctx context.Context, q opencity.ListQuery) ([]opencity.Participation, []string, error) {
	rows, next, err := page[participationRow](ctx, s, participationSpec, q)
	return mapRows(rows, participationRow.domain), next, err
}

// GetParticipation returns the participation with slug, or ENOTFOUND.
func (s *Store) GetParticipation(ctx context.Context, slug string) (opencity.Participation, error) {
	row, err := one[participationRow](ctx, s, participationSpec, "participation", slug)
	return row.domain(), err
}
