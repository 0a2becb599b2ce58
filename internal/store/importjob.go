package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/opencity/opencity/internal/opencity"
)

// Import jobs (migration 9): bulk imports run in the background. The job's row records its
// status; the import itself runs through Store.Import, whose transaction notes its commit on
// the job (committed_at), so a job is known to be written or not even when its server died.

// ImportJobTTL is how long a finished import job is kept. Older ones are deleted whenever a
// job is created.
const ImportJobTTL = 7 * 24 * time.Hour

// importJobRow is a row of import_jobs.
type importJobRow struct {
	ID          string
	KeyPrefix   string
	Type        string
	DryRun      bool
	Status      string
	RowsRead    int
	Report      *string
	Message     *string
	CreatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
	CommittedAt *time.Time
}

// CreateImportJob records a new queued job (its ID, KeyPrefix, Type, DryRun) and returns it
// as stored; finished jobs older than ImportJobTTL are deleted.
func (s *Store) CreateImportJob(ctx context.Context, j opencity.ImportJob) (opencity.ImportJob, error) {
	t := now()
	db := s.db.WithContext(ctx)
	if err := db.Exec("DELETE FROM import_jobs WHERE finished_at < ?", t.Add(-ImportJobTTL)).Error; err != nil {
		return j, translate(err)
	}
	j.Status, j.CreatedAt, j.RowsRead = opencity.JobQueued, t, 0
	err := db.Exec("INSERT INTO import_jobs (id, key_prefix, type, dry_run, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		j.ID, j.KeyPrefix, j.Type, j.DryRun, j.Status, t).Error
	return j, translate(err)
}

// StartImportJob marks the job id running.
func (s *Store) StartImportJob(ctx context.Context, id string) error {
	return translate(s.db.WithContext(ctx).Exec("UPDATE import_jobs SET status = ?, started_at = ? WHERE id = ?",
		opencity.JobRunning, now(), id).Error)
}

// FinishImportJob records the end of the job id: its status, the rows read, and its report
// or a message (either may be nil).
func (s *Store) FinishImportJob(ctx context.Context, id, status string, rows int, rep *opencity.ImportReport, message *string) error {
	var report *string
	if rep != nil {
		b, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		r := string(b)
		report = &r
	}
	return translate(s.db.WithContext(ctx).Exec("UPDATE import_jobs SET status = ?, rows_read = ?, report = ?, message = ?, "+
		"finished_at = ? WHERE id = ?", status, rows, report, message, now(), id).Error)
}

// EndAbandonedImportJobs ends the jobs left queued or running by a server that stopped (call
// it when a server starts, before it serves): a job whose import was committed succeeded,
// without its report; any other failed, and wrote nothing. It returns how many it ended.
func (s *Store) EndAbandonedImportJobs(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE import_jobs SET "+
		"status = CASE WHEN committed_at IS NULL THEN ? ELSE ? END, "+
		"message = CASE WHEN committed_at IS NULL THEN ? ELSE ? END, finished_at = ? "+
		"WHERE status IN (?, ?)",
		opencity.JobFailed, opencity.JobSucceeded,
		"the server stopped before the import finished: nothing of it was written; send the file again",
		"the server stopped after the import was written, before it kept the report; the change feed lists what it wrote",
		now(), opencity.JobQueued, opencity.JobRunning)
	return res.RowsAffected, translate(res.Error)
}

// ImportJob returns the job id of the API key prefix: ENOTFOUND when there is none (another
// key's job is not found either).
func (s *Store) ImportJob(ctx context.Context, prefix, id string) (opencity.ImportJob, error) {
	var rows []importJobRow
	err := s.db.WithContext(ctx).Raw("SELECT id, key_prefix, type, dry_run, status, rows_read, report, message, "+
		"created_at, started_at, finished_at, committed_at FROM import_jobs WHERE id = ? AND key_prefix = ?", id, prefix).
		Scan(&rows).Error
	if err != nil {
		return opencity.ImportJob{}, translate(err)
	}
	if len(rows) == 0 {
		return opencity.ImportJob{}, opencity.Errorf(opencity.ENOTFOUND, "no import job %q for this API key", id)
	}
	r := rows[0]
	j := opencity.ImportJob{ID: r.ID, KeyPrefix: r.KeyPrefix, Type: r.Type, DryRun: r.DryRun, Status: r.Status,
		RowsRead: r.RowsRead, Message: r.Message, CreatedAt: r.CreatedAt.UTC(), StartedAt: utcPtr(r.StartedAt), FinishedAt: utcPtr(r.FinishedAt)}
	if r.Report != nil {
		j.Report = &opencity.ImportReport{}
		if err := json.Unmarshal([]byte(*r.Report), j.Report); err != nil {
			return j, fmt.Errorf("import job %s: report: %w", id, err)
		}
	}
	return j, nil
}

// noteJobCommit notes, inside an import's transaction, that the import of job is written.
func (w *writeTx) noteJobCommit(job string) error {
	if job == "" {
		return nil
	}
	return w.tx.Exec("UPDATE import_jobs SET committed_at = ? WHERE id = ?", w.at, job).Error
}
