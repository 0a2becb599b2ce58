package api

import (
	"context"

	"github.com/opencity/opencity/internal/opencity"
)

// Store is what the API needs from the database: the read side of every resource. Each
// resource's file declares its part.
type Store interface {
	readiness
	versionStore
	sourceStore
	cityStore
	profileStore
	vocabularyStore
	surveyStore
	responseStore
	comparisonStore
	organisationStore
	projectStore
	orgUnitStore
	statisticStore
	keyStore
	cityWriteStore
	organisationWriteStore
	partnershipWriteStore
	sourceWriteStore
	projectWriteStore
	conceptWriteStore
	responseWriteStore
	changeStore
	idemStore
	importStore
	recordStore
	importJobStore
	Facets(ctx context.Context, resource string, q opencity.ListQuery, fields []string) (map[string][]opencity.FacetCount, error)
}
