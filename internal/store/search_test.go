package store_test

import (
	"context"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// TestSearchIndexFollowsUpdates renames a city and checks that search finds the new name and
// not the old one, on both backends (the index is kept by triggers).
func TestSearchIndexFollowsUpdates(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		find := func(q string) int {
			t.Helper()
			items, _, err := s.ListCities(ctx, opencity.ListQuery{Page: opencity.Page{Limit: 10}, Search: q})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return len(items)
		}
		if find("Zwenkau") != 0 || find("leipzig") != 1 {
			t.Fatalf("before the rename: Zwenkau %d, leipzig %d", find("Zwenkau"), find("leipzig"))
		}
		if err := s.DB().Exec("UPDATE cities SET name = 'Zwenkau Süd' WHERE slug = 'leipzig'").Error; err != nil {
			t.Fatal(err)
		}
		if find("zwenkau sud") != 1 || find("leipzig") != 0 {
			t.Errorf("after the rename: 'zwenkau sud' %d, leipzig %d; want 1 and 0", find("zwenkau sud"), find("leipzig"))
		}
		if find("Hörning") != 1 {
			t.Errorf("other searchable columns lost after the rename")
		}
	})
}
