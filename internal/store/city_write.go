package store

import (
	"context"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
)

// cityLinkTables are the tables whose rows name a city; a city is deleted only when none does.
var cityLinkTables = []namer{
	{"populations", "city", live}, {"organisations", "city", live}, {"data_partnerships", "city", live},
	{"survey_responses", "city", live}, {"data_availability", "city", ""}, {"initiatives", "city", ""},
	{"participations", "city", live}, {"org_units", "city", ""}, {"participation_formats", "city", ""},
	{"media", "city", ""}, {"profile_statements", "city", ""},
}

func citySources(d opencity.CityDraft) map[string]*string {
	return map[string]*string{"/source": &d.Source, "/mayor/source": d.MayorSource,
		"/lead_innovation_officer/source": d.LeadInnovationOfficerSource}
}

func cityValues(d opencity.CityDraft) map[string]any {
	return map[string]any{
		"name": d.Name, "country_code": d.CountryCode, "country_name": d.CountryName,
		"region": d.Region, "region_note": d.RegionNote, "mayor": d.Mayor, "mayor_source": d.MayorSource,
		"lead_innovation_officer": d.LeadInnovationOfficer, "lead_innovation_officer_source": d.LeadInnovationOfficerSource,
		"source": d.Source,
	}
}

// CreateCity adds the city d. It returns ECONFLICT when the slug is taken (also by a deleted
// city, whose tombstone keeps it) and EUNPROCESSABLE for a source that does not exist.
func (s *Store) CreateCity(ctx context.Context, who opencity.Writer, d opencity.CityDraft) (opencity.City, error) {
	var out opencity.City
	err := s.write(ctx, func(w *writeTx) error {
		if err := w.checkSources(citySources(d)); err != nil {
			return err
		}
		vals := cityValues(d)
		vals["slug"], vals["version"] = d.Slug, 1
		if err := w.tx.Table("cities").Create(vals).Error; err != nil {
			return conflict(err, "city", d.Slug)
		}
		var err error
		if out, err = w.store.GetCity(ctx, d.Slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpCreate, Collection: "cities", Slug: d.Slug, Version: 1, After: out})
	})
	return out, err
}

// ReplaceCity replaces the values of the city with slug by d, when its version is expected
// (or expected is opencity.AnyVersion). It returns ENOTFOUND, EGONE, EPRECONDITION for a
// stale version, and EUNPROCESSABLE for a source that does not exist.
func (s *Store) ReplaceCity(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.CityDraft) (opencity.City, error) {
	var out opencity.City
	err := s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetCity(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("city", slug, before.Version, expected); err != nil {
			return err
		}
		if err := w.checkSources(citySources(d)); err != nil {
			return err
		}
		vals := cityValues(d)
		vals["version"] = before.Version + 1
		if err := w.tx.Table("cities").Where("slug = ?", slug).Updates(vals).Error; err != nil {
			return err
		}
		if out, err = w.store.GetCity(ctx, slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpUpdate, Collection: "cities", Slug: slug,
			Version: out.Version, Before: before, After: out})
	})
	return out, err
}

// DeleteCity deletes the city with slug (softly: a tombstone stays), when its version is
// expected. It returns ENOTFOUND, EGONE, EPRECONDITION, and ECONFLICT while records still
// name the city.
func (s *Store) DeleteCity(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetCity(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("city", slug, before.Version, expected); err != nil {
			return err
		}
		if err := w.refuseNamed("city", slug, cityLinkTables); err != nil {
			return err
		}
		version := before.Version + 1
		if err := w.tx.Exec("UPDATE cities SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpDelete, Collection: "cities", Slug: slug, Version: version, Before: before})
	})
}

// CityDraftOf returns the writable values of the city with slug and its version, the base of
// a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) CityDraftOf(ctx context.Context, slug string) (opencity.CityDraft, int64, error) {
	row, err := one[cityRow](ctx, s, citySpec, "city", slug)
	if err != nil {
		return opencity.CityDraft{}, 0, err
	}
	return opencity.CityDraft{
		Slug: row.Slug, Name: row.Name, CountryCode: row.CountryCode, CountryName: row.CountryName,
		Region: row.Region, RegionNote: row.RegionNote, Mayor: row.Mayor, MayorSource: row.MayorSource,
		LeadInnovationOfficer: row.LeadInnovationOfficer, LeadInnovationOfficerSource: row.LeadInnovationOfficerSource,
		Source: row.Source,
	}, row.Version, nil
}

// AddPopulation adds the population figure d to its city, whose version grows with it. It
// returns ENOTFOUND or EGONE for the city, ECONFLICT when the slug is taken, and
// EUNPROCESSABLE for a source that does not exist.
func (s *Store) AddPopulation(ctx context.Context, who opencity.Writer, d opencity.PopulationDraft) (opencity.Population, error) {
	var out opencity.Population
	err := s.write(ctx, func(w *writeTx) error {
		if _, err := w.liveVersion("cities", "city", d.City); err != nil {
			return err
		}
		if err := w.checkSources(map[string]*string{"/source": &d.Source}); err != nil {
			return err
		}
		err := w.tx.Table("populations").Create(map[string]any{
			"slug": d.Slug, "city": d.City, "value": d.Value, "year": d.Year, "approximate": d.Approximate,
			"as_printed": d.AsPrinted, "source": d.Source, "version": 1,
		}).Error
		if err != nil {
			return conflict(err, "population figure", d.Slug)
		}
		if out, err = w.store.GetPopulation(ctx, d.Slug); err != nil {
			return err
		}
		if err := w.record(who, Entry{Operation: opencity.OpCreate, Collection: "populations", Slug: d.Slug, Version: 1, After: out}); err != nil {
			return err
		}
		return w.touch("cities", d.City)
	})
	return out, err
}

// DeletePopulation deletes the population figure with slug (softly), when its version is
// expected; its city's version grows. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (s *Store) DeletePopulation(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetPopulation(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("population figure", slug, before.Version, expected); err != nil {
			return err
		}
		version := before.Version + 1
		if err := w.tx.Exec("UPDATE populations SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
			return err
		}
		if err := w.record(who, Entry{Operation: opencity.OpDelete, Collection: "populations", Slug: slug, Version: version, Before: before}); err != nil {
			return err
		}
		return w.touch("cities", before.City.Slug)
	})
}

// conflict translates a failed insert of what with slug: a unique violation is ECONFLICT
// naming the slug; a missing linked record is EUNPROCESSABLE.
func conflict(err error, what, slug string) error {
	switch e := translate(err); {
	case opencity.ErrorCode(e) != opencity.ECONFLICT:
		return e
	case strings.Contains(err.Error(), "FOREIGN KEY"), strings.Contains(err.Error(), "23503"):
		return opencity.Errorf(opencity.EUNPROCESSABLE, "the %s names a record that does not exist", what)
	}
	return opencity.Errorf(opencity.ECONFLICT, "a %s with slug %q exists (or existed: a deleted record keeps its slug)", what, slug)
}
