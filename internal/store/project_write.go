package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var (
	projectRecords = records[opencity.Project]{table: "projects", collection: "projects", what: "project",
		get: (*Store).GetProject, version: func(p opencity.Project) int64 { return p.Version }}
	participationRecords = records[opencity.Participation]{table: "participations", collection: "participations",
		what: "participation", get: (*Store).GetParticipation, version: func(p opencity.Participation) int64 { return p.Version }}
)

// projectNamers are the columns whose rows name a project: a project is deleted only when no
// live row does.
var projectNamers = []namer{
	{"participations", "project", live}, {"participation_formats", "project", ""}, {"media", "project", ""},
}

func projectValues(d opencity.ProjectDraft) map[string]any {
	return map[string]any{"name": d.Name, "programme": d.Programme, "kind": d.Kind, "starts_on": d.StartsOn,
		"ends_on": d.EndsOn, "dates_note": d.DatesNote, "description": d.Description, "source": d.Source}
}

// CreateProject adds the project d. It returns ECONFLICT when the slug is taken and
// EUNPROCESSABLE for a source that does not exist.
func (s *Store) CreateProject(ctx context.Context, who opencity.Writer, d opencity.ProjectDraft) (opencity.Project, error) {
	return projectRecords.create(ctx, s, who, d.Slug, checkProject(d), projectValues(d))
}

// checkProject returns the check of the project d: its source must exist.
func checkProject(d opencity.ProjectDraft) func(w *writeTx) error {
	return func(w *writeTx) error { return w.checkSources(map[string]*string{"/source": &d.Source}) }
}

// ReplaceProject replaces the values of the project with slug by d, when its version is
// expected. It returns ENOTFOUND, EGONE, EPRECONDITION and EUNPROCESSABLE.
func (s *Store) ReplaceProject(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ProjectDraft) (opencity.Project, error) {
	return projectRecords.replace(ctx, s, who, slug, expected, checkProject(d), projectValues(d))
}

// DeleteProject deletes the project with slug (softly), when its version is expected. It
// returns ENOTFOUND, EGONE, EPRECONDITION, and ECONFLICT while a live participation (or a
// participation format or medium) names it.
func (s *Store) DeleteProject(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return projectRecords.removeUnnamed(ctx, s, who, slug, expected, projectNamers)
}

// ProjectDraftOf returns the writable values of the project with slug and its version, the
// base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) ProjectDraftOf(ctx context.Context, slug string) (opencity.ProjectDraft, int64, error) {
	r, err := one[projectRow](ctx, s, projectSpec, "project", slug)
	return opencity.ProjectDraft{Slug: r.Slug, Name: r.Name, Programme: r.Programme, Kind: r.Kind, StartsOn: r.StartsOn,
		EndsOn: r.EndsOn, DatesNote: r.DatesNote, Description: r.Description, Source: r.Source}, r.Version, err
}

// checkParticipation returns EUNPROCESSABLE naming every field of d that names a record that
// does not exist (or was deleted): its project, city and source.
func (w *writeTx) checkParticipation(d opencity.ParticipationDraft) error {
	bad, err := w.missing(ref{"/project", "projects", "project", &d.Project, true},
		ref{"/city", "cities", "city", &d.City, true}, ref{"/source", "sources", "source", &d.Source, true})
	if err != nil {
		return err
	}
	return unprocessable("the write names records that do not exist", bad)
}

func participationValues(d opencity.ParticipationDraft) map[string]any {
	return map[string]any{"project": d.Project, "city": d.City, "role": d.Role, "starts_on": d.StartsOn,
		"ends_on": d.EndsOn, "note": d.Note, "source": d.Source}
}

// touchParticipants records that the projects and cities of participations changed with them:
// both list their participations.
func (w *writeTx) touchParticipants(ps ...opencity.Participation) error {
	var projects, cities []string
	for _, p := range ps {
		projects, cities = append(projects, p.Project.Slug), append(cities, p.City.Slug)
	}
	if err := w.touchAll("projects", projects...); err != nil {
		return err
	}
	return w.touchAll("cities", cities...)
}

// CreateParticipation adds the participation d; its project and city grow a version. It
// returns ECONFLICT when the slug (or the project, city and role) is taken and EUNPROCESSABLE
// for a project, city or source that does not exist.
func (s *Store) CreateParticipation(ctx context.Context, who opencity.Writer, d opencity.ParticipationDraft) (opencity.Participation, error) {
	var out opencity.Participation
	err := s.write(ctx, func(w *writeTx) (err error) {
		if err = w.checkParticipation(d); err != nil {
			return err
		}
		if out, err = participationRecords.insert(ctx, w, who, d.Slug, participationValues(d)); err != nil {
			return err
		}
		return w.touchParticipants(out)
	})
	return out, err
}

// ReplaceParticipation replaces the values of the participation with slug by d, when its
// version is expected. It returns ENOTFOUND, EGONE, EPRECONDITION, ECONFLICT and
// EUNPROCESSABLE.
func (s *Store) ReplaceParticipation(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.ParticipationDraft) (opencity.Participation, error) {
	var out opencity.Participation
	err := s.write(ctx, func(w *writeTx) error {
		before, err := participationRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := w.checkParticipation(d); err != nil {
			return err
		}
		if out, err = participationRecords.update(ctx, w, who, slug, before, participationValues(d)); err != nil {
			return err
		}
		return w.touchParticipants(before, out)
	})
	return out, err
}

// DeleteParticipation deletes the participation with slug (softly), when its version is
// expected; its project and city grow a version. It returns ENOTFOUND, EGONE or
// EPRECONDITION.
func (s *Store) DeleteParticipation(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := participationRecords.current(ctx, w, slug, expected)
		if err != nil {
			return err
		}
		if err := participationRecords.remove(w, who, slug, before); err != nil {
			return err
		}
		return w.touchParticipants(before)
	})
}

// ParticipationDraftOf returns the writable values of the participation with slug and its
// version, the base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) ParticipationDraftOf(ctx context.Context, slug string) (opencity.ParticipationDraft, int64, error) {
	r, err := one[participationRow](ctx, s, participationSpec, "participation", slug)
	return opencity.ParticipationDraft{Slug: r.Slug, Project: r.Project, City: r.City, Role: r.Role, StartsOn: r.StartsOn,
		EndsOn: r.EndsOn, Note: r.Note, Source: r.Source}, r.Version, err
}
