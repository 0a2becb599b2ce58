package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

// IdempotencyTTL is how long the first response to a POST with an Idempotency-Key is kept.
// Expired keys are deleted at write time: every request that claims a key first deletes all
// expired ones (an indexed range on expires_at), so the table holds at most a day of keys.
const IdempotencyTTL = 24 * time.Hour

// IdempotencyLease is how long a request may hold its key in flight. A claim that is still in
// flight after the lease was left by a request that never finished (the process died, or
// the database lost the connection): a retry with the same request takes the key over and
// runs afresh, instead of meeting 409 for a day. Single writes take milliseconds; a minute
// leaves a wide margin for a slow one.
const IdempotencyLease = 60 * time.Second

type idempotencyRow struct {
	RequestHash  string
	Status       int
	ResponseBody *string
	Headers      *string
	CreatedAt    time.Time
}

// BeginIdempotent claims the Idempotency-Key key of the API key prefix for a request whose
// body and target hash to hash. It returns a nil response when the request is to run (the
// key was free, or its claim was in flight longer than IdempotencyLease and is taken over);
// the response is then kept with FinishIdempotent, or the claim dropped with
// ReleaseIdempotent. Otherwise it returns the stored first response to replay. It returns
// EUNPROCESSABLE when the key was used with another request, and ECONFLICT while the first is
// still in flight within its lease. Expired keys are deleted first.
func (s *Store) BeginIdempotent(ctx context.Context, prefix, key, hash string) (opencity.IdempotencyClaim, *opencity.StoredResponse, error) {
	claim := opencity.IdempotencyClaim{Prefix: prefix, Key: key, Since: now()}
	var replay *opencity.StoredResponse
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t := claim.Since
		if err := tx.Exec("DELETE FROM idempotency_keys WHERE expires_at <= ?", t).Error; err != nil {
			return err
		}
		var rows []idempotencyRow
		if err := tx.Raw("SELECT request_hash, status, response_body, headers, created_at FROM idempotency_keys "+
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
		case r.Status == 0 && t.Sub(r.CreatedAt) < IdempotencyLease:
			return opencity.Errorf(opencity.ECONFLICT, "a request with this Idempotency-Key is still in progress; retry later")
		case r.Status == 0:
			return takeOver(tx, claim, r.CreatedAt)
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
	return claim, replay, err
}

// takeOver moves an abandoned claim, begun at since, to claim: ECONFLICT when another retry
// took it over first.
func takeOver(tx *gorm.DB, claim opencity.IdempotencyClaim, since time.Time) error {
	res := tx.Exec("UPDATE idempotency_keys SET created_at = ?, expires_at = ? "+
		"WHERE key_prefix = ? AND key = ? AND status = 0 AND created_at = ?",
		claim.Since, claim.Since.Add(IdempotencyTTL), claim.Prefix, claim.Key, since)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return opencity.Errorf(opencity.ECONFLICT, "a request with this Idempotency-Key is still in progress; retry later")
	}
	return nil
}

// FinishIdempotent keeps the first response to the request that holds claim. It returns
// ECONFLICT when the claim was taken over (the request outlived its lease); nothing is kept.
func (s *Store) FinishIdempotent(ctx context.Context, claim opencity.IdempotencyClaim, r opencity.StoredResponse) error {
	headers, err := json.Marshal(r.Headers)
	if err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Exec("UPDATE idempotency_keys SET status = ?, response_body = ?, headers = ? "+
		"WHERE key_prefix = ? AND key = ? AND status = 0 AND created_at = ?",
		r.Status, string(r.Body), string(headers), claim.Prefix, claim.Key, claim.Since)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected != 1 {
		return opencity.Errorf(opencity.ECONFLICT, "the claim on this Idempotency-Key was taken over after its lease")
	}
	return nil
}

// ReleaseIdempotent drops claim, so that a retry runs afresh (after a failure). A claim taken
// over by a retry is left to it.
func (s *Store) ReleaseIdempotent(ctx context.Context, claim opencity.IdempotencyClaim) error {
	return translate(s.db.WithContext(ctx).Exec("DELETE FROM idempotency_keys "+
		"WHERE key_prefix = ? AND key = ? AND status = 0 AND created_at = ?", claim.Prefix, claim.Key, claim.Since).Error)
}
