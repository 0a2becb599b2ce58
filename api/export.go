package api

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/format"
	"github.com/opencity/opencity/internal/opencity"
)

// exportBatch is how many records an export reads per query; each batch is flushed to the
// client before the next is read, so an export's memory does not grow with the collection.
const exportBatch = 1000

// exportFile is the file of a full export: opencity-<collection>-<date>.<format>, the date
// being the day the data last changed (UTC).
type exportFile struct {
	collection string
	format     mediaFormat
}

// collection is a list that can be exported: the resource its filters and sort come from, the
// filters its path fixes (the vocabulary of /v1/innovation-roles), how ?fields= is read for
// its records and how it is streamed.
type collection struct {
	res    opencity.Resource
	fixed  []opencity.Filter
	fields func(c echo.Context) ([]string, error)
	stream func(c echo.Context, w io.Writer, f mediaFormat, q opencity.ListQuery, fields []string) error
}

// exportOf is the export of the list read by page, the same fetcher its list handler uses.
func exportOf[T any](res opencity.Resource, page fetcher[T], fixed ...opencity.Filter) collection {
	return collection{
		res: res, fixed: fixed,
		fields: func(c echo.Context) ([]string, error) { return sparseFields(c, reflect.TypeFor[T]()) },
		stream: func(c echo.Context, w io.Writer, f mediaFormat, q opencity.ListQuery, fields []string) error {
			switch {
			case f == formatCSV:
				return streamAll(c, page, q, format.NewCSV[T](w, fields))
			case fields != nil:
				return streamAll(c, page, q, projected[T]{format.NewNDJSON[map[string]json.RawMessage](w), fields})
			}
			return streamAll(c, page, q, format.NewNDJSON[T](w))
		},
	}
}

// streamAll writes every record of the list with w, a batch at a time, flushing each.
func streamAll[T any](c echo.Context, page fetcher[T], q opencity.ListQuery, w rowWriter[T]) error {
	if hw, ok := w.(headerWriter); ok {
		if err := hw.WriteHeader(); err != nil {
			return err
		}
	}
	q.Limit = exportBatch
	for {
		items, next, err := page(c.Request().Context(), q)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := w.Write(it); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		c.Response().Flush()
		if next == nil {
			return nil
		}
		q.After = next
	}
}

// exports returns the lists that can be exported, by the name of their path.
func exports(h *Handler) map[string]collection {
	s, lists := h.store, opencity.Lists
	vocabulary := func(slug string) opencity.Filter {
		return opencity.Filter{Field: "vocabulary", Op: opencity.OpEq, Values: []string{slug}}
	}
	return map[string]collection{
		"cities":                exportOf(lists.Cities, s.ListCities),
		"populations":           exportOf(lists.Populations, s.ListPopulations),
		"innovation-roles":      exportOf(lists.Concepts, s.ListConcepts, vocabulary(innovationRoles)),
		"funding-activities":    exportOf(lists.Concepts, s.ListConcepts, vocabulary(fundingActivities)),
		"vocabularies":          exportOf(lists.Vocabularies, s.ListVocabularies),
		"concepts":              exportOf(lists.Concepts, s.ListConcepts),
		"surveys":               exportOf(lists.Surveys, s.ListSurveys),
		"survey-waves":          exportOf(lists.SurveyWaves, s.ListSurveyWaves),
		"survey-responses":      exportOf(lists.SurveyResponses, s.ListSurveyResponses),
		"answers":               exportOf(lists.Answers, s.ListAnswers),
		"comparisons":           exportOf(lists.Comparisons, s.ListComparisons),
		"statistics":            exportOf(opencity.Statistics, h.statisticPage),
		"data-availability":     exportOf(lists.DataAvailability, s.ListDataAvailability),
		"data-partnerships":     exportOf(lists.DataPartnerships, s.ListDataPartnerships),
		"organisations":         exportOf(lists.Organisations, s.ListOrganisations),
		"projects":              exportOf(lists.Projects, s.ListProjects),
		"participations":        exportOf(lists.Participations, s.ListParticipations),
		"participation-formats": exportOf(lists.ParticipationFormats, s.ListParticipationFormats),
		"initiatives":           exportOf(lists.Initiatives, s.ListInitiatives),
		"media":                 exportOf(lists.Media, s.ListMedia),
		"org-units":             exportOf(lists.OrgUnits, s.ListOrgUnits),
		"sources":               exportOf(lists.Sources, s.ListSources),
	}
}

// isExportParam accepts what narrows or orders an export: the list's filters, sort, q and
// fields; paging, facets, include and format belong to list pages.
func isExportParam(name string) bool {
	if name == "sort" || name == "q" || name == "fields" {
		return true
	}
	return !contains(listParams, name) && filterParam.MatchString(name)
}

// exportFormats are the formats a collection can be exported in.
var exportFormats = []mediaFormat{formatCSV, formatNDJSON}

