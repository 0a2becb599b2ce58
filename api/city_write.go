package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// cityWriteStore is what the writes of cities and their populations need from the store.
type cityWriteStore interface {
	CreateCity(ctx context.Context, who opencity.Writer, d opencity.CityDraft) (opencity.City, error)
	ReplaceCity(ctx context.Context, who opencity.Writer, slug string, expected int64, d opencity.CityDraft) (opencity.City, error)
	DeleteCity(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	CityDraftOf(ctx context.Context, slug string) (opencity.CityDraft, int64, error)
	AddPopulation(ctx context.Context, who opencity.Writer, d opencity.PopulationDraft) (opencity.Population, error)
	DeletePopulation(ctx context.Context, who opencity.Writer, slug string, expected int64) error
}

// CityWrite is a city as a client creates or replaces it.
type CityWrite struct {
	Slug                  string       `json:"slug,omitempty" validate:"omitempty,slug" example:"leipzig"`     // Stable identifier: required to create; when replacing, absent or the slug of the path (a slug never changes).
	Name                  string       `json:"name" validate:"required,text,max=200" example:"Leipzig"`        // Name of the city.
	Country               CountryWrite `json:"country"`                                                        // Country it lies in.
	Region                *RegionWrite `json:"region,omitempty" extensions:"x-nullable"`                       // Region (state) it lies in; absent or null when not recorded.
	Mayor                 *PersonWrite `json:"mayor,omitempty" extensions:"x-nullable"`                        // Its mayor, with the source naming them; absent or null when unknown.
	LeadInnovationOfficer *PersonWrite `json:"lead_innovation_officer,omitempty" extensions:"x-nullable"`      // Its lead innovation officer, with the source; absent or null when unknown.
	Source                string       `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"` // Slug of the source the record comes from (an existing source).
}

// CountryWrite is the country of a city as a client writes it.
type CountryWrite struct {
	Code string `json:"code" validate:"required,iso3166_1_alpha2" example:"DE"`  // ISO 3166-1 alpha-2 code.
	Name string `json:"name" validate:"required,text,max=100" example:"Germany"` // English name.
}

// RegionWrite is the region of a city as a client writes it.
type RegionWrite struct {
	Name string  `json:"name" validate:"required,text,max=200" example:"Saxony"`                                  // Name of the region.
	Note *string `json:"note,omitempty" validate:"omitempty,max=2000" example:"Not named by the seed documents."` // How this is known.
}

// PersonWrite is a person a source names, as a client writes it.
type PersonWrite struct {
	Name   string `json:"name" validate:"required,text,max=200" example:"Burkhard Jung"`  // Name as the source prints it.
	Source string `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"` // Slug of the source that names them.
}

// PopulationWrite is a population figure as a client adds it to a city.
type PopulationWrite struct {
	Slug        string `json:"slug,omitempty" validate:"omitempty,slug" example:"leipzig-2019-oecd-profile"` // Stable identifier; by default <city>-<year>-<source>.
	Value       *int64 `json:"value" validate:"required,gte=0" example:"600000"`                             // Number of inhabitants.
	Year        *int   `json:"year" validate:"required,gte=1000,lte=9999" example:"2019"`                    // Year the figure refers to.
	Approximate bool   `json:"approximate,omitempty" example:"false"`                                        // True when the source gives it as approximate.
	AsPrinted   string `json:"as_printed" validate:"required,text,max=200" example:"600,000 (2019)"`         // The figure as the source prints it.
	Source      string `json:"source" validate:"required,slug" example:"oecd-profile-leipzig"`               // Slug of the source of the figure (an existing source).
}

func (w CityWrite) draft(slug string) opencity.CityDraft {
	d := opencity.CityDraft{Slug: slug, Name: w.Name, CountryCode: w.Country.Code, CountryName: w.Country.Name, Source: w.Source}
	if w.Region != nil {
		d.Region, d.RegionNote = &w.Region.Name, w.Region.Note
	}
	if w.Mayor != nil {
		d.Mayor, d.MayorSource = &w.Mayor.Name, &w.Mayor.Source
	}
	if w.LeadInnovationOfficer != nil {
		d.LeadInnovationOfficer, d.LeadInnovationOfficerSource = &w.LeadInnovationOfficer.Name, &w.LeadInnovationOfficer.Source
	}
	return d
}

// cityWriteOf is the writable part of a stored city, the base of a merge patch.
func cityWriteOf(d opencity.CityDraft) CityWrite {
	w := CityWrite{Name: d.Name, Country: CountryWrite{Code: d.CountryCode, Name: d.CountryName}, Source: d.Source}
	if d.Region != nil {
		w.Region = &RegionWrite{Name: *d.Region, Note: d.RegionNote}
	}
	if d.Mayor != nil {
		w.Mayor = &PersonWrite{Name: *d.Mayor, Source: deref(d.MayorSource)}
	}
	if d.LeadInnovationOfficer != nil {
		w.LeadInnovationOfficer = &PersonWrite{Name: *d.LeadInnovationOfficer, Source: deref(d.LeadInnovationOfficerSource)}
	}
	return w
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// cityBody reads and validates a city body for the city at pathSlug ("" to create).
func cityBody(c echo.Context, pathSlug string) (CityWrite, error) {
	var w CityWrite
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return w, err
	}
	if err := decodeStrict(body, &w); err != nil {
		return w, err
	}
	return w, checkCity(w, pathSlug)
}

// checkCity validates w for the city at pathSlug ("" to create, where the slug is required).
func checkCity(w CityWrite, pathSlug string) error {
	return checkValues(w, slugErrors(w.Slug, pathSlug)...)
}

// createCity creates a city.
//
//	@Summary		Create a city
//	@Description	Creates a city from its values; its slug is in the body and must be new (a deleted city keeps its slug: 409). Every person named needs the source that names them. Needs a key with the write scope. Send Idempotency-Key to retry safely: a retry with the same key and body replays the first answer (kept 24 hours); the same key with another body is 422; a retry while the first runs is 409.
//	@Tags			cities
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			Idempotency-Key	header		string		false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			city			body		CityWrite	true	"The city"
//	@Success		201				{object}	opencity.City
//	@Header			201				{string}	ETag			"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location		"Path of the new city"
//	@Header			201				{string}	Request-Id		"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/cities [post]
func (h *Handler) createCity(c echo.Context) error {
	w, err := cityBody(c, "")
	if err != nil {
		return err
	}
	city, err := h.store.CreateCity(c.Request().Context(), writerOf(c), w.draft(w.Slug))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, city.Href)
	return h.written(c, http.StatusCreated, city.Version, city)
}

