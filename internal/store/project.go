package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type projectRow struct {
	Slug, Name, Programme, Source                  string
	Kind, StartsOn, EndsOn, DatesNote, Description *string
}

type participationRow struct {
	Slug, Project, ProjectName, City, CityName, Role, Source string
	StartsOn, EndsOn, Note                                   *string
}

func joinParticipation(q *gorm.DB) *gorm.DB {
	return q.Select("participations.*, projects.name AS project_name, cities.name AS city_name").
		Joins("JOIN projects ON projects.slug = participations.project").
		Joins("JOIN cities ON cities.slug = participations.city")
}

func (r participationRow) domain() opencity.Participation {
	return opencity.Participation{
		Slug: r.Slug, Href: opencity.NewRef("participations", r.Slug).Href,
		Project: opencity.NewNamedRef("projects", r.Project, r.ProjectName),
		City:    opencity.NewNamedRef("cities", r.City, r.CityName), Role: r.Role,
		StartsOn: r.StartsOn, EndsOn: r.EndsOn, Note: r.Note, Source: opencity.SourceRef(r.Source),
	}
}

func (s *Store) projectsWithRoles(ctx context.Context, rows []projectRow) ([]opencity.Project, error) {
	parts, err := childrenOf[participationRow](ctx, s.db, "participations", "project",
		slugsOf(rows, func(r projectRow) string { return r.Slug }), "participations.slug", joinParticipation)
	if err != nil {
		return nil, err
	}
	byProject := groupBy(parts, func(p participationRow) string { return p.Project })
	return mapRows(rows, func(r projectRow) opencity.Project {
		return opencity.Project{
			Slug: r.Slug, Href: opencity.NewRef("projects", r.Slug).Href, Name: r.Name,
			Programme: r.Programme, Kind: r.Kind, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
			DatesNote: r.DatesNote, Description: r.Description, Source: opencity.SourceRef(r.Source),
			Participations: mapRows(byProject[r.Slug], func(p participationRow) opencity.ProjectRole {
				return opencity.ProjectRole{City: opencity.NewNamedRef("cities", p.City, p.CityName),
					Role: p.Role, Href: opencity.NewRef("participations", p.Slug).Href}
			}),
		}
	}), nil
}

// ListProjects returns one page of projects in slug order (up to p.Limit+1), with the cities
// taking part.
func (s *Store) ListProjects(ctx context.Context, q opencity.ListQuery) ([]opencity.Project, error) {
	rows, err := listPage[projectRow](ctx, s.db, "projects", q, nil)
	if err != nil {
		return nil, err
	}
	return s.projectsWithRoles(ctx, rows)
}

// GetProject returns the project with slug, or ENOTFOUND.
func (s *Store) GetProject(ctx context.Context, slug string) (opencity.Project, error) {
	row, err := getOne[projectRow](ctx, s.db, "projects", "project", slug, nil)
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
func (s *Store) ListParticipations(ctx context.Context, q opencity.ListQuery) ([]opencity.Participation, error) {
	rows, err := listPage[participationRow](ctx, s.db, "participations", q, joinParticipation)
	return mapRows(rows, participationRow.domain), err
}

// GetParticipation returns the participation with slug, or ENOTFOUND.
func (s *Store) GetParticipation(ctx context.Context, slug string) (opencity.Participation, error) {
	row, err := getOne[participationRow](ctx, s.db, "participations", "participation", slug, joinParticipation)
	return row.domain(), err
}