// parseExportFile reads the file path parameter: <collection>.<format>. It returns ENOTFOUND
// when there is no such export.
func (h *Handler) parseExportFile(c echo.Context) (exportFile, error) {
	name := c.Param("file")
	collection, ext, _ := strings.Cut(name, ".")
	if _, ok := h.exports[collection]; ok {
		for _, f := range exportFormats {
			if ext == f.name {
				return exportFile{collection: collection, format: f}, nil
			}
		}
	}
	return exportFile{}, opencity.Errorf(opencity.ENOTFOUND,
		"no export named %q: the exports are <collection>.csv and <collection>.ndjson, the collection one of %s",
		safeName(name), strings.Join(h.exportNames(), ", "))
}

// exportNames lists the collections that can be exported, in name order.
func (h *Handler) exportNames() []string {
	names := make([]string, 0, len(h.exports))
	for name := range h.exports {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// exportFormat is the negotiator of exports: the file name names the format, and, like
// ?format= on a list, wins over the Accept header.
func (h *Handler) exportFormat(c echo.Context) (mediaFormat, error) {
	file, err := h.parseExportFile(c)
	return file.format, err
}

// getExport streams a whole collection as a file.
//
//	@Summary		Export a whole collection
//	@Description	Every record of a collection, as one file to download: all the pages of its list, streamed row by row. The query takes the list's filters, sort, q and fields (see its GET operation), not limit, cursor, facets, include or format. CSV (text/csv, RFC 4180, UTF-8, CRLF, a header row even when there are no records; nested values flattened as the CSV representation of every list describes, text that begins with =, +, -, @, a tab or a carriage return prefixed with ' against formula injection) or NDJSON (application/x-ndjson, one JSON record per line, as in the list's data). The file name's extension chooses the format, whatever the Accept header says. Content-Disposition names the file opencity-<collection>-<date>.<format>, the date being the day the data last changed. ETag and Last-Modified work as on every other GET.
//	@Tags			exports
//	@Produce		text/csv
//	@Produce		application/x-ndjson
//	@Param			file	path		string	true	"<collection>.csv or <collection>.ndjson; the collection is one of cities, populations, innovation-roles, funding-activities, vocabularies, concepts, surveys, survey-waves, survey-responses, answers, comparisons, statistics, data-availability, data-partnerships, organisations, projects, participations, participation-formats, initiatives, media, org-units, sources"	example(cities.csv)
//	@Param			sort	query		string	false	"Sort keys, as on the list; the slug always ends the order, in the direction of the key before it"
//	@Param			q		query		string	false	"Search, as on the list (where the list can be searched)"
//	@Param			fields	query		string	false	"Comma-separated top-level fields of each record, as on the list (slug and href always come)"
//	@Success		200		{string}	string	"The collection as CSV or NDJSON"
//	@Header			200		{string}	Request-Id			"Id of this request"
//	@Header			200		{string}	Content-Disposition	"attachment, with the file name opencity-<collection>-<date>.<format>"
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/exports/{file} [get]
func (h *Handler) getExport(c echo.Context) error {
	file, err := h.parseExportFile(c)
	if err != nil {
		return err
	}
	col := h.exports[file.collection]
	q, err := queryParams(c, isExportParam)
	if err != nil {
		return err
	}
	lq, err := parseListQuery(q, col.res)
	if err != nil {
		return err
	}
	lq.Filters = append(lq.Filters, col.fixed...)
	fields, err := col.fields(c)
	if err != nil {
		return err
	}
	if done, err := notModifiedSince(c); done || err != nil {
		return err
	}
	day := time.Now().UTC()
	if v, ok := versionOf(c); ok && !v.Modified.IsZero() {
		day = v.Modified
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, file.format.contentType)
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="opencity-`+file.collection+"-"+
		day.Format(time.DateOnly)+"."+file.format.name+`"`)
	res.WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		res.Flush() // the headers only: no need to read the collection
		return nil
	}
	return h.writeExport(c, col, file.format, lq, fields)
}

// writeExport writes the export: a copy of the kept file when there is one for this data
// version and query (exportcache.go), else streamed from the database and kept as it goes.
func (h *Handler) writeExport(c echo.Context, col collection, f mediaFormat, lq opencity.ListQuery, fields []string) error {
	v, ok := versionOf(c)
	query, _ := canonicalQuery(c.Request().URL.RawQuery)
	if !ok {
		return col.stream(c, c.Response(), f, lq, fields)
	}
	tag := etag(v.Number, c.Request().URL.Path, query, f, "")
	if file, ok := h.exportFiles.open(v.Number, tag); ok {
		return copyExport(c.Response(), file)
	}
	pending := h.exportFiles.create(v.Number, tag)
	if pending == nil {
		return col.stream(c, c.Response(), f, lq, fields)
	}
	if err := col.stream(c, io.MultiWriter(c.Response(), pending), f, lq, fields); err != nil {
		pending.drop()
		return err
	}
	pending.keep()
	return nil
}
