-- Writes of sources. Portable SQL: it runs unchanged on SQLite and PostgreSQL. (Version 6 is
-- the Go migration writesMigration in write.go.)
--
-- Sources become writable records like cities (migration 5): a version (1 on create, +1 on
-- every change, served as the ETag "v<version>") and deleted_at (soft delete: the row stays as
-- a tombstone, so the records that once named it keep a valid reference; lists hide it and a
-- GET answers 410).

-- +goose Up
ALTER TABLE sources ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN deleted_at TIMESTAMP;

-- +goose Down
ALTER TABLE sources DROP COLUMN deleted_at;
ALTER TABLE sources DROP COLUMN version;
