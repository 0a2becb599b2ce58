package api

// Store is what the API needs from the database: the read side of every resource. Each
// resource's file declares its part.
type Store interface {
	readiness
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
}
