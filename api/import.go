package api

import (
	"context"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/importer"
	"github.com/opencity/opencity/internal/opencity"
)

// Bulk imports answer when they are done, synchronously, with the report, unless the client
// sends Prefer: respond-async: then the answer is 202 with an import job to poll
// (importjob.go), which suits files that take longer than the client or a proxy wants to wait,
// and reports the rows read as the import goes. Either way the import is all or nothing, and a
// client that loses the connection may send the same file again, which is safe (upsert by slug).
// The CLI (opencity import) shows progress on the terminal.

// importStore is what imports need from the store: one import transaction.
type importStore interface {
	Import(ctx context.Context, who opencity.Writer, typ string, fn func(opencity.ImportTx) error) error
}

// importFormats maps the Content-Types an import takes to the importer's formats.
var importFormats = map[string]string{"text/csv": importer.FormatCSV, "application/x-ndjson": importer.FormatNDJSON}

// ImportRejected is the answer to an import with refused rows (422): a problem document with
// the import's report, which lists them. Nothing was written.
type ImportRejected struct {
	Type     string                `json:"type" example:"urn:opencity:problem:unprocessable"`         // URI naming the kind of problem.
	Title    string                `json:"title" example:"Unprocessable content"`                     // Short summary of the kind of problem.
	Status   int                   `json:"status" example:"422"`                                      // HTTP status code.
	Detail   string                `json:"detail" example:"1 of 3 rows refused: nothing was written"` // What is wrong with this request.
	Instance string                `json:"instance" example:"req_5f2b9c0e8a1d4c7b"`                   // The request id of this response.
	Report   opencity.ImportReport `json:"report"`                                                    // What the import found; its rejected rows say why.
}

// importFile imports a file of cities or population figures.
//
//	@Summary		Import records in bulk
//	@Description	Creates or replaces, by slug, every record of a CSV file (with a header row; a UTF-8 BOM and CRLF line ends are accepted) or an NDJSON file (one object per line), all of one type, in one transaction: all or nothing. Columns (CSV) or members (NDJSON) for cities: slug, name, country_code, country_name, region, mayor, mayor_source, source; for populations: city, year, value, approximate, as_printed, source (the figure's slug is <city>-<year>-<source>). Empty CSV cells are null. Every row is validated as a single write would be; when any is refused, nothing is written and the answer is 422 with the report naming the line, column, field and reason of each (the first 1,000). dry_run=true validates everything and writes nothing. The answer comes when the import is done (the body is at most 50 MiB, a few seconds' work), unless the request sends Prefer: respond-async: then the answer is 202 Accepted at once, with Location: /v1/imports/{id} and the job, to poll until it is done (GET /v1/imports/{id}); errors found before the file is read (type, Content-Type, size, key) are answered at once either way. Each record written appears in the change feed; the audit log gets one entry per import. Needs a key with the import scope.
//	@Tags			imports
//	@Accept			text/csv,application/x-ndjson
//	@Produce		json
//	@Security		bearerAuth[import]
//	@Param			type	query		string	true	"What the file holds"	Enums(cities, populations)
//	@Param			dry_run	query		bool	false	"Validate and report only"
//	@Param			Prefer	header		string	false	"respond-async: run the import in the background and answer 202 with the job"	example(respond-async)
//	@Param			file	body		string	true	"The file"
//	@Success		200		{object}	opencity.ImportReport
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Success		202		{object}	opencity.ImportJob
//	@Header			202		{string}	Location			"Path of the import job, to poll"
//	@Header			202		{string}	Preference-Applied	"respond-async"
//	@Header			202		{string}	Request-Id			"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem
//	@Failure		422		{object}	ImportRejected
//	@Failure		429		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/imports [post]
func (h *Handler) importFile(c echo.Context) error {
	opts, err := importOptions(c)
	if err != nil {
		return err
	}
	opts.Who = writerOf(c)
	if respondAsync(c.Request()) {
		return h.startImportJob(c, opts)
	}
	rep, err := importer.Run(c.Request().Context(), h.store, c.Request().Body, opts)
	if err != nil {
		return err
	}
	if rep.Committed {
		h.versions.Invalidate()
	}
	if rep.RejectedCount > 0 {
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		return c.JSON(http.StatusUnprocessableEntity, ImportRejected{
			Type: "urn:opencity:problem:" + opencity.EUNPROCESSABLE, Title: problemTitles[opencity.EUNPROCESSABLE],
			Status: http.StatusUnprocessableEntity, Instance: requestID(c), Report: rep,
			Detail: "rows were refused (the report lists them): nothing was written",
		})
	}
	return c.JSON(http.StatusOK, rep)
}

// importOptions reads the query and Content-Type of an import.
func importOptions(c echo.Context) (importer.Options, error) {
	var opts importer.Options
	q, err := queryParams(c, func(name string) bool { return name == "type" || name == "dry_run" })
	if err != nil {
		return opts, err
	}
	switch opts.Type = q.Get("type"); opts.Type {
	case opencity.ImportCities, opencity.ImportPopulations:
	case "":
		return opts, opencity.InvalidParameter("type", "required: cities or populations")
	default:
		return opts, opencity.InvalidParameter("type", "must be cities or populations")
	}
	switch q.Get("dry_run") {
	case "", "false":
	case "true":
		opts.DryRun = true
	default:
		return opts, opencity.InvalidParameter("dry_run", "must be true or false")
	}
	mt, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	opts.Format = importFormats[mt]
	if err != nil || opts.Format == "" {
		types := slices.Sorted(func(yield func(string) bool) {
			for t := range importFormats {
				if !yield(t) {
					return
				}
			}
		})
		return opts, opencity.Errorf(opencity.EMEDIATYPE, "the body must be sent as Content-Type: %s", strings.Join(types, " or "))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return opts, opencity.Errorf(opencity.EMEDIATYPE, "the body must be UTF-8, not %s", safeName(cs))
	}
	return opts, nil
}
