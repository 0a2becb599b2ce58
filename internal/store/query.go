package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

// scope narrows a query: a join, a filter or the columns to select.
type scope func(*gorm.DB) *gorm.DB

// childrenOf reads the rows of table whose column fk is one of parents, in the given order:
// one query for a whole page of parents, never one per parent.
func childrenOf[R any](ctx context.Context, db *gorm.DB, table, fk string, parents []string, order string, sc scope) ([]R, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	q := db.WithContext(ctx).Table(table).Where(table+"."+fk+" IN ?", parents).Order(order)
	if sc != nil {
		q = sc(q)
	}
	var rows []R
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// groupBy groups rows by the key that key returns, keeping their order.
func groupBy[R any](rows []R, key func(R) string) map[string][]R {
	m := make(map[string][]R, len(rows))
	for _, r := range rows {
		m[key(r)] = append(m[key(r)], r)
	}
	return m
}

// mapRows converts rows to domain values.
func mapRows[R, T any](rows []R, f func(R) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

// slugsOf returns the slugs of rows.
func slugsOf[R any](rows []R, slug func(R) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = slug(r)
	}
	return out
}

// stringList decodes a JSON array of strings kept in a text column; an empty or broken value
// decodes to an empty list.
func stringList(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil || out == nil {
		return []string{}
	}
	return out
}

// translate maps driver errors to opencity errors: unique and foreign-key violations become
// ECONFLICT; anything else stays an internal error.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return opencity.Errorf(opencity.ENOTFOUND, "record not found")
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "SQLSTATE 23505"):
		return opencity.Errorf(opencity.ECONFLICT, "a record with that key exists")
	case strings.Contains(msg, "FOREIGN KEY constraint failed"), strings.Contains(msg, "SQLSTATE 23503"):
		return opencity.Errorf(opencity.ECONFLICT, "a linked record does not exist or is still linked")
	}
	return fmt.Errorf("store: %w", err)
}
