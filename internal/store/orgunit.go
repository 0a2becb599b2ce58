package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var orgUnitSpec = listSpec{
	table: "org_units", resource: opencity.Lists.OrgUnits,
	selects: "org_units.*, cities.name AS city_name, parent_unit.name AS parent_name, same_unit.name AS same_as_name",
	joins: []string{"JOIN cities ON cities.slug = org_units.city",
		"LEFT JOIN org_units AS parent_unit ON parent_unit.slug = org_units.parent",
		"LEFT JOIN org_units AS same_unit ON same_unit.slug = org_units.same_as"},
	columns: map[string]column{
		"city": {expr: "org_units.city"}, "kind": {expr: "org_units.kind"}, "parent": {expr: "org_units.parent"},
		"established_on": {expr: "org_units.established_on"}, "source": {expr: "org_units.source"},
	},
}

type orgUnitRow struct {
	Keyset
	Slug, Name, City, CityName, Kind, Source string
	Parent, ParentName, SameAs, SameAsName   *string
	EstablishedOn, Description, Note         *string
	SameAsInferred                           bool
}

type orgUnitEventRow struct {
	Keyset
	Unit, Event, Description, Source string
	Position                         int
	HappenedOn                       *string
}

type responsibilityRow struct {
	Keyset
	Unit, Summary, Text, Source string
	Position                    int
}

func (s *Store) orgUnitsWithHistory(ctx context.Context, rows []orgUnitRow) ([]opencity.OrgUnit, error) {
	slugs := slugsOf(rows, func(r orgUnitRow) string { return r.Slug })
	events, err := childrenOf[orgUnitEventRow](ctx, s.db, "org_unit_events", "unit", slugs, "org_unit_events.position", nil)
	if err != nil {
		return nil, err
	}
	resps, err := childrenOf[responsibilityRow](ctx, s.db, "org_unit_responsibilities", "unit", slugs, "org_unit_responsibilities.position", nil)
	if err != nil {
		return nil, err
	}
	eventsOf := groupBy(events, func(e orgUnitEventRow) string { return e.Unit })
	respsOf := groupBy(resps, func(r responsibilityRow) string { return r.Unit })
	return mapRows(rows, func(r orgUnitRow) opencity.OrgUnit {
		return opencity.OrgUnit{
			Slug: r.Slug, Href: opencity.NewRef("org-units", r.Slug).Href, Name: r.Name,
			City: opencity.NewNamedRef("cities", r.City, r.CityName), Kind: r.Kind,
			Parent: namedRefPtr("org-units", r.Parent, r.ParentName), EstablishedOn: r.EstablishedOn,
			Description: r.Description, SameAs: namedRefPtr("org-units", r.SameAs, r.SameAsName),
			SameAsInferred: r.SameAsInferred, Note: r.Note, Source: opencity.SourceRef(r.Source),
			History: mapRows(eventsOf[r.Slug], func(e orgUnitEventRow) opencity.OrgUnitEvent {
				return opencity.OrgUnitEvent{Position: e.Position, HappenedOn: e.HappenedOn, Event: e.Event,
					Description: e.Description, Source: opencity.SourceRef(e.Source)}
			}),
			Responsibilities: mapRows(respsOf[r.Slug], func(x responsibilityRow) opencity.Responsibility {
				return opencity.Responsibility{Position: x.Position, Summary: x.Summary, Text: x.Text,
					Source: opencity.SourceRef(x.Source)}
			}),
		}
	}), nil
}

// ListOrgUnits returns one page of organisational units in slug order (up to p.Limit+1), each
// with its history and responsibilities.
func (s *Store) ListOrgUnits(ctx context.Context, q opencity.ListQuery) ([]opencity.OrgUnit, []string, error) {
	rows, next, err := page[orgUnitRow](ctx, s, orgUnitSpec, q)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.orgUnitsWithHistory(ctx, rows)
	return items, next, err
}

// GetOrgUnit returns the organisational unit with slug, or ENOTFOUND.
func (s *Store) GetOrgUnit(ctx context.Context, slug string) (opencity.OrgUnit, error) {
	row, err := one[orgUnitRow](ctx, s, orgUnitSpec, "organisational unit", slug)
	if err != nil {
		return opencity.OrgUnit{}, err
	}
	out, err := s.orgUnitsWithHistory(ctx, []orgUnitRow{row})
	if err != nil {
		return opencity.OrgUnit{}, err
	}
	return out[0], nil
}
