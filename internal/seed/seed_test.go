package seed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

var backends = []string{storetest.SQLite, storetest.Postgres}

func dataset(t *testing.T) ([]seed.Table, string) {
	t.Helper()
	tables, hash, err := seed.Dataset()
	if err != nil {
		t.Fatalf("Dataset: %v", err)
	}
	if len(tables) == 0 || hash == "" {
		t.Fatalf("Dataset: %d tables, hash %q", len(tables), hash)
	}
	return tables, hash
}

func load(t *testing.T, s *store.Store) error {
	t.Helper()
	return seed.Load(context.Background(), s.DB())
}

// counts returns the number of rows of every table of the dataset, and of meta.
func counts(t *testing.T, s *store.Store) map[string]int64 {
	t.Helper()
	tables, _ := dataset(t)
	out := map[string]int64{}
	for _, tb := range append(tables, seed.Table{Table: "meta"}) {
		var n int64
		if err := s.DB().Table(tb.Table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", tb.Table, err)
		}
		out[tb.Table] = n
	}
	return out
}

func diffCounts(t *testing.T, what string, got, want map[string]int64) {
	t.Helper()
	for table, n := range want {
		if got[table] != n {
			t.Errorf("%s: table %s has %d rows, want %d", what, table, got[table], n)
		}
	}
}

func metaValue(t *testing.T, s *store.Store, key string) []string {
	t.Helper()
	var v []string
	if err := s.DB().Raw("SELECT value FROM meta WHERE key = ?", key).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}

func cityName(t *testing.T, s *store.Store) string {
	t.Helper()
	var name string
	if err := s.DB().Raw("SELECT name FROM cities WHERE slug = 'leipzig'").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	return name
}

func TestLoadFillsEveryTableWithItsFile(t *testing.T) {
	tables, hash := dataset(t)
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := storetest.OpenEmpty(t, backend)
			if err := load(t, s); err != nil {
				t.Fatalf("Load: %v", err)
			}
			got := counts(t, s)
			for _, tb := range tables {
				if len(tb.Rows) == 0 {
					t.Errorf("data file for %s has no rows", tb.Table)
				}
				if got[tb.Table] != int64(len(tb.Rows)) {
					t.Errorf("table %s: %d rows, its data file has %d", tb.Table, got[tb.Table], len(tb.Rows))
				}
			}
			if v := metaValue(t, s, "seed_hash"); len(v) != 1 || v[0] != hash {
				t.Errorf("meta seed_hash = %v, want [%s]", v, hash)
			}
		})
	}
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := storetest.OpenEmpty(t, backend)
			if err := load(t, s); err != nil {
				t.Fatal(err)
			}
			first := counts(t, s)
			if err := load(t, s); err != nil {
				t.Fatalf("second Load: %v", err)
			}
			diffCounts(t, "after a second load", counts(t, s), first)

			// Forget the hash so the third load writes every row again: upserts, not inserts.
			if err := s.DB().Exec("DELETE FROM meta WHERE key = 'seed_hash'").Error; err != nil {
				t.Fatal(err)
			}
			if err := load(t, s); err != nil {
				t.Fatalf("Load without a hash: %v", err)
			}
			diffCounts(t, "after a load that rewrote every row", counts(t, s), first)
		})
	}
}

func TestLoadSkipsUnchangedDatasetAndRepairsChangedOne(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := storetest.Open(t, backend)
			if err := s.DB().Exec("UPDATE cities SET name = 'Edited' WHERE slug = 'leipzig'").Error; err != nil {
				t.Fatal(err)
			}
			if err := load(t, s); err != nil {
				t.Fatal(err)
			}
			if got := cityName(t, s); got != "Edited" {
				t.Errorf("Load with an unchanged hash wrote rows: city name %q, want the edit kept", got)
			}
			if err := s.DB().Exec("UPDATE meta SET value = 'stale' WHERE key = 'seed_hash'").Error; err != nil {
				t.Fatal(err)
			}
			if err := load(t, s); err != nil {
				t.Fatal(err)
			}
			if got := cityName(t, s); got != "Leipzig" {
				t.Errorf("Load of a changed dataset: city name %q, want the dataset's %q", got, "Leipzig")
			}
		})
	}
}

