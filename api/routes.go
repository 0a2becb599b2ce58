package api

import (
	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// routes registers every route of the API: its table of contents. Every GET route also
// answers HEAD (the same headers, no body); OPTIONS is answered by the router and the CORS
// middleware with the Allow header. Lists (v1.list) are served as JSON, CSV and NDJSON and can
// be exported whole (export.go names them); records as JSON.
func routes(e *echo.Echo, h *Handler) {
	top := &getRoutes{e}
	top.GET("/healthz", h.healthz)
	top.GET("/readyz", h.readyz)
	top.GET("/openapi.yaml", specYAML)
	top.GET("/openapi.json", specJSON)
	top.GET("/docs", docsPage)
	top.GET("/docs/*", docsAssets)

	// Not a Group with middleware: Echo would then answer 404 instead of 405 under /v1.
	v1 := &v1Routes{e: e, h: h}
	v1.list("/cities", h.listCities)
	v1.GET("/cities/:slug", h.getCity)
	v1.GET("/cities/:slug/profile", h.getProfile)
	v1.list("/populations", h.listPopulations)
	v1.GET("/populations/:slug", h.getPopulation)

	v1.list("/innovation-roles", h.listInnovationRoles)
	v1.GET("/innovation-roles/:slug", h.getInnovationRole)
	v1.list("/funding-activities", h.listFundingActivities)
	v1.GET("/funding-activities/:slug", h.getFundingActivity)
	v1.list("/vocabularies", h.listVocabularies)
	v1.GET("/vocabularies/:slug", h.getVocabulary)
	v1.list("/concepts", h.listConcepts)
	v1.GET("/concepts/:slug", h.getConcept)

	v1.list("/surveys", h.listSurveys)
	v1.GET("/surveys/:slug", h.getSurvey)
	v1.list("/survey-waves", h.listSurveyWaves)
	v1.GET("/survey-waves/:slug", h.getSurveyWave)
	v1.list("/survey-responses", h.listSurveyResponses)
	v1.GET("/survey-responses/:slug", h.getSurveyResponse)
	v1.list("/answers", h.listAnswers)
	v1.GET("/answers/:slug", h.getAnswer)
	v1.list("/comparisons", h.listComparisons)
	v1.GET("/comparisons/:slug", h.getComparison)
	v1.list("/statistics", h.listStatistics)
	v1.GET("/statistics/:slug", h.getStatistic)
	v1.list("/data-availability", h.listDataAvailability)
	v1.GET("/data-availability/:slug", h.getDataAvailability)

	v1.list("/data-partnerships", h.listDataPartnerships)
	v1.GET("/data-partnerships/:slug", h.getDataPartnership)
	v1.list("/organisations", h.listOrganisations)
	v1.GET("/organisations/:slug", h.getOrganisation)

	v1.list("/projects", h.listProjects)
	v1.GET("/projects/:slug", h.getProject)
	v1.list("/participations", h.listParticipations)
	v1.GET("/participations/:slug", h.getParticipation)
	v1.list("/participation-formats", h.listParticipationFormats)
	v1.GET("/participation-formats/:slug", h.getParticipationFormat)
	v1.list("/initiatives", h.listInitiatives)
	v1.GET("/initiatives/:slug", h.getInitiative)
	v1.list("/media", h.listMedia)
	v1.GET("/media/:slug", h.getMedia)

	v1.list("/org-units", h.listOrgUnits)
	v1.GET("/org-units/:slug", h.getOrgUnit)

	v1.list("/sources", h.listSources)
	v1.GET("/sources/:slug", h.getSource)

	v1.export("/exports/:file", h.getExport)

	v1.GET("/keys", h.listKeys, requireScope(opencity.ScopeAdmin))

	// Writes (write.go): each needs a key with the write scope and a JSON body of at most
	// maxRecordBody; creates take Idempotency-Key.
	write := []echo.MiddlewareFunc{requireScope(opencity.ScopeWrite), limitBody(maxRecordBody)}
	create := append(write[:len(write):len(write)], h.idempotent)
	e.POST("/v1/cities", h.createCity, create...)
	e.PUT("/v1/cities/:slug", h.replaceCity, write...)
	e.PATCH("/v1/cities/:slug", h.patchCity, write...)
	e.DELETE("/v1/cities/:slug", h.deleteCity, write...)
	e.POST("/v1/cities/:slug/populations", h.addPopulation, create...)
	e.DELETE("/v1/populations/:slug", h.deletePopulation, write...)
	e.POST("/v1/organisations", h.createOrganisation, create...)
	e.PUT("/v1/organisations/:slug", h.replaceOrganisation, write...)
	e.PATCH("/v1/organisations/:slug", h.patchOrganisation, write...)
	e.DELETE("/v1/organisations/:slug", h.deleteOrganisation, write...)
	e.POST("/v1/data-partnerships", h.createDataPartnership, create...)
	e.PUT("/v1/data-partnerships/:slug", h.replaceDataPartnership, write...)
	e.PATCH("/v1/data-partnerships/:slug", h.patchDataPartnership, write...)
	e.DELETE("/v1/data-partnerships/:slug", h.deleteDataPartnership, write...)
	e.POST("/v1/sources", h.createSource, create...)
	e.PUT("/v1/sources/:slug", h.replaceSource, write...)
	e.PATCH("/v1/sources/:slug", h.patchSource, write...)
	e.DELETE("/v1/sources/:slug", h.deleteSource, write...)
	e.POST("/v1/survey-responses", h.createSurveyResponse, create...)
	e.PUT("/v1/survey-responses/:slug", h.replaceSurveyResponse, write...)
	e.PATCH("/v1/survey-responses/:slug", h.patchSurveyResponse, write...)
	e.DELETE("/v1/survey-responses/:slug", h.deleteSurveyResponse, write...)
	e.POST("/v1/survey-responses/:slug/answers", h.addAnswer, create...)
	e.PUT("/v1/answers/:slug", h.replaceAnswer, write...)
	e.PATCH("/v1/answers/:slug", h.patchAnswer, write...)
	e.DELETE("/v1/answers/:slug", h.deleteAnswer, write...)
	e.POST("/v1/projects", h.createProject, create...)
	e.PUT("/v1/projects/:slug", h.replaceProject, write...)
	e.PATCH("/v1/projects/:slug", h.patchProject, write...)
	e.DELETE("/v1/projects/:slug", h.deleteProject, write...)
	e.POST("/v1/participations", h.createParticipation, create...)
	e.PUT("/v1/participations/:slug", h.replaceParticipation, write...)
	e.PATCH("/v1/participations/:slug", h.patchParticipation, write...)
	e.DELETE("/v1/participations/:slug", h.deleteParticipation, write...)
	e.POST("/v1/concepts", h.createConcept, create...)
	e.PUT("/v1/concepts/:slug", h.replaceConcept, write...)
	e.PATCH("/v1/concepts/:slug", h.patchConcept, write...)
	e.DELETE("/v1/concepts/:slug", h.deleteConcept, write...)

	// Bulk imports (import.go): a key with the import scope, a body of at most maxImportBody;
	// with Prefer: respond-async, an import job to poll (importjob.go).
	e.POST("/v1/imports", h.importFile, requireScope(opencity.ScopeImport), limitBody(maxImportBody))
	v1.GET("/imports/:id", h.getImportJob, requireScope(opencity.ScopeImport))

	v1.GET("/changes", h.listChanges)
	v1.GET("/audit", h.listAudit, requireScope(opencity.ScopeAdmin))
}

// getRoutes registers routes that answer GET and HEAD.
type getRoutes struct{ e *echo.Echo }

// GET registers h for GET and HEAD at path; HEAD sends what h writes but its body.
func (r *getRoutes) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	r.e.GET(path, h, m...)
	r.e.HEAD(path, h, append([]echo.MiddlewareFunc{withoutBody}, m...)...)
}

