package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

var organisationSpec = listSpec{
	table: "organisations", resource: opencity.Lists.Organisations,
	selects: "organisations.*, cities.name AS city_name",
	joins:   []string{"LEFT JOIN cities ON cities.slug = organisations.city"},
	columns: map[string]column{
		"name": {expr: "organisations.name"}, "kind": {expr: "organisations.kind"},
		"city": {expr: "organisations.city"}, "identity_inferred": {expr: "organisations.identity_inferred"},
		"source": {expr: "organisations.source"},
	},
	live: true,
}

var partnershipSpec = listSpec{
	table: "data_partnerships", resource: opencity.Lists.DataPartnerships,
	selects: "data_partnerships.*, cities.name AS city_name, organisations.name AS partner_name",
	joins: []string{"JOIN cities ON cities.slug = data_partnerships.city",
		"JOIN organisations ON organisations.slug = data_partnerships.partner"},
	columns: map[string]column{
		"city": {expr: "data_partnerships.city"}, "partner": {expr: "data_partnerships.partner"},
		"wave": {expr: "data_partnerships.wave"}, "source": {expr: "data_partnerships.source"},
	},
	live: true,
}

type organisationRow struct {
	Keyset
	Slug, Name, NameAsPrinted, Kind, Source string
	City, CityName, Description, Note       *string
	IdentityInferred                        bool
	Version                                 int64
}

// namedRefPtr links to an optional named record: nil when slug or name is nil.
func namedRefPtr(collection string, slug, name *string) *opencity.NamedRef {
	if slug == nil || name == nil {
		return nil
	}
	r := opencity.NewNamedRef(collection, *slug, *name)
	return &r
}

func (r organisationRow) domain() opencity.Organisation {
	return opencity.Organisation{
		Slug: r.Slug, Href: opencity.NewRef("organisations", r.Slug).Href, Name: r.Name,
		NameAsPrinted: r.NameAsPrinted, Kind: r.Kind, City: namedRefPtr("cities", r.City, r.CityName),
		Description: r.Description, IdentityInferred: r.IdentityInferred, Note: r.Note,
		Source: opencity.SourceRef(r.Source), Version: r.Version,
	}
}

// ListOrganisations returns one page of organisations in slug order (up to p.Limit+1).
func (s *Store) ListOrganisations(ctx context.Context, q opencity.ListQuery) ([]opencity.Organisation, []string, error) {
	rows, next, err := page[organisationRow](ctx, s, organisationSpec, q)
	return mapRows(rows, organisationRow.domain), next, err
}

// GetOrganisation returns the organisation with slug, or ENOTFOUND.
func (s *Store) GetOrganisation(ctx context.Context, slug string) (opencity.Organisation, error) {
	row, err := one[organisationRow](ctx, s, organisationSpec, "organisation", slug)
	return row.domain(), err
}

type partnershipRow struct {
	Keyset
	Slug, City, CityName, Partner, PartnerName, Purpose, Source string
	Wave                                                        *string
	Version                                                     int64
}

func (r partnershipRow) domain() opencity.DataPartnership {
	return opencity.DataPartnership{
		Slug: r.Slug, Href: opencity.NewRef("data-partnerships", r.Slug).Href,
		City:    opencity.NewNamedRef("cities", r.City, r.CityName),
		Partner: opencity.NewNamedRef("organisations", r.Partner, r.PartnerName),
		Purpose: r.Purpose, Wave: opencity.RefPtr("survey-waves", r.Wave), Source: opencity.SourceRef(r.Source),
		Version: r.Version,
	}
}

// ListDataPartnerships returns one page of data partnerships in slug order (up to p.Limit+1).
func (s *Store) ListDataPartnerships(ctx context.Context, q opencity.ListQuery) ([]opencity.DataPartnership, []string, error) {
	rows, next, err := page[partnershipRow](ctx, s, partnershipSpec, q)
	return mapRows(rows, partnershipRow.domain), next, err
}

// GetDataPartnership returns the data partnership with slug, or ENOTFOUND.
func (s *Store) GetDataPartnership(ctx context.Context, slug string) (opencity.DataPartnership, error) {
	row, err := one[partnershipRow](ctx, s, partnershipSpec, "data partnership", slug)
	return row.domain(), err
}