// A load that fails part-way (here: a later table violates a unique constraint) must leave
// the database exactly as it was, earlier tables included.
func TestFailingLoadChangesNothing(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := storetest.Open(t, backend)
			db := s.DB()
			for _, stmt := range []string{
				"UPDATE cities SET name = 'Edited' WHERE slug = 'leipzig'",
				"UPDATE data_availability SET slug = 'renamed-health' WHERE slug = 'leipzig-sufficient-health'",
				"DELETE FROM meta WHERE key = 'seed_hash'",
			} {
				if err := db.Exec(stmt).Error; err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			before := counts(t, s)
			err := load(t, s)
			if err == nil {
				t.Fatal("Load succeeded although data_availability violates UNIQUE (city, policy_area, status)")
			}
			if !strings.Contains(err.Error(), "data_availability") {
				t.Errorf("Load failed with %v, want the failure at table data_availability", err)
			}
			diffCounts(t, "after a failed load", counts(t, s), before)
			if got := cityName(t, s); got != "Edited" {
				t.Errorf("failed load changed cities: name %q, want %q", got, "Edited")
			}
			if v := metaValue(t, s, "seed_hash"); len(v) != 0 {
				t.Errorf("failed load recorded seed_hash %v", v)
			}
		})
	}
}

// sourceColumns are the columns of a row that name a source: "source" and any "*_source".
func sourceColumns(row map[string]any) []string {
	var cols []string
	for col := range row {
		if col == "source" || strings.HasSuffix(col, "_source") {
			cols = append(cols, col)
		}
	}
	return cols
}

// valueOfSource pairs a *_source column with the column whose value it backs.
var valueOfSource = map[string]string{"cities_source": "cities_across_waves"}

func TestEveryRowNamesAnExistingSource(t *testing.T) {
	tables, _ := dataset(t)
	sources := map[string]bool{}
	for _, tb := range tables {
		if tb.Table == "sources" {
			for _, row := range tb.Rows {
				sources[fmt.Sprint(row["slug"])] = true
			}
		}
	}
	if len(sources) < 6 {
		t.Fatalf("%d sources, DOMAIN.md names at least 6", len(sources))
	}
	for _, tb := range tables {
		if tb.Table == "sources" {
			continue
		}
		for i, row := range tb.Rows {
			id := fmt.Sprintf("%s row %d (%v)", tb.Table, i+1, row[tb.Key[0]])
			if _, ok := row["source"].(string); !ok {
				t.Errorf("%s: no source", id)
			}
			for _, col := range sourceColumns(row) {
				src, named := row[col].(string)
				if named && !sources[src] {
					t.Errorf("%s: %s %q is not a source", id, col, src)
				}
				value := valueOfSource[col]
				if value == "" {
					value = strings.TrimSuffix(col, "_source")
				}
				if col != "source" && row[value] != nil && !named {
					t.Errorf("%s: %s is %v but %s is null", id, value, row[value], col)
				}
			}
		}
	}
}

func TestDefaultDatasetHasNoSyntheticRows(t *testing.T) {
	tables, _ := dataset(t)
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			s := storetest.Open(t, backend)
			checked := 0
			for _, tb := range tables {
				if !s.DB().Migrator().HasColumn(tb.Table, "synthetic") {
					continue
				}
				checked++
				var n int64
				if err := s.DB().Table(tb.Table).Where("synthetic").Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Errorf("table %s: %d synthetic rows in the default dataset", tb.Table, n)
				}
			}
			if checked < 2 {
				t.Errorf("only %d tables have a synthetic column; want sources and cities at least", checked)
			}
		})
	}
	for _, tb := range tables {
		for _, row := range tb.Rows {
			if row["synthetic"] == true {
				t.Errorf("data file for %s: row %v is synthetic", tb.Table, row[tb.Key[0]])
			}
		}
	}
}
