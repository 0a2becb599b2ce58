-- Writes of survey responses and their answers, projects and participations, and vocabulary
-- concepts. Portable SQL: it runs unchanged on SQLite and PostgreSQL.
--
-- These become writable records like cities (migration 5): a version (1 on create, +1 on every
-- change, served as the ETag "v<version>") and deleted_at (soft delete: the row stays as a
-- tombstone, keeping its slug and the references to it valid; lists hide it and a GET answers
-- 410).

-- +goose Up
ALTER TABLE survey_responses ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE survey_responses ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE answers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE projects ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE projects ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE participations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE participations ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE concepts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE concepts ADD COLUMN deleted_at TIMESTAMP;

-- +goose Down
ALTER TABLE concepts DROP COLUMN deleted_at;
ALTER TABLE concepts DROP COLUMN version;
ALTER TABLE participations DROP COLUMN deleted_at;
ALTER TABLE participations DROP COLUMN version;
ALTER TABLE projects DROP COLUMN deleted_at;
ALTER TABLE projects DROP COLUMN version;
ALTER TABLE answers DROP COLUMN deleted_at;
ALTER TABLE answers DROP COLUMN version;
ALTER TABLE survey_responses DROP COLUMN deleted_at;
ALTER TABLE survey_responses DROP COLUMN version;
