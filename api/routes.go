package api

import "github.com/labstack/echo/v4"

// routes registers every route of the API: its table of contents.
func routes(e *echo.Echo, h *Handler) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/openapi.yaml", specYAML)
	e.GET("/openapi.json", specJSON)
	e.GET("/docs", docsPage)
	e.GET("/docs/*", docsAssets)

	// Not a Group with middleware: Echo would then answer 404 instead of 405 under /v1.
	v1 := &v1Routes{e}
	v1.GET("/cities", h.listCities)
	v1.GET("/cities/:slug", h.getCity)
	v1.GET("/cities/:slug/profile", h.getProfile)
	v1.GET("/populations", h.listPopulations)
	v1.GET("/populations/:slug", h.getPopulation)

	v1.GET("/innovation-roles", h.listInnovationRoles)
	v1.GET("/innovation-roles/:slug", h.getInnovationRole)
	v1.GET("/funding-activities", h.listFundingActivities)
	v1.GET("/funding-activities/:slug", h.getFundingActivity)
	v1.GET("/vocabularies", h.listVocabularies)
	v1.GET("/vocabularies/:slug", h.getVocabulary)
	v1.GET("/concepts", h.listConcepts)
	v1.GET("/concepts/:slug", h.getConcept)

	v1.GET("/surveys", h.listSurveys)
	v1.GET("/surveys/:slug", h.getSurvey)
	v1.GET("/survey-waves", h.listSurveyWaves)
	v1.GET("/survey-waves/:slug", h.getSurveyWave)
	v1.GET("/survey-responses", h.listSurveyResponses)
	v1.GET("/survey-responses/:slug", h.getSurveyResponse)
	v1.GET("/answers", h.listAnswers)
	v1.GET("/answers/:slug", h.getAnswer)
	v1.GET("/comparisons", h.listComparisons)
	v1.GET("/comparisons/:slug", h.getComparison)
	v1.GET("/statistics", h.listStatistics)
	v1.GET("/statistics/:slug", h.getStatistic)
	v1.GET("/data-availability", h.listDataAvailability)
	v1.GET("/data-availability/:slug", h.getDataAvailability)

	v1.GET("/data-partnerships", h.listDataPartnerships)
	v1.GET("/data-partnerships/:slug", h.getDataPartnership)
	v1.GET("/organisations", h.listOrganisations)
	v1.GET("/organisations/:slug", h.getOrganisation)

	v1.GET("/projects", h.listProjects)
	v1.GET("/projects/:slug", h.getProject)
	v1.GET("/participations", h.listParticipations)
	v1.GET("/participations/:slug", h.getParticipation)
	v1.GET("/participation-formats", h.listParticipationFormats)
	v1.GET("/participation-formats/:slug", h.getParticipationFormat)
	v1.GET("/initiatives", h.listInitiatives)
	v1.GET("/initiatives/:slug", h.getInitiative)
	v1.GET("/media", h.listMedia)
	v1.GET("/media/:slug", h.getMedia)

	v1.GET("/org-units", h.listOrgUnits)
	v1.GET("/org-units/:slug", h.getOrgUnit)

	v1.GET("/sources", h.listSources)
	v1.GET("/sources/:slug", h.getSource)
}

// v1Routes registers routes under /v1, each refusing an Accept header that admits no JSON.
type v1Routes struct{ e *echo.Echo }

// GET registers a GET route at /v1 + path.
func (v *v1Routes) GET(path string, h echo.HandlerFunc) {
	v.e.GET("/v1"+path, h, acceptJSON)
}
