package opencity

import (
	"context"
	"time"
)

// Bulk imports: a file of records of one type, applied all or nothing.

// Import types: the collections a bulk import can fill.
const (
	ImportCities      = "cities"
	ImportPopulations = "populations"
)

// ImportRejection is one row of an import that was refused, and why.
type ImportRejection struct {
	Line   int    `json:"line" example:"12"`                                   // Line of the file the row starts on (1 is the first; a CSV header is line 1).
	Column int    `json:"column,omitempty" example:"3"`                        // Column (1-based, in bytes) where the fault was found, where known.
	Field  string `json:"field,omitempty" example:"country_code"`              // Column or NDJSON member at fault, where there is one.
	Reason string `json:"reason" example:"must be an ISO 3166-1 alpha-2 code"` // Why the row was refused.
}

// ImportReport is what an import did, or (on a dry run, or when a row was refused) would have
// done. Nothing is written unless every row is accepted.
type ImportReport struct {
	Type          string            `json:"type" enums:"cities,populations" example:"cities"` // What the file holds.
	DryRun        bool              `json:"dry_run" example:"false"`                          // True when the import was validated only, never written.
	Committed     bool              `json:"committed" example:"true"`                         // True when the rows were written.
	Rows          int               `json:"rows" example:"100000"`                            // Data rows read (a CSV header is not a row).
	Accepted      int               `json:"accepted" example:"100000"`                        // Rows that passed every check.
	Created       int               `json:"created" example:"99990"`                          // Records the import creates (or would create).
	Updated       int               `json:"updated" example:"10"`                             // Records the import replaces (or would replace), by slug.
	RejectedCount int               `json:"rejected_count" example:"0"`                       // Rows refused; nothing is written when this is not 0.
	Rejected      []ImportRejection `json:"rejected"`                                         // The refused rows (the first 1,000), in file order.
}

// RowRefusal is a row the store refused during an import: its index in the batch it was
// given, the field at fault and why.
type RowRefusal struct {
	Index  int
	Field  string
	Reason string
}

// ImportTx is one import's transaction: batches of validated records are upserted by slug;
// each returns the rows it refuses (a source, city or slug that cannot be used), and writes
// nothing of a batch with a refusal.
type ImportTx interface {
	UpsertCities(ctx context.Context, rows []CityDraft) ([]RowRefusal, error)
	UpsertPopulations(ctx context.Context, rows []PopulationDraft) ([]RowRefusal, error)
	// Counts returns the records created and updated so far.
	Counts() (created, updated int)
}

// Statuses of an import job: queued (waiting for the import before it), running, and done:
// succeeded (the file was imported, or a dry run found nothing to refuse) or failed (rows were
// refused, so nothing was written, or the import could not run).
const (
	JobQueued    = "queued"
	JobRunning   = "running"
	JobSucceeded = "succeeded"
	JobFailed    = "failed"
)

// ImportJob is a bulk import run in the background: what it imports, how far it got and, when
// done, its report.
type ImportJob struct {
	ID         string        `json:"id" example:"imp_0f8a4c2e9b7d4e1a8c3f5b6d7e9a0c1b"`                                       // Id of the job.
	Href       string        `json:"href" example:"/v1/imports/imp_0f8a4c2e9b7d4e1a8c3f5b6d7e9a0c1b"`                         // Path to poll.
	Type       string        `json:"type" enums:"cities,populations" example:"cities"`                                        // What the file holds.
	DryRun     bool          `json:"dry_run" example:"false"`                                                                 // True when the import validates only.
	Status     string        `json:"status" enums:"queued,running,succeeded,failed" example:"running"`                        // Where the job is.
	RowsRead   int           `json:"rows_read" example:"25000"`                                                               // Data rows read so far (every 500 while running).
	CreatedAt  time.Time     `json:"created_at" example:"2026-11-29T20:00:00Z"`                                               // When the file was received (UTC).
	StartedAt  *time.Time    `json:"started_at" example:"2026-11-29T20:00:00Z" extensions:"x-nullable"`                       // When the import began; null while queued.
	FinishedAt *time.Time    `json:"finished_at" example:"2026-11-29T20:00:02Z" extensions:"x-nullable"`                      // When the job ended; null until then.
	Report     *ImportReport `json:"report" extensions:"x-nullable"`                                                          // The import's report, once done (as a synchronous import gives it); null before, and for a job that could not run.
	Message    *string       `json:"message" example:"the server stopped before the import finished" extensions:"x-nullable"` // Why a job failed without a report, or what is known of a job whose server stopped; null otherwise.
	KeyPrefix  string        `json:"-"`                                                                                       // Public prefix of the API key that sent the file: the job is its alone.
}
