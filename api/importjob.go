package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/importer"
	"github.com/opencity/opencity/internal/opencity"
)

// Import jobs: POST /v1/imports with Prefer: respond-async (RFC 7240) answers 202 Accepted at
// once, with Location: /v1/imports/{id}, and runs the import in the background; the client polls
// GET /v1/imports/{id} for its status, the rows read so far and, when done, the report a
// synchronous import gives. The body (at most 50 MiB, as for a synchronous import) is spooled
// to a temporary file first, since the request ends before the import does; the file is
// removed when the job ends. Jobs run one at a time per server, in the order received
// (queued until then): on SQLite every import needs the one write lock anyway. A job's row
// records its status; rows_read is counted in memory while it runs (the import's transaction
// holds SQLite's write lock) and written when it ends. A server that stops with a job running
// leaves it unfinished; the next server to start marks it ended (EndAbandonedImportJobs).

// importJobStore is what import jobs need from the store.
type importJobStore interface {
	CreateImportJob(ctx context.Context, j opencity.ImportJob) (opencity.ImportJob, error)
	StartImportJob(ctx context.Context, id string) error
	FinishImportJob(ctx context.Context, id, status string, rows int, rep *opencity.ImportReport, message *string) error
	ImportJob(ctx context.Context, prefix, id string) (opencity.ImportJob, error)
}

// importJobs runs import jobs: one at a time, with the rows read by each running one.
type importJobs struct {
	turn chan struct{} // held by the running job
	rows sync.Map      // job id → *atomic.Int64, while the job runs
}

func newImportJobs() *importJobs { return &importJobs{turn: make(chan struct{}, 1)} }

// respondAsync reports whether the request prefers an asynchronous answer (Prefer:
// respond-async, among any other preferences, in any of its Prefer headers).
func respondAsync(req *http.Request) bool {
	for _, v := range req.Header.Values("Prefer") {
		for pref := range strings.SplitSeq(v, ",") {
			name, _, _ := strings.Cut(pref, ";")
			name, _, _ = strings.Cut(name, "=")
			if strings.EqualFold(strings.TrimSpace(name), "respond-async") {
				return true
			}
		}
	}
	return false
}

// startImportJob spools the body of an import to a temporary file, records the job and starts
// it, and answers 202 with the job.
func (h *Handler) startImportJob(c echo.Context, opts importer.Options) error {
	path, err := spool(c.Request().Body)
	if err != nil {
		return err // limitBody makes a body over the limit a 413
	}
	id, err := newJobID()
	if err != nil {
		os.Remove(path)
		return err
	}
	job, err := h.store.CreateImportJob(c.Request().Context(),
		opencity.ImportJob{ID: id, KeyPrefix: opts.Who.KeyPrefix, Type: opts.Type, DryRun: opts.DryRun})
	if err != nil {
		os.Remove(path)
		return err
	}
	opts.Who.ImportJob = id
	go h.runImportJob(id, path, opts)
	job.Href = "/v1/imports/" + id
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderLocation, job.Href)
	hdr.Set("Preference-Applied", "respond-async")
	return c.JSON(http.StatusAccepted, job)
}

// spool copies body to a new temporary file and returns its path.
func spool(body io.Reader) (string, error) {
	f, err := os.CreateTemp("", "opencity-import-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func newJobID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "imp_" + hex.EncodeToString(b), nil
}

// runImportJob runs the job id on the file at path, in its turn, and records how it ended.
func (h *Handler) runImportJob(id, path string, opts importer.Options) {
	defer os.Remove(path)
	ctx := context.Background()
	h.jobs.turn <- struct{}{}
	defer func() { <-h.jobs.turn }()
	rows := &atomic.Int64{}
	h.jobs.rows.Store(id, rows)
	defer h.jobs.rows.Delete(id)
	opts.Progress = func(n int) { rows.Store(int64(n)) }

	status, rep, message := opencity.JobFailed, (*opencity.ImportReport)(nil), (*string)(nil)
	err := h.store.StartImportJob(ctx, id)
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
	}
	if err == nil {
		var r opencity.ImportReport
		r, err = importer.Run(ctx, h.store, f, opts)
		f.Close()
		if err == nil {
			rep = &r
			if r.RejectedCount == 0 {
				status = opencity.JobSucceeded
			}
			if r.Committed {
				h.versions.Invalidate()
			}
		}
	}
	if err != nil {
		h.log.Error("import job", "job", id, "error", err)
		m := opencity.ErrorMessage(err)
		message = &m
	}
	read := int(rows.Load())
	if rep != nil {
		read = rep.Rows
	}
	if err := h.store.FinishImportJob(ctx, id, status, read, rep, message); err != nil {
		h.log.Error("finish import job", "job", id, "error", err)
	}
}

// getImportJob answers the state of an import job.
//
//	@Summary		Get an import job
//	@Description	The state of a bulk import sent with Prefer: respond-async: queued (waiting for the imports before it; a server runs one at a time), running (rows_read grows every 500 rows), succeeded (written, or a dry run that refused nothing) or failed (rows were refused and nothing was written, or the import could not run: message says why). Once done, report is what a synchronous import answers. A job that was running when its server stopped is marked ended when a server starts again (failed, with nothing written, unless its import was already committed). Only the API key that sent the file sees its job (any other: 404); finished jobs are kept 7 days. Needs a key with the import scope.
//	@Tags			imports
//	@Produce		json
//	@Security		bearerAuth[import]
//	@Param			id	path		string	true	"Job id, from the Location of the 202"	example(imp_0f8a4c2e9b7d4e1a8c3f5b6d7e9a0c1b)
//	@Success		200	{object}	opencity.ImportJob
//	@Header			200	{string}	Request-Id	"Id of this request"
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Failure		404	{object}	Problem
//	@Failure		406	{object}	Problem
//	@Failure		429	{object}	Problem
//	@Failure		500	{object}	Problem
//	@Router			/v1/imports/{id} [get]
func (h *Handler) getImportJob(c echo.Context) error {
	job, err := h.store.ImportJob(c.Request().Context(), writerOf(c).KeyPrefix, c.Param("id"))
	if err != nil {
		return err
	}
	if rows, ok := h.jobs.rows.Load(job.ID); ok && job.Status == opencity.JobRunning {
		job.RowsRead = int(rows.(*atomic.Int64).Load())
	}
	job.Href = "/v1/imports/" + job.ID
	return c.JSON(http.StatusOK, job)
}
