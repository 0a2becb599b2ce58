// Package seed holds OpenCity's default dataset, everything the two seed documents and
// DOMAIN.md state, as reviewable YAML files embedded in the binary, and loads it.
//
// Each file in data/ fills one table: "table" names it, "key" lists its key columns (default:
// slug), "rows" holds one mapping of column to value per record. Lists become JSON text.
// Files load in name order, which follows the foreign keys. Synthetic data never goes here.
package seed

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"

	"github.com/opencity/opencity/internal/store"
	"go.yaml.in/yaml/v4"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

//go:embed data/*.yaml
var data embed.FS

// Table is the content of one data file.
type Table struct {
	Table string           `yaml:"table"`
	Key   []string         `yaml:"key"`
	Rows  []map[string]any `yaml:"rows"`
}

// Dataset returns the default dataset's tables in load order, and a hash of its files.
func Dataset() ([]Table, string, error) {
	names, err := fs.Glob(data, "data/*.yaml")
	if err != nil {
		return nil, "", err
	}
	sort.Strings(names)
	h := sha256.New()
	tables := make([]Table, 0, len(names))
	for _, name := range names {
		b, err := data.ReadFile(name)
		if err != nil {
			return nil, "", err
		}
		h.Write(b)
		var t Table
		if err := yaml.Unmarshal(b, &t); err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
		if len(t.Key) == 0 {
			t.Key = []string{"slug"}
		}
		tables = append(tables, t)
	}
	return tables, hex.EncodeToString(h.Sum(nil)), nil
}

// Load writes the default dataset into db in one transaction. A row already present is
// updated to the dataset's values, so loading twice changes nothing and a corrected fact
// reaches an existing database. When the dataset is unchanged since the last load (its hash
// is kept in the meta table), Load does nothing; otherwise the same transaction bumps the data
// version (store.BumpDataVersion), so that clients' cached copies are no longer current.
func Load(ctx context.Context, db *gorm.DB) error {
	tables, hash, err := Dataset()
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var loaded []string
		if err := tx.Raw("SELECT value FROM meta WHERE key = 'seed_hash'").Scan(&loaded).Error; err != nil {
			return err
		}
		if len(loaded) == 1 && loaded[0] == hash {
			return nil
		}
		for _, t := range tables {
			if err := upsert(tx, t); err != nil {
				return fmt.Errorf("seed %s: %w", t.Table, err)
			}
		}
		err := tx.Exec("INSERT INTO meta (key, value) VALUES ('seed_hash', ?) "+
			"ON CONFLICT (key) DO UPDATE SET value = excluded.value", hash).Error
		if err != nil {
			return err
		}
		return store.BumpDataVersion(tx)
	})
}

func upsert(tx *gorm.DB, t Table) error {
	keys := make([]clause.Column, len(t.Key))
	for i, k := range t.Key {
		keys[i] = clause.Column{Name: k}
	}
	for _, row := range t.Rows {
		values, cols, err := columnValues(row, t.Key)
		if err != nil {
			return err
		}
		onConflict := clause.OnConflict{Columns: keys, DoUpdates: clause.AssignmentColumns(cols)}
		if len(cols) == 0 {
			onConflict = clause.OnConflict{Columns: keys, DoNothing: true}
		}
		if err := tx.Table(t.Table).Clauses(onConflict).Create(values).Error; err != nil {
			return fmt.Errorf("row %v: %w", row[t.Key[0]], err)
		}
	}
	return nil
}

// columnValues returns the row with lists encoded as JSON text, and its non-key columns.
func columnValues(row map[string]any, key []string) (map[string]any, []string, error) {
	isKey := map[string]bool{}
	for _, k := range key {
		isKey[k] = true
	}
	values := make(map[string]any, len(row))
	var cols []string
	for col, v := range row {
		if list, ok := v.([]any); ok {
			b, err := json.Marshal(list)
			if err != nil {
				return nil, nil, err
			}
			v = string(b)
		}
		values[col] = v
		if !isKey[col] {
			cols = append(cols, col)
		}
	}
	sort.Strings(cols)
	return values, cols, nil
}
