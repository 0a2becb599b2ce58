package api_test

import (
	"regexp"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
	"gorm.io/gorm"
)

// countQueries counts the SQL statements the store runs from now on.
func countQueries(t *testing.T, s *store.Store) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	inc := func(*gorm.DB) { n.Add(1) }
	cb := s.DB().Callback()
	if err := cb.Query().After("gorm:query").Register("test:count_query", inc); err != nil {
		t.Fatal(err)
	}
	if err := cb.Row().After("gorm:row").Register("test:count_row", inc); err != nil {
		t.Fatal(err)
	}
	if err := cb.Raw().After("gorm:raw").Register("test:count_raw", inc); err != nil {
		t.Fatal(err)
	}
	return &n
}

var sourceHrefInBody = regexp.MustCompile(`"/v1/sources/([a-z0-9-]+)"`)

// TestIncludeSourcesIsOneQueryWhateverThePageSize reads lists with their sources both ways a
// page is read: records from the database (the record cache off) and records from the warm
// record cache (a first request fills it; then only the page's slugs are read).
func TestIncludeSourcesIsOneQueryWhateverThePageSize(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		key := cursorKey(t, s)
		n := countQueries(t, s)
		for name, opts := range map[string]api.Options{
			"records read":        {CursorKey: key, CacheBytes: -1, RecordCacheBytes: -1},
			"record cache (warm)": {CursorKey: key, CacheBytes: -1},
		} {
			t.Run(name, func(t *testing.T) { checkIncludeQueries(t, newServerWithOptions(t, s, opts), n) })
		}
	})
}

func checkIncludeQueries(t *testing.T, srv *server, n *atomic.Int64) {
	queries := func(target string) (int64, []byte) {
		n.Store(0)
		r := srv.get(t, target)
		mustOK(t, target, r)
		return n.Load(), r.Body
	}
	for _, list := range []string{"/v1/cities", "/v1/answers", "/v1/org-units", "/v1/survey-responses"} {
		queries(list + "?limit=200") // warms the record cache, if there is one
		small, _ := queries(list + "?limit=1&include=sources")
		large, body := queries(list + "?limit=200&include=sources")
		plain, _ := queries(list + "?limit=200")
		if small != large || large != plain+1 {
			t.Errorf("%s: %d queries for 1 record, %d for 200 with sources, %d without: want equal, and one more for the sources",
				list, small, large, plain)
		}
		page := getJSON[struct {
			Included struct {
				Sources []struct {
					Slug string `json:"slug"`
				} `json:"sources"`
			} `json:"included"`
		}](t, srv, list+"?limit=200&include=sources")
		var included []string
		for _, src := range page.Included.Sources {
			included = append(included, src.Slug)
		}
		linked := map[string]bool{}
		for _, m := range sourceHrefInBody.FindAllSubmatch(body, -1) {
			linked[string(m[1])] = true
		}
		var want []string
		for slug := range linked {
			want = append(want, slug)
		}
		sort.Strings(want)
		if len(included) == 0 || len(included) != len(want) {
			t.Errorf("%s: included sources %v, want every linked source %v", list, included, want)
		}
	}
}
