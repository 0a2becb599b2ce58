package api

// Exported for the tests of package api_test: the body limit has no route of its own yet.
var (
	LimitBody     = limitBody
	MaxRecordBody = maxRecordBody
	MaxImportBody = maxImportBody
)