// replaceCity replaces a city.
//
//	@Summary		Replace a city
//	@Description	Replaces every value of a city (absent optional values become null). Needs If-Match with the city's current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			cities
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string		true	"City slug"	example(leipzig)
//	@Param			If-Match	header		string		true	"The city's current ETag (as its GET serves it), or *"
//	@Param			city		body		CityWrite	true	"The city"
//	@Success		200			{object}	opencity.City
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/cities/{slug} [put]
func (h *Handler) replaceCity(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	w, err := cityBody(c, slug)
	if err != nil {
		return err
	}
	city, err := h.store.ReplaceCity(c.Request().Context(), writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, city.Version, city)
}

// patchCity changes some values of a city.
//
//	@Summary		Patch a city
//	@Description	Changes the values a JSON Merge Patch (RFC 7396) names: a member sets a value, null removes it, an object merges into the object it names. The result must be a valid city. Needs If-Match with the city's current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			cities
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug		path		string	true	"City slug"	example(leipzig)
//	@Param			If-Match	header		string	true	"The city's current ETag (as its GET serves it), or *"
//	@Param			patch		body		object	true	"JSON Merge Patch of a CityWrite"
//	@Success		200			{object}	opencity.City
//	@Header			200			{string}	ETag		"The record's new version"
//	@Header			200			{string}	Request-Id	"Id of this request"
//	@Failure		400			{object}	Problem
//	@Failure		401			{object}	Problem
//	@Failure		403			{object}	Problem
//	@Failure		404			{object}	Problem
//	@Failure		410			{object}	Problem
//	@Failure		412			{object}	Problem
//	@Failure		413			{object}	Problem
//	@Failure		415			{object}	Problem
//	@Failure		422			{object}	Problem
//	@Failure		428			{object}	Problem
//	@Failure		500			{object}	Problem
//	@Router			/v1/cities/{slug} [patch]
func (h *Handler) patchCity(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	current, version, err := h.store.CityDraftOf(ctx, slug)
	if err != nil {
		return err
	}
	if expected, err = patchBase("city", slug, expected, version); err != nil {
		return err
	}
	var w CityWrite
	if err := patchBody(c, cityWriteOf(current), &w); err != nil {
		return err
	}
	if err := checkCity(w, slug); err != nil {
		return err
	}
	city, err := h.store.ReplaceCity(ctx, writerOf(c), slug, expected, w.draft(slug))
	if err != nil {
		return err
	}
	return h.written(c, http.StatusOK, city.Version, city)
}

