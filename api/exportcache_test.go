package api_test

import (
	"os"
	"strings"
	"testing"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// TestExportsAreKeptUntilTheDataChanges: a finished export is kept on disk and copied again
// (no query) while the data version holds; each query is its own file; a write makes the next
// export read the new data and deletes the old file.
func TestExportsAreKeptUntilTheDataChanges(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		key := cursorKey(t, s)
		dir := t.TempDir()
		ws := &writeServer{server: newServerWithOptions(t, s, api.Options{CursorKey: key, ExportDir: dir}),
			store: s, keys: createKeys(t, s)}
		n := countQueries(t, s)
		export := func(target string) (body string, queries int64) {
			n.Store(0)
			r := ws.get(t, target)
			mustOK(t, target, r)
			return string(r.plain(t)), n.Load()
		}
		first, q1 := export("/v1/exports/cities.csv")
		again, q2 := export("/v1/exports/cities.csv")
		if again != first || q1 == 0 || q2 != 0 {
			t.Errorf("second export: same body %v, %d queries (first export: %d); want the same body and no query",
				again == first, q2, q1)
		}
		if sorted, _ := export("/v1/exports/cities.csv?sort=-name"); sorted == first {
			t.Error("an export sorted by name is the same file as the unsorted one")
		}
		if files := exportFiles(t, dir); len(files) != 2 {
			t.Errorf("files kept: %v, want the two exports", files)
		}
		if r := ws.do(t, true, "POST", "/v1/cities", newCity); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		after, q3 := export("/v1/exports/cities.csv")
		if !strings.Contains(after, "dresden") || q3 == 0 {
			t.Errorf("export after a write: %d queries, new city listed %v; want it read again", q3, strings.Contains(after, "dresden"))
		}
		if files := exportFiles(t, dir); len(files) != 1 {
			t.Errorf("files kept after the write: %v, want only the new export", files)
		}
	})
}

// exportFiles lists the kept exports in dir.
func exportFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
