-- Single-record writes (issue 5). Portable SQL: it runs unchanged on SQLite and PostgreSQL.
--
-- Writable records get a version (1 on create, +1 on every change, served as the record's ETag
-- "v<version>") and deleted_at (soft delete: the row stays as a tombstone, lists hide it, a GET
-- answers 410). changes is the change feed: seq is assigned by the store as MAX(seq)+1 inside
-- the write transaction, which is serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: a lock on
-- changes), so seq grows in commit order. audit_log keeps every accepted write with the key
-- that made it and the record before and after (JSON of the domain value; NULL before a create
-- and after a delete). idempotency_keys remembers the first response to a POST with an
-- Idempotency-Key for 24 hours; status 0 marks a request still in flight. Times are UTC.

-- +goose Up
ALTER TABLE cities ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE cities ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE populations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE populations ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE organisations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE data_partnerships ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE data_partnerships ADD COLUMN deleted_at TIMESTAMP;

CREATE TABLE changes (
    seq        BIGINT NOT NULL PRIMARY KEY,
    collection TEXT NOT NULL,
    slug       TEXT NOT NULL,
    operation  TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    version    BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id         BIGINT NOT NULL PRIMARY KEY,
    key_prefix TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    operation  TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    collection TEXT NOT NULL,
    slug       TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);

CREATE TABLE idempotency_keys (
    key_prefix    TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL DEFAULT 0,
    response_body TEXT,
    headers       TEXT,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (key_prefix, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_log;
DROP TABLE changes;
ALTER TABLE data_partnerships DROP COLUMN deleted_at;
ALTER TABLE data_partnerships DROP COLUMN version;
ALTER TABLE organisations DROP COLUMN deleted_at;
ALTER TABLE organisations DROP COLUMN version;
ALTER TABLE populations DROP COLUMN deleted_at;
ALTER TABLE populations DROP COLUMN version;
ALTER TABLE cities DROP COLUMN deleted_at;
ALTER TABLE cities DROP COLUMN version;
