package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

// The data version lives in the meta table under two keys: data_version, an integer that grows
// by one with every change of data, and data_modified, the time of that change in RFC 3339
// UTC. Neither exists until the first change (normally the first load of the default dataset).
const (
	metaDataVersion  = "data_version"
	metaDataModified = "data_modified"
)

// DataVersion returns the version of the data: its number and when it last changed. A database
// whose data never changed has version 0 and a zero time. It returns an internal error when the
// meta table cannot be read or holds a malformed value.
func (s *Store) DataVersion(ctx context.Context) (opencity.DataVersion, error) {
	var rows []struct{ Key, Value string }
	err := s.db.WithContext(ctx).Raw("SELECT key, value FROM meta WHERE key IN (?, ?)",
		metaDataVersion, metaDataModified).Scan(&rows).Error
	if err != nil {
		return opencity.DataVersion{}, fmt.Errorf("read data version: %w", err)
	}
	var v opencity.DataVersion
	for _, r := range rows {
		switch r.Key {
		case metaDataVersion:
			if v.Number, err = strconv.ParseInt(r.Value, 10, 64); err != nil {
				return opencity.DataVersion{}, fmt.Errorf("meta %s: %w", metaDataVersion, err)
			}
		case metaDataModified:
			if v.Modified, err = time.Parse(time.RFC3339, r.Value); err != nil {
				return opencity.DataVersion{}, fmt.Errorf("meta %s: %w", metaDataModified, err)
			}
			v.Modified = v.Modified.UTC()
		}
	}
	return v, nil
}

// BumpDataVersion records a change of data: it adds one to the data version and sets its time
// to now (UTC, whole seconds). Call it inside the transaction that changes the data, so that
// the change and the new version commit together; then tell the API (api.Versions.Invalidate)
// so that it stops serving representations of the old version at once.
func BumpDataVersion(tx *gorm.DB) error {
	return bumpDataVersion(tx, time.Now())
}

func bumpDataVersion(tx *gorm.DB, now time.Time) error {
	err := tx.Exec("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE "+
		"SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)", metaDataVersion).Error
	if err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	modified := now.UTC().Truncate(time.Second).Format(time.RFC3339)
	err = tx.Exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "+
		"SET value = excluded.value", metaDataModified, modified).Error
	if err != nil {
		return fmt.Errorf("set data modified: %w", err)
	}
	return nil
}
