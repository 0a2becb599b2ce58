package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type cityRow struct {
	Keyset
	Slug, Name, CountryCode, CountryName, Source string
	Region, RegionNote                           *string
	Mayor, MayorSource                           *string
	LeadInnovationOfficer                        *string
	LeadInnovationOfficerSource                  *string
	Synthetic                                    bool
	Version                                      int64
}

type populationRow struct {
	Keyset
	Slug, City, CityName, AsPrinted, Source string
	Value                                   int64
	Year                                    int
	Approximate                             bool
	Version                                 int64
}

var citySpec = listSpec{table: "cities", resource: opencity.Lists.Cities, columns: map[string]column{
	"name": {expr: "cities.name"}, "country": {expr: "cities.country_code"}, "region": {expr: "cities.region"},
	"mayor": {expr: "cities.mayor"}, "population": {expr: "cities.population"},
	"population_year": {expr: "cities.population_year"}, "synthetic": {expr: "cities.synthetic"},
	"source": {expr: "cities.source"},
}, live: true}

var populationSpec = listSpec{
	table: "populations", resource: opencity.Lists.Populations,
	selects: "populations.*, cities.name AS city_name",
	joins:   []string{"JOIN cities ON cities.slug = populations.city"},
	columns: map[string]column{
		"city": {expr: "populations.city"}, "year": {expr: "populations.year"}, "value": {expr: "populations.value"},
		"approximate": {expr: "populations.approximate"}, "source": {expr: "populations.source"},
	},
	live: true,
}

func (r populationRow) domain() opencity.Population {
	return opencity.Population{
		Slug: r.Slug, Href: opencity.NewRef("populations", r.Slug).Href,
		City:  opencity.NewNamedRef("cities", r.City, r.CityName),
		Value: r.Value, Year: r.Year, Approximate: r.Approximate, AsPrinted: r.AsPrinted,
		Source: opencity.SourceRef(r.Source), Version: r.Version,
	}
}

// cityLinks are a page of cities' children, loaded in one query each.
type cityLinks struct {
	populations    map[string][]populationRow
	responses      map[string][]linkRow
	participations map[string][]linkRow
}

// linkRow is a child record's slug and the parent it belongs to.
type linkRow struct{ Slug, Parent string }

func (s *Store) loadCityLinks(ctx context.Context, slugs []string) (cityLinks, error) {
	pops, err := childrenOf[populationRow](ctx, s.db, "populations", "city", slugs, "populations.year DESC, populations.slug", livePopulations)
	if err != nil {
		return cityLinks{}, err
	}
	resp, err := childrenOf[linkRow](ctx, s.db, "survey_responses", "city", slugs, "survey_responses.slug", selectLink("survey_responses", "city"))
	if err != nil {
		return cityLinks{}, err
	}
	parts, err := childrenOf[linkRow](ctx, s.db, "participations", "city", slugs, "participations.slug", selectLink("participations", "city"))
	if err != nil {
		return cityLinks{}, err
	}
	byParent := func(r linkRow) string { return r.Parent }
	return cityLinks{
		populations:    groupBy(pops, func(r populationRow) string { return r.City }),
		responses:      groupBy(resp, byParent),
		participations: groupBy(parts, byParent),
	}, nil
}

// selectLink selects a live child's slug and its parent column as a linkRow.
func selectLink(table, parent string) scope {
	return func(q *gorm.DB) *gorm.DB {
		return q.Where(table + ".deleted_at IS NULL").Select(table + ".slug AS slug, " + table + "." + parent + " AS parent")
	}
}

// liveOnly keeps the live rows of table, one with soft deletes.
func liveOnly(table string) scope {
	return func(q *gorm.DB) *gorm.DB { return q.Where(table + ".deleted_at IS NULL") }
}

// livePopulations selects a page of cities' populations without joining the cities back: the
// caller knows their names.
func livePopulations(q *gorm.DB) *gorm.DB {
	return q.Where("populations.deleted_at IS NULL").Select("populations.*")
}

func (r cityRow) domain(l cityLinks) opencity.City {
	pops := l.populations[r.Slug]
	for i := range pops {
		pops[i].CityName = r.Name
	}
	c := opencity.City{
		Slug: r.Slug, Href: opencity.NewRef("cities", r.Slug).Href, Name: r.Name,
		Country:               opencity.Country{Code: r.CountryCode, Name: r.CountryName},
		Mayor:                 opencity.NewPersonFact(r.Mayor, r.MayorSource),
		LeadInnovationOfficer: opencity.NewPersonFact(r.LeadInnovationOfficer, r.LeadInnovationOfficerSource),
		Populations:           mapRows(pops, populationRow.domain),
		SurveyResponses:       linkRefs("survey-responses", l.responses[r.Slug]),
		Participations:        linkRefs("participations", l.participations[r.Slug]),
		ProfileHref:           opencity.NewRef("cities", r.Slug).Href + "/profile",
		Source:                opencity.SourceRef(r.Source),
		Synthetic:             r.Synthetic,
		Version:               r.Version,
	}
	if r.Region != nil {
		c.Region = &opencity.Region{Name: *r.Region, Note: r.RegionNote}
	}
	return c
}

func linkRefs(collection string, rows []linkRow) []opencity.Ref {
	return mapRows(rows, func(r linkRow) opencity.Ref { return opencity.NewRef(collection, r.Slug) })
}

// ListCities returns one page of cities, each with its populations and links, and the keys
// of the next page (nil on the last).
func (s *Store) ListCities(ctx context.Context, q opencity.ListQuery) ([]opencity.City, []string, error) {
	rows, next, err := page[cityRow](ctx, s, citySpec, q)
	if err != nil {
		return nil, nil, err
	}
	links, err := s.loadCityLinks(ctx, slugsOf(rows, func(r cityRow) string { return r.Slug }))
	if err != nil {
		return nil, nil, err
	}
	return mapRows(rows, func(r cityRow) opencity.City { return r.domain(links) }), next, nil
}

// GetCity returns the city with slug, or ENOTFOUND.
func (s *Store) GetCity(ctx context.Context, slug string) (opencity.City, error) {
	row, err := one[cityRow](ctx, s, citySpec, "city", slug)
	if err != nil {
		return opencity.City{}, err
	}
	links, err := s.loadCityLinks(ctx, []string{slug})
	if err != nil {
		return opencity.City{}, err
	}
	return row.domain(links), nil
}

// ListPopulations returns one page of population figures and the keys of the next page.
func (s *Store) ListPopulations(ctx context.Context, q opencity.ListQuery) ([]opencity.Population, []string, error) {
	rows, next, err := page[populationRow](ctx, s, populationSpec, q)
	return mapRows(rows, populationRow.domain), next, err
}

// GetPopulation returns the population figure with slug, or ENOTFOUND.
func (s *Store) GetPopulation(ctx context.Context, slug string) (opencity.Population, error) {
	row, err := one[populationRow](ctx, s, populationSpec, "population figure", slug)
	return row.domain(), err
}
