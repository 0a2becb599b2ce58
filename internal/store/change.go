package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/opencity/opencity/internal/opencity"
)

// Changes returns up to limit entries of the change feed after seq since, in commit order.
func (s *Store) Changes(ctx context.Context, since int64, limit int) ([]opencity.Change, error) {
	var rows []opencity.Change
	err := s.db.WithContext(ctx).Raw("SELECT seq, collection, slug, operation, version, changed_at FROM changes "+
		"WHERE seq > ? ORDER BY seq LIMIT ?", since, limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	for i := range rows {
		rows[i].ChangedAt = rows[i].ChangedAt.UTC()
		rows[i].Href = opencity.NewRef(rows[i].Collection, rows[i].Slug).Href
	}
	return rows, nil
}

type auditRow struct {
	ID                                     int64
	KeyPrefix, Operation, Collection, Slug string
	At                                     time.Time
	Before, After                          *string
}

// Audit returns up to limit entries of the audit log after id since, oldest first.
func (s *Store) Audit(ctx context.Context, since int64, limit int) ([]opencity.AuditEntry, error) {
	var rows []auditRow
	err := s.db.WithContext(ctx).Raw("SELECT id, key_prefix, at, operation, collection, slug, before, after "+
		"FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", since, limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]opencity.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = opencity.AuditEntry{ID: r.ID, KeyPrefix: r.KeyPrefix, At: r.At.UTC(), Operation: r.Operation,
			Collection: r.Collection, Slug: r.Slug, Before: rawOrNull(r.Before), After: rawOrNull(r.After)}
	}
	return out, nil
}

func rawOrNull(s *string) json.RawMessage {
	if s == nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(*s)
}
