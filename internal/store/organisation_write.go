package store

import (
	"context"
	"fmt"

	"github.com/opencity/opencity/internal/opencity"
)

func organisationValues(d opencity.OrganisationDraft) map[string]any {
	return map[string]any{
		"name": d.Name, "name_as_printed": d.NameAsPrinted, "kind": d.Kind, "city": d.City,
		"description": d.Description, "identity_inferred": d.IdentityInferred, "note": d.Note, "source": d.Source,
	}
}

// checkOrganisation returns EUNPROCESSABLE naming every field of d that names a record that
// does not exist (or no longer does): its source and its city.
func (w *writeTx) checkOrganisation(d opencity.OrganisationDraft) error {
	err := w.checkSources(map[string]*string{"/source": &d.Source})
	if code := opencity.ErrorCode(err); code != "" && code != opencity.EUNPROCESSABLE {
		return err
	}
	fields := opencity.ErrorFields(err)
	if d.City != nil {
		_, cerr := w.liveVersion("cities", "city", *d.City)
		switch opencity.ErrorCode(cerr) {
		case "":
		case opencity.ENOTFOUND, opencity.EGONE:
			fields = append(fields, opencity.FieldError{Pointer: "/city", Reason: fmt.Sprintf("no city with slug %q", *d.City)})
		default:
			return cerr
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &opencity.Error{Code: opencity.EUNPROCESSABLE, Message: "the write names records that do not exist", Fields: fields}
}

// CreateOrganisation adds the organisation d. It returns ECONFLICT when the slug is taken and
// EUNPROCESSABLE for a source or city that does not exist.
func (s *Store) CreateOrganisation(ctx context.Context, who opencity.Writer, d opencity.OrganisationDraft) (opencity.Organisation, error) {
	var out opencity.Organisation
	err := s.write(ctx, func(w *writeTx) error {
		if err := w.checkOrganisation(d); err != nil {
			return err
		}
		vals := organisationValues(d)
		vals["slug"], vals["version"] = d.Slug, 1
		if err := w.tx.Table("organisations").Create(vals).Error; err != nil {
			return conflict(err, "organisation", d.Slug)
		}
		var err error
		if out, err = w.store.GetOrganisation(ctx, d.Slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpCreate, Collection: "organisations", Slug: d.Slug, Version: 1, After: out})
	})
	return out, err
}

// ReplaceOrganisation replaces the values of the organisation with slug by d, when its version
// is expected. It returns ENOTFOUND, EGONE, EPRECONDITION and EUNPROCESSABLE.
func (s *Store) ReplaceOrganisation(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.OrganisationDraft) (opencity.Organisation, error) {
	var out opencity.Organisation
	err := s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetOrganisation(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("organisation", slug, before.Version, expected); err != nil {
			return err
		}
		if err := w.checkOrganisation(d); err != nil {
			return err
		}
		vals := organisationValues(d)
		vals["version"] = before.Version + 1
		if err := w.tx.Table("organisations").Where("slug = ?", slug).Updates(vals).Error; err != nil {
			return err
		}
		if out, err = w.store.GetOrganisation(ctx, slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpUpdate, Collection: "organisations", Slug: slug,
			Version: out.Version, Before: before, After: out})
	})
	return out, err
}

// DeleteOrganisation deletes the organisation with slug (softly), when its version is
// expected. It returns ENOTFOUND, EGONE, EPRECONDITION, and ECONFLICT while data partnerships
// name it.
func (s *Store) DeleteOrganisation(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetOrganisation(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("organisation", slug, before.Version, expected); err != nil {
			return err
		}
		var n int64
		if err := w.tx.Table("data_partnerships").Where("partner = ? AND deleted_at IS NULL", slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return opencity.Errorf(opencity.ECONFLICT, "the organisation %q is still named by %d data partnership(s): delete those first", slug, n)
		}
		version := before.Version + 1
		if err := w.tx.Exec("UPDATE organisations SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpDelete, Collection: "organisations", Slug: slug, Version: version, Before: before})
	})
}

// OrganisationDraftOf returns the writable values of the organisation with slug and its
// version, the base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) OrganisationDraftOf(ctx context.Context, slug string) (opencity.OrganisationDraft, int64, error) {
	row, err := one[organisationRow](ctx, s, organisationSpec, "organisation", slug)
	if err != nil {
		return opencity.OrganisationDraft{}, 0, err
	}
	return opencity.OrganisationDraft{
		Slug: row.Slug, Name: row.Name, NameAsPrinted: row.NameAsPrinted, Kind: row.Kind, City: row.City,
		Description: row.Description, IdentityInferred: row.IdentityInferred, Note: row.Note, Source: row.Source,
	}, row.Version, nil
}

