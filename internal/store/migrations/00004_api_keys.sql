-- API keys. Portable SQL: it runs unchanged on SQLite and PostgreSQL.
-- Only the SHA-256 (hex) of a key is kept; its public prefix names it. The id is assigned by
-- the store (there is no portable auto-increment); scopes are space-separated scope names.
-- Times are UTC.

-- +goose Up
CREATE TABLE api_keys (
    id           BIGINT NOT NULL PRIMARY KEY,
    prefix       TEXT NOT NULL UNIQUE CHECK (length(prefix) = 8),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    scopes       TEXT NOT NULL CHECK (length(scopes) > 0),
    hash         TEXT NOT NULL CHECK (length(hash) = 64),
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

-- +goose Down
DROP TABLE api_keys;
