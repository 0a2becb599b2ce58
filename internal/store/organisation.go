package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

type organisationRow struct {
	Slug, Name, NameAsPrinted, Kind, Source string
	City, CityName, Description, Note       *string
	IdentityInferred                        bool
}

func joinOrganisationCity(q *gorm.DB) *gorm.DB {
	return q.Select("organisations.*, cities.name AS city_name").
		Joins("LEFT JOIN cities ON cities.slug = organisations.city")
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
		Source: opencity.SourceRef(r.Source),
	}
}

// ListOrganisations returns one page of organisations in slug order (up to p.Limit+1).
func (s *Store) ListOrganisations(ctx context.Context, q opencity.ListQuery) ([]opencity.Organisation, error) {
	rows, err := listPage[organisationRow](ctx, s.db, "organisations", q, joinOrganisationCity)
	return mapRows(rows, organisationRow.domain), err
}

// GetOrganisation returns the organisation with slug, or ENOTFOUND.
func (s *Store) GetOrganisation(ctx context.Context, slug string) (opencity.Organisation, error) {
	row, err := getOne[organisationRow](ctx, s.db, "organisations", "organisation", slug, joinOrganisationCity)
	return row.domain(), err
}

type partnershipRow struct {
	Slug, City, CityName, Partner, PartnerName, Purpose, Source string
	Wave                                                        *string
}

func joinPartnership(q *gorm.DB) *gorm.DB {
	return q.Select("data_partnerships.*, cities.name AS city_name, organisations.name AS partner_name").
		Joins("JOIN cities ON cities.slug = data_partnerships.city").
		Joins("JOIN organisations ON organisations.slug = data_partnerships.partner")
}

func (r partnershipRow) domain() opencity.DataPartnership {
	return opencity.DataPartnership{
		Slug: r.Slug, Href: opencity.NewRef("data-partnerships", r.Slug).Href,
		City:    opencity.NewNamedRef("cities", r.City, r.CityName),
		Partner: opencity.NewNamedRef("organisations", r.Partner, r.PartnerName),
		Purpose: r.Purpose, Wave: opencity.RefPtr("survey-waves", r.Wave), Source: opencity.SourceRef(r.Source),
	}
}

// ListDataPartnerships returns one page of data partnerships in slug order (up to p.Limit+1).
func (s *Store) ListDataPartnerships(ctx context.Context, q opencity.ListQuery) ([]opencity.DataPartnership, error) {
	rows, err := listPage[partnershipRow](ctx, s.db, "data_partnerships", q, joinPartnership)
	return mapRows(rows, partnershipRow.domain), err
}

// GetDataPartnership returns the data partnership with slug, or ENOTFOUND.
func (s *Store) GetDataPartnership(ctx context.Context, slug string) (opencity.DataPartnership, error) {
	row, err := getOne[partnershipRow](ctx, s.db, "data_partnerships", "data partnership", slug, joinPartnership)
	return row.domain(), err
}