// v1Routes registers routes under /v1, for GET and HEAD, each with content negotiation and
// HTTP caching (Handler.represent).
type v1Routes struct {
	e *echo.Echo
	h *Handler
}

// list registers the list h for GET and HEAD at /v1 + path: served as JSON, CSV or NDJSON.
func (v *v1Routes) list(path string, h echo.HandlerFunc) {
	(&getRoutes{v.e}).GET("/v1"+path, h, v.h.represent(byQueryOrAccept(listFormats, true), true))
}

// GET registers h for GET and HEAD at /v1 + path, served as JSON. Access checks m
// (requireScope) run first; a route that has them answers its caller only, so it is private:
// never kept in the cache, served with Cache-Control: no-store and no validators.
func (v *v1Routes) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	choose := byQueryOrAccept(itemFormats, false)
	cache := v.h.represent(choose, true)
	if len(m) > 0 {
		cache = v.h.private(choose)
	}
	(&getRoutes{v.e}).GET("/v1"+path, h, append(m[:len(m):len(m)], cache)...)
}

// export registers the export route: its format comes from the file name; its response is
// streamed, too large to keep in the cache.
func (v *v1Routes) export(path string, h echo.HandlerFunc) {
	(&getRoutes{v.e}).GET("/v1"+path, h, v.h.represent(v.h.exportFormat, false))
}
