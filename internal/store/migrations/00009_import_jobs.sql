-- Import jobs (issue 5): bulk imports a client asked to run in the background (POST
-- /v1/imports with Prefer: respond-async). Portable SQL: it runs unchanged on SQLite and
-- PostgreSQL.
--
-- A job is queued, running, then succeeded or failed; it belongs to the API key that sent the
-- file (key_prefix). report is the import's report as JSON once done; message says why a job
-- failed without one. rows_read is written when the job ends: while it runs, the server running
-- it counts in memory (on SQLite the import's own transaction holds the write lock).
-- committed_at is set inside the import's transaction, so it is true exactly when the import
-- was written, even if its server died before noting the end. A server marks the jobs left
-- queued or running as ended when it starts. Finished jobs are kept 7 days.

-- +goose Up
CREATE TABLE import_jobs (
    id           TEXT PRIMARY KEY,
    key_prefix   TEXT NOT NULL,
    type         TEXT NOT NULL,
    dry_run      BOOLEAN NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    rows_read    BIGINT NOT NULL DEFAULT 0,
    report       TEXT,
    message      TEXT,
    created_at   TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    committed_at TIMESTAMP
);
CREATE INDEX import_jobs_finished ON import_jobs (finished_at);

-- +goose Down
DROP TABLE import_jobs;
