package store

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/opencity/opencity/internal/opencity"
)

// keyTouchEvery is how stale last_used_at may get before a request writes it again: a busy key
// costs one write a minute, not one per request.
const keyTouchEvery = time.Minute

// errBadKey is what every failed authentication returns: the client learns no more than that
// the key does not work (not whether it is unknown, revoked or mistyped).
var errBadKey = opencity.Errorf(opencity.EUNAUTHORIZED, "the API key is not valid")

// dummyHash is compared against when no key has the presented prefix, so that a miss does the
// same work as a hit with a wrong secret.
var dummyHash = strings.Repeat("0", 64)

type keyRow struct {
	ID         int64
	Prefix     string
	Name       string
	Scopes     string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (r keyRow) domain() opencity.Key {
	k := opencity.Key{ID: r.ID, Prefix: r.Prefix, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
	for _, s := range strings.Fields(r.Scopes) {
		k.Scopes = append(k.Scopes, opencity.Scope(s))
	}
	k.LastUsedAt, k.RevokedAt = utcPtr(r.LastUsedAt), utcPtr(r.RevokedAt)
	return k
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// now is the time written to the key columns: UTC, to the microsecond (PostgreSQL's precision),
// so that what is read back equals what was written.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

const keyColumns = "id, prefix, name, scopes, hash, created_at, last_used_at, revoked_at"

// CreateKey makes a new API key named name with scopes. It returns the key's record and its
// text, which exists only in this return value: the database keeps its hash. It returns
// EINVALID for a bad name or scope.
func (s *Store) CreateKey(ctx context.Context, name string, scopes []string) (opencity.Key, string, error) {
	if err := opencity.ValidateKeyName(name); err != nil {
		return opencity.Key{}, "", err
	}
	parsed, err := opencity.ParseScopes(scopes)
	if err != nil {
		return opencity.Key{}, "", err
	}
	names := make([]string, len(parsed))
	for i, sc := range parsed {
		names[i] = string(sc)
	}
	// A clash (two creations taking the same id at once on PostgreSQL, or a repeated random
	// prefix) is a unique violation; a fresh attempt resolves it.
	for range 5 {
		text, prefix, err := opencity.NewKeyText()
		if err != nil {
			return opencity.Key{}, "", err
		}
		row := keyRow{Prefix: prefix, Name: name, Scopes: strings.Join(names, " "),
			Hash: opencity.HashKey(text), CreatedAt: now()}
		err = s.insertKey(ctx, &row)
		if opencity.ErrorCode(err) == opencity.ECONFLICT {
			continue
		}
		if err != nil {
			return opencity.Key{}, "", err
		}
		return row.domain(), text, nil
	}
	return opencity.Key{}, "", fmt.Errorf("create key: no free id or prefix after 5 attempts")
}

// insertKey gives row the next id and inserts it.
func (s *Store) insertKey(ctx context.Context, row *keyRow) error {
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT COALESCE(MAX(id), 0) + 1 FROM api_keys").Scan(&row.ID).Error; err != nil {
		return translate(err)
	}
	return translate(db.Exec("INSERT INTO api_keys (id, prefix, name, scopes, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		row.ID, row.Prefix, row.Name, row.Scopes, row.Hash, row.CreatedAt).Error)
}

// ListKeys returns every key, revoked ones included, oldest first.
func (s *Store) ListKeys(ctx context.Context) ([]opencity.Key, error) {
	var rows []keyRow
	if err := s.db.WithContext(ctx).Raw("SELECT " + keyColumns + " FROM api_keys ORDER BY id").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	keys := make([]opencity.Key, len(rows))
	for i, r := range rows {
		keys[i] = r.domain()
	}
	return keys, nil
}

// keyByPrefix returns the row of the key with prefix, or ENOTFOUND.
func (s *Store) keyByPrefix(ctx context.Context, prefix string) (keyRow, error) {
	var rows []keyRow
	err := s.db.WithContext(ctx).Raw("SELECT "+keyColumns+" FROM api_keys WHERE prefix = ?", prefix).Scan(&rows).Error
	if err != nil {
		return keyRow{}, translate(err)
	}
	if len(rows) == 0 {
		return keyRow{}, opencity.Errorf(opencity.ENOTFOUND, "no key has the prefix %q", prefix)
	}
	return rows[0], nil
}

// RevokeKey revokes the key with prefix (with or without its "oc_" tag) and returns it, and
// whether this call revoked it (false: it was revoked before, and stays as it was). It returns
// EINVALID for something that is not a prefix and ENOTFOUND when no key has it.
func (s *Store) RevokeKey(ctx context.Context, prefix string) (opencity.Key, bool, error) {
	prefix = strings.TrimPrefix(prefix, "oc_")
	if !opencity.ValidKeyPrefix(prefix) {
		return opencity.Key{}, false, opencity.Errorf(opencity.EINVALID, "%q is not a key prefix (8 characters, as `keys list` shows)", prefix)
	}
	res := s.db.WithContext(ctx).Exec("UPDATE api_keys SET revoked_at = ? WHERE prefix = ? AND revoked_at IS NULL", now(), prefix)
	if res.Error != nil {
		return opencity.Key{}, false, translate(res.Error)
	}
	row, err := s.keyByPrefix(ctx, prefix)
	return row.domain(), res.RowsAffected == 1, err
}

// Authenticate returns the key whose text was presented. Any failure is EUNAUTHORIZED with
// the same message, whether the text is malformed, unknown, wrong or revoked; the secret is
// compared in constant time and never reaches the database (only the public prefix does). It
// records when the key was last used, at most once per minute; failing to record it does not
// fail the request.
func (s *Store) Authenticate(ctx context.Context, presented string) (opencity.Key, error) {
	prefix, ok := opencity.KeyPrefix(presented)
	if !ok {
		return opencity.Key{}, errBadKey
	}
	row, err := s.keyByPrefix(ctx, prefix)
	switch code := opencity.ErrorCode(err); {
	case code == opencity.ENOTFOUND:
		row.Hash = dummyHash
	case err != nil:
		return opencity.Key{}, err
	}
	match := subtle.ConstantTimeCompare([]byte(opencity.HashKey(presented)), []byte(row.Hash)) == 1
	if !match || row.ID == 0 || row.RevokedAt != nil {
		return opencity.Key{}, errBadKey
	}
	if t := now(); row.LastUsedAt == nil || t.Sub(*row.LastUsedAt) >= keyTouchEvery {
		if s.touchKey(ctx, row.ID, t) == nil {
			row.LastUsedAt = &t
		}
	}
	return row.domain(), nil
}

// touchKey sets the key's last_used_at to t.
func (s *Store) touchKey(ctx context.Context, id int64, t time.Time) error {
	return s.db.WithContext(ctx).Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", t, id).Error
}