// deleteCity deletes a city.
//
//	@Summary		Delete a city
//	@Description	Deletes a city softly: it leaves the lists, its GET answers 410 Gone, the change feed shows the delete, and its slug stays taken. A city that records still name (populations, survey responses, ...) is not deleted (409). Needs If-Match with the city's current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			cities
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"City slug"	example(leipzig)
//	@Param			If-Match	header	string	true	"The city's current ETag (as its GET serves it), or *"
//	@Success		204
//	@Header			204	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem
//	@Failure		410	{object}	Problem
//	@Failure		412	{object}	Problem
//	@Failure		428	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/cities/{slug} [delete]
func (h *Handler) deleteCity(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteCity(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}

// addPopulation adds a population figure to a city.
//
//	@Summary		Add a population figure
//	@Description	Adds a population figure to a city, with its year and source; the city's version grows with it. Needs a key with the write scope; Idempotency-Key works as on POST /v1/cities.
//	@Tags			cities
//	@Accept			json
//	@Produce		json
//	@Security		bearerAuth[write]
//	@Param			slug			path		string			true	"City slug"	example(leipzig)
//	@Param			Idempotency-Key	header		string			false	"Key that makes retries safe (1 to 255 printable ASCII characters)"
//	@Param			population		body		PopulationWrite	true	"The population figure"
//	@Success		201				{object}	opencity.Population
//	@Header			201				{string}	ETag		"The record's version, for If-Match (v1 on create)"
//	@Header			201				{string}	Location	"Path of the new population figure"
//	@Header			201				{string}	Request-Id	"Id of this request"
//	@Failure		400				{object}	Problem
//	@Failure		401				{object}	Problem
//	@Failure		403				{object}	Problem
//	@Failure		404				{object}	Problem
//	@Failure		409				{object}	Problem
//	@Failure		410				{object}	Problem
//	@Failure		413				{object}	Problem
//	@Failure		415				{object}	Problem
//	@Failure		422				{object}	Problem
//	@Failure		500				{object}	Problem
//	@Router			/v1/cities/{slug}/populations [post]
func (h *Handler) addPopulation(c echo.Context) error {
	city, err := slugParam(c)
	if err != nil {
		return err
	}
	var w PopulationWrite
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return err
	}
	if err := decodeStrict(body, &w); err != nil {
		return err
	}
	if err := checkValues(w); err != nil {
		return err
	}
	d := opencity.PopulationDraft{Slug: w.Slug, City: city, Value: *w.Value, Year: *w.Year,
		Approximate: w.Approximate, AsPrinted: w.AsPrinted, Source: w.Source}
	if d.Slug == "" {
		d.Slug = defaultSlug(city, strconv.Itoa(d.Year), d.Source)
	}
	p, err := h.store.AddPopulation(c.Request().Context(), writerOf(c), d)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, p.Href)
	return h.written(c, http.StatusCreated, p.Version, p)
}

// deletePopulation deletes a population figure.
//
//	@Summary		Delete a population figure
//	@Description	Deletes a population figure softly (its GET answers 410 Gone); its city's version grows. Needs If-Match with the figure's current ETag (428 without, 412 when stale) and a key with the write scope.
//	@Tags			cities
//	@Security		bearerAuth[write]
//	@Param			slug		path	string	true	"Population figure slug"	example(leipzig-2019-oecd-profile)
//	@Param			If-Match	header	string	true	"The figure's current ETag (as its GET serves it), or *"
//	@Success		204
//	@Header			204	{string}	Request-Id	"Id of this request"
//	@Failure		400	{object}	Problem
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		410	{object}	Problem
//	@Failure		412	{object}	Problem
//	@Failure		428	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/populations/{slug} [delete]
func (h *Handler) deletePopulation(c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := h.store.DeletePopulation(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}

// writeTarget returns the slug of the record a write changes and the version If-Match names.
func writeTarget(c echo.Context) (string, int64, error) {
	if _, err := queryParams(c, func(string) bool { return false }); err != nil {
		return "", 0, err
	}
	slug, err := slugParam(c)
	if err != nil {
		return "", 0, err
	}
	expected, err := expectedVersion(c)
	return slug, expected, err
}

// defaultSlug joins parts into a slug, cut to the longest a slug may be.
func defaultSlug(parts ...string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += "-"
		}
		s += p
	}
	if len(s) > 128 {
		s = s[:128]
	}
	for len(s) > 1 && s[len(s)-1] == '-' {
		s = s[:len(s)-1]
	}
	return s
}