// checkPartnership returns EUNPROCESSABLE naming every field of d that names a record that
// does not exist: its city, partner, wave and source.
func (w *writeTx) checkPartnership(d opencity.DataPartnershipDraft) error {
	err := w.checkSources(map[string]*string{"/source": &d.Source})
	if code := opencity.ErrorCode(err); code != "" && code != opencity.EUNPROCESSABLE {
		return err
	}
	fields := opencity.ErrorFields(err)
	for _, ref := range []struct{ pointer, table, what, slug string }{
		{"/city", "cities", "city", d.City}, {"/partner", "organisations", "organisation", d.Partner},
	} {
		_, lerr := w.liveVersion(ref.table, ref.what, ref.slug)
		switch opencity.ErrorCode(lerr) {
		case "":
		case opencity.ENOTFOUND, opencity.EGONE:
			fields = append(fields, opencity.FieldError{Pointer: ref.pointer, Reason: fmt.Sprintf("no %s with slug %q", ref.what, ref.slug)})
		default:
			return lerr
		}
	}
	if d.Wave != nil {
		var n int64
		if err := w.tx.Table("survey_waves").Where("slug = ?", *d.Wave).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			fields = append(fields, opencity.FieldError{Pointer: "/wave", Reason: fmt.Sprintf("no survey wave %q", *d.Wave)})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &opencity.Error{Code: opencity.EUNPROCESSABLE, Message: "the write names records that do not exist", Fields: fields}
}

func partnershipValues(d opencity.DataPartnershipDraft) map[string]any {
	return map[string]any{"city": d.City, "partner": d.Partner, "purpose": d.Purpose, "wave": d.Wave, "source": d.Source}
}

// CreateDataPartnership adds the data partnership d. It returns ECONFLICT when the slug is
// taken and EUNPROCESSABLE for a city, partner, wave or source that does not exist.
func (s *Store) CreateDataPartnership(ctx context.Context, who opencity.Writer, d opencity.DataPartnershipDraft) (opencity.DataPartnership, error) {
	var out opencity.DataPartnership
	err := s.write(ctx, func(w *writeTx) error {
		if err := w.checkPartnership(d); err != nil {
			return err
		}
		vals := partnershipValues(d)
		vals["slug"], vals["version"] = d.Slug, 1
		if err := w.tx.Table("data_partnerships").Create(vals).Error; err != nil {
			return conflict(err, "data partnership", d.Slug)
		}
		var err error
		if out, err = w.store.GetDataPartnership(ctx, d.Slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpCreate, Collection: "data-partnerships", Slug: d.Slug, Version: 1, After: out})
	})
	return out, err
}

// ReplaceDataPartnership replaces the values of the data partnership with slug by d, when its
// version is expected. It returns ENOTFOUND, EGONE, EPRECONDITION and EUNPROCESSABLE.
func (s *Store) ReplaceDataPartnership(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.DataPartnershipDraft) (opencity.DataPartnership, error) {
	var out opencity.DataPartnership
	err := s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetDataPartnership(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("data partnership", slug, before.Version, expected); err != nil {
			return err
		}
		if err := w.checkPartnership(d); err != nil {
			return err
		}
		vals := partnershipValues(d)
		vals["version"] = before.Version + 1
		if err := w.tx.Table("data_partnerships").Where("slug = ?", slug).Updates(vals).Error; err != nil {
			return err
		}
		if out, err = w.store.GetDataPartnership(ctx, slug); err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpUpdate, Collection: "data-partnerships", Slug: slug,
			Version: out.Version, Before: before, After: out})
	})
	return out, err
}

// DeleteDataPartnership deletes the data partnership with slug (softly), when its version is
// expected. It returns ENOTFOUND, EGONE or EPRECONDITION.
func (s *Store) DeleteDataPartnership(ctx context.Context, who opencity.Writer, slug string, expected int64) error {
	return s.write(ctx, func(w *writeTx) error {
		before, err := w.store.GetDataPartnership(ctx, slug)
		if err != nil {
			return err
		}
		if err := checkVersion("data partnership", slug, before.Version, expected); err != nil {
			return err
		}
		version := before.Version + 1
		if err := w.tx.Exec("UPDATE data_partnerships SET deleted_at = ?, version = ? WHERE slug = ?", w.at, version, slug).Error; err != nil {
			return err
		}
		return w.record(who, Entry{Operation: opencity.OpDelete, Collection: "data-partnerships", Slug: slug, Version: version, Before: before})
	})
}

// DataPartnershipDraftOf returns the writable values of the data partnership with slug and its
// version, the base of a merge patch. It returns ENOTFOUND or EGONE.
func (s *Store) DataPartnershipDraftOf(ctx context.Context, slug string) (opencity.DataPartnershipDraft, int64, error) {
	row, err := one[partnershipRow](ctx, s, partnershipSpec, "data partnership", slug)
	if err != nil {
		return opencity.DataPartnershipDraft{}, 0, err
	}
	return opencity.DataPartnershipDraft{Slug: row.Slug, City: row.City, Partner: row.Partner, Purpose: row.Purpose,
		Wave: row.Wave, Source: row.Source}, row.Version, nil
}
