package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

// IdempotencyTTL is how long the first response to a POST with an Idempotency-Key is kept.
const IdempotencyTTL = 24 * time.Hour

type idempotencyRow struct {
	RequestHash  string
	Status       int
	ResponseBody *string
	Headers      *string
	ExpiresAt    time.Time
}

// BeginIdempotent claims the Idempotency-Key key of the API key prefix for a request whose
// body and target hash to hash. It returns nil when the request is the first (it then runs,
// and its response is kept with FinishIdempotent or the claim dropped with
// ReleaseIdempotent), or the stored first response to replay. It returns EUNPROCESSABLE when
// the key was used with another request, and ECONFLICT while the first is still in flight.
// Expired keys are forgotten.
func (s *Store) BeginIdempotent(ctx context.Context, prefix, key, hash string) (*opencity.StoredResponse, error) {
	var replay *opencity.StoredResponse
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t := now()
		if err := tx.Exec("DELETE FROM idempotency_keys WHERE expires_at <= ?", t).Error; err != nil {
			return err
		}
		var rows []idempotencyRow
		if err := tx.Raw("SELECT request_hash, status, response_body, headers, expires_at FROM idempotency_keys "+
			"WHERE key_prefix = ? AND key = ?", prefix, key).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return tx.Exec("INSERT INTO idempotency_keys (key_prefix, key, request_hash, status, created_at, expires_at) "+
				"VALUES (?, ?, ?, 0, ?, ?)", prefix, key, hash, t, t.Add(IdempotencyTTL)).Error
		}
		r := rows[0]
		switch {
		case r.RequestHash != hash:
			return opencity.Errorf(opencity.EUNPROCESSABLE, "this Idempotency-Key was used with another request; use a new key for a new request")
		case r.Status == 0:
			return opencity.Errorf(opencity.ECONFLICT, "a request with this Idempotency-Key is still in progress; retry later")
		}
		replay = &opencity.StoredResponse{Status: r.Status}
		if r.ResponseBody != nil {
			replay.Body = []byte(*r.ResponseBody)
		}
		if r.Headers != nil {
			if err := json.Unmarshal([]byte(*r.Headers), &replay.Headers); err != nil {
				return err
			}
		}
		return nil
	})
	if opencity.ErrorCode(err) == opencity.EINTERNAL {
		err = translate(err)
	}
	return replay, err
}

// FinishIdempotent keeps the first response to the request that claimed key.
func (s *Store) FinishIdempotent(ctx context.Context, prefix, key string, r opencity.StoredResponse) error {
	headers, err := json.Marshal(r.Headers)
	if err != nil {
		return err
	}
	return translate(s.db.WithContext(ctx).Exec("UPDATE idempotency_keys SET status = ?, response_body = ?, headers = ? "+
		"WHERE key_prefix = ? AND key = ?", r.Status, string(r.Body), string(headers), prefix, key).Error)
}

// ReleaseIdempotent drops the claim on key, so that a retry runs afresh (after a failure).
func (s *Store) ReleaseIdempotent(ctx context.Context, prefix, key string) error {
	return translate(s.db.WithContext(ctx).Exec("DELETE FROM idempotency_keys WHERE key_prefix = ? AND key = ?", prefix, key).Error)
}
