package store

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

// maxFacetValues caps the values counted per facet; the most frequent come first.
const maxFacetValues = 100

// specs are the lists the store serves, by resource name.
var specs = map[string]listSpec{}

func init() {
	for _, sp := range []listSpec{citySpec, populationSpec, conceptSpec, vocabularySpec, sourceSpec,
		surveySpec, waveSpec, responseSpec, answerSpec, comparisonSpec, availabilitySpec, partnershipSpec,
		organisationSpec, projectSpec, participationSpec, formatSpec, initiativeSpec, mediaSpec, orgUnitSpec} {
		specs[sp.resource.Name] = sp
	}
}

// Facets counts, for each field, how many records of the filtered list (paging aside) have
// each value: one grouped query per field, at most 100 values each, most frequent first. It
// returns EINVALID for a list without facets.
func (s *Store) Facets(ctx context.Context, resource string, q opencity.ListQuery, fields []string) (map[string][]opencity.FacetCount, error) {
	sp, ok := specs[resource]
	if !ok {
		return nil, opencity.InvalidParameter("facets", "this list has no facets")
	}
	out := make(map[string][]opencity.FacetCount, len(fields))
	for _, field := range fields {
		col, ok := sp.columns[field]
		if !ok || col.within != "" {
			return nil, opencity.InvalidParameter("facets", "cannot count values of "+field)
		}
		base, err := s.filtered(ctx, sp, q)
		if err != nil {
			return nil, err
		}
		value := col.expr
		if f, _ := sp.resource.Field(field); f.Type == opencity.TypeBool {
			value = "CASE WHEN " + col.expr + " THEN 'true' ELSE 'false' END"
		}
		counts := []opencity.FacetCount{}
		err = base.Select(value + " AS value, COUNT(*) AS count").Group(col.expr).
			Order("count DESC").Order(col.expr).Limit(maxFacetValues).Scan(&counts).Error
		if err != nil {
			return nil, translate(err)
		}
		out[field] = counts
	}
	return out, nil
}
