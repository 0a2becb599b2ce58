package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

type statementRow struct {
	Source, SourceTitle, Section, Text, RecordType, Record string
	Position                                               int
	Comparison                                             *string
}

// profileRecords are the records a profile embeds, by slug, each loaded in one query.
type profileRecords struct {
	answers      map[string]opencity.Answer
	comparisons  map[string]opencity.Comparison
	availability map[string]opencity.DataAvailability
}

// GetProfile returns everything the seed documents state about the city with slug, document by
// document in statement order. It returns ENOTFOUND for an unknown city.
func (s *Store) GetProfile(ctx context.Context, slug string) (opencity.Profile, error) {
	city, err := one[cityRow](ctx, s, citySpec, "city", slug)
	if err != nil {
		return opencity.Profile{}, err
	}
	var rows []statementRow
	err = s.db.WithContext(ctx).Table("profile_statements").
		Select("profile_statements.*, sources.title AS source_title").
		Joins("JOIN sources ON sources.slug = profile_statements.source").
		Where("profile_statements.city = ?", slug).
		Order("profile_statements.source, profile_statements.position").Find(&rows).Error
	if err != nil {
		return opencity.Profile{}, translate(err)
	}
	recs, err := s.profileRecords(ctx, rows)
	if err != nil {
		return opencity.Profile{}, err
	}
	p := opencity.Profile{City: opencity.NewNamedRef("cities", city.Slug, city.Name),
		Href: opencity.NewRef("cities", slug).Href + "/profile", Documents: []opencity.ProfileDocument{}}
	for _, r := range rows {
		st, err := recs.statement(r)
		if err != nil {
			return opencity.Profile{}, err
		}
		if n := len(p.Documents); n == 0 || p.Documents[n-1].Source.Slug != r.Source {
			p.Documents = append(p.Documents, opencity.ProfileDocument{Source: opencity.SourceRef(r.Source), Title: r.SourceTitle})
		}
		doc := &p.Documents[len(p.Documents)-1]
		doc.Statements = append(doc.Statements, st)
	}
	return p, nil
}

func (s *Store) profileRecords(ctx context.Context, rows []statementRow) (profileRecords, error) {
	want := map[string][]string{}
	for _, r := range rows {
		want[r.RecordType] = append(want[r.RecordType], r.Record)
		if r.Comparison != nil {
			want["comparison"] = append(want["comparison"], *r.Comparison)
		}
	}
	answers, err := childrenOf[answerRow](ctx, s.db, "answers", "slug", want["answer"], "answers.slug", answerSpec.scope)
	if err != nil {
		return profileRecords{}, err
	}
	comps, err := childrenOf[comparisonRow](ctx, s.db, "comparisons", "slug", want["comparison"], "comparisons.slug", comparisonSpec.scope)
	if err != nil {
		return profileRecords{}, err
	}
	avail, err := childrenOf[availabilityRow](ctx, s.db, "data_availability", "slug", want["data_availability"], "data_availability.slug", availabilitySpec.scope)
	if err != nil {
		return profileRecords{}, err
	}
	return profileRecords{
		answers:      bySlug(answers, answerRow.domain, func(a opencity.Answer) string { return a.Slug }),
		comparisons:  bySlug(comps, comparisonRow.domain, func(c opencity.Comparison) string { return c.Slug }),
		availability: bySlug(avail, availabilityRow.domain, func(d opencity.DataAvailability) string { return d.Slug }),
	}, nil
}

func bySlug[R, T any](rows []R, f func(R) T, slug func(T) string) map[string]T {
	m := make(map[string]T, len(rows))
	for _, r := range rows {
		v := f(r)
		m[slug(v)] = v
	}
	return m
}

// statement builds one profile statement, embedding the records it states or cites.
func (p profileRecords) statement(r statementRow) (opencity.ProfileStatement, error) {
	ref, err := opencity.NewRecordRef(r.RecordType, r.Record)
	if err != nil {
		return opencity.ProfileStatement{}, err
	}
	st := opencity.ProfileStatement{Position: r.Position, Section: r.Section, Text: r.Text,
		Record: ref, Source: opencity.SourceRef(r.Source)}
	if a, ok := p.answers[r.Record]; ok && r.RecordType == "answer" {
		st.Answer = &a
	}
	if d, ok := p.availability[r.Record]; ok && r.RecordType == "data_availability" {
		st.DataAvailability = &d
	}
	cmp := r.Comparison
	if cmp == nil && r.RecordType == "comparison" {
		cmp = &r.Record
	}
	if cmp != nil {
		if c, ok := p.comparisons[*cmp]; ok {
			st.Comparison = &c
		}
	}
	return st, nil
}
