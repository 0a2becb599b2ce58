package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// pager reads one page of a list as slugs, with the keys of the next page.
type pager func(ctx context.Context, q opencity.ListQuery) ([]string, []string, error)

// slugPager adapts a store list method to a pager.
func slugPager[T any](list func(context.Context, opencity.ListQuery) ([]T, []string, error), slug func(T) string) pager {
	return func(ctx context.Context, q opencity.ListQuery) ([]string, []string, error) {
		items, next, err := list(ctx, q)
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = slug(it)
		}
		return out, next, err
	}
}

// lists are the store's keyset-paged lists and the table each one reads.
func lists(s *store.Store) []struct {
	table string
	page  pager
} {
	return []struct {
		table string
		page  pager
	}{
		{"sources", slugPager(s.ListSources, func(v opencity.Source) string { return v.Slug })},
		{"cities", slugPager(s.ListCities, func(v opencity.City) string { return v.Slug })},
		{"populations", slugPager(s.ListPopulations, func(v opencity.Population) string { return v.Slug })},
		{"concepts", slugPager(s.ListConcepts, func(v opencity.Concept) string { return v.Slug })},
		{"vocabularies", slugPager(s.ListVocabularies, func(v opencity.Vocabulary) string { return v.Slug })},
		{"surveys", slugPager(s.ListSurveys, func(v opencity.Survey) string { return v.Slug })},
		{"survey_waves", slugPager(s.ListSurveyWaves, func(v opencity.SurveyWave) string { return v.Slug })},
		{"survey_responses", slugPager(s.ListSurveyResponses, func(v opencity.SurveyResponse) string { return v.Slug })},
		{"answers", slugPager(s.ListAnswers, func(v opencity.Answer) string { return v.Slug })},
		{"data_availability", slugPager(s.ListDataAvailability, func(v opencity.DataAvailability) string { return v.Slug })},
		{"comparisons", slugPager(s.ListComparisons, func(v opencity.Comparison) string { return v.Slug })},
		{"organisations", slugPager(s.ListOrganisations, func(v opencity.Organisation) string { return v.Slug })},
		{"data_partnerships", slugPager(s.ListDataPartnerships, func(v opencity.DataPartnership) string { return v.Slug })},
		{"projects", slugPager(s.ListProjects, func(v opencity.Project) string { return v.Slug })},
		{"participations", slugPager(s.ListParticipations, func(v opencity.Participation) string { return v.Slug })},
	}
}

// walk reads a whole list page by page, as a client following links.next would, and checks
// that no page is longer than limit.
func walk(t *testing.T, page pager, limit int) []string {
	t.Helper()
	var all []string
	var after []string
	for range 10000 {
		items, next, err := page(context.Background(), opencity.ListQuery{Page: opencity.Page{Limit: limit, After: after}})
		if err != nil {
			t.Fatalf("limit %d after %v: %v", limit, after, err)
		}
		if len(items) > limit {
			t.Fatalf("limit %d: page of %d items, want at most limit", limit, len(items))
		}
		all = append(all, items...)
		if next == nil {
			return all
		}
		after = next
	}
	t.Fatalf("limit %d: paging does not end", limit)
	return nil
}

func count(t *testing.T, s *store.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Table(table).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestKeysetPagingWalksEveryRowOnce(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		for _, l := range lists(s) {
			t.Run(l.table, func(t *testing.T) {
				want := count(t, s, l.table)
				if want == 0 {
					t.Fatalf("table %s is empty in the default dataset", l.table)
				}
				whole := walk(t, l.page, opencity.MaxLimit)
				for _, limit := range []int{1, 2, 3, 7, 50} {
					got := walk(t, l.page, limit)
					if int64(len(got)) != want {
						t.Errorf("limit %d: walked %d rows, table has %d", limit, len(got), want)
					}
					seen := map[string]bool{}
					for i, slug := range got {
						if seen[slug] {
							t.Errorf("limit %d: %q served twice", limit, slug)
						}
						seen[slug] = true
						if i < len(whole) && whole[i] != slug {
							t.Errorf("limit %d: row %d is %q, the single-page list has %q", limit, i, slug, whole[i])
							break
						}
					}
				}
			})
		}
	})
}

func TestGetUnknownSlugIsNotFound(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const slug = "no-such-record"
		gets := map[string]func() error{
			"city":       func() error { _, err := s.GetCity(ctx, slug); return err },
			"source":     func() error { _, err := s.GetSource(ctx, slug); return err },
			"population": func() error { _, err := s.GetPopulation(ctx, slug); return err },
			"concept":    func() error { _, err := s.GetConcept(ctx, slug); return err },
			"vocabulary": func() error { _, err := s.GetVocabulary(ctx, slug); return err },
			"answer":     func() error { _, err := s.GetAnswer(ctx, slug); return err },
			"comparison": func() error { _, err := s.GetComparison(ctx, slug); return err },
			"project":    func() error { _, err := s.GetProject(ctx, slug); return err },
			"wave":       func() error { _, err := s.GetSurveyWave(ctx, slug); return err },
		}
		for name, get := range gets {
			err := get()
			if code := opencity.ErrorCode(err); code != opencity.ENOTFOUND {
				t.Errorf("Get%s(%q): error %v (code %q), want code %q", name, slug, err, code, opencity.ENOTFOUND)
			}
		}
		if _, err := s.GetCity(ctx, "leipzig"); err != nil {
			t.Errorf("GetCity(leipzig): %v", err)
		}
	})
}

func TestForeignKeysAreEnforced(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		before := count(t, s, "populations")
		err := s.DB().Exec("INSERT INTO populations (slug, city, value, year, approximate, as_printed, source) "+
			"VALUES (?, ?, ?, ?, ?, ?, ?)", "atlantis-2020", "atlantis", 1, 2020, false, "1", "oecd-profile-leipzig").Error
		if err == nil {
			t.Fatal("inserted a population for a city that does not exist")
		}
		if after := count(t, s, "populations"); after != before {
			t.Errorf("populations: %d rows after a refused insert, want %d", after, before)
		}
	})
}

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("Ready after migrate: %v", err)
		}
		before := count(t, s, "answers")
		for i := range 2 {
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("migrate again (%d): %v", i+1, err)
			}
		}
		if err := s.Ready(ctx); err != nil {
			t.Errorf("Ready after migrating again: %v", err)
		}
		if after := count(t, s, "answers"); after != before {
			t.Errorf("answers: %d rows after migrating again, want %d", after, before)
		}
	})
}

func TestNotReadyBeforeMigrate(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			s := openDSN(t, storetest.DSN(t, backend))
			if err := s.Ready(context.Background()); err == nil {
				t.Error("Ready on an unmigrated database: nil, want an error")
			}
		})
	}
}

func TestCursorKeyIsStable(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, backend)
			s := openDSN(t, dsn)
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			first := cursorKey(t, s)
			if len(first) < 32 {
				t.Errorf("cursor key of %d bytes, want at least 32", len(first))
			}
			if again := cursorKey(t, s); !bytes.Equal(again, first) {
				t.Error("cursor key changed between two calls")
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if reopened := cursorKey(t, openDSN(t, dsn)); !bytes.Equal(reopened, first) {
				t.Error("cursor key changed after reopening the database")
			}
			other := storetest.OpenEmpty(t, backend)
			if bytes.Equal(cursorKey(t, other), first) {
				t.Error("two databases share a cursor key: it is not random")
			}
		})
	}
}

func openDSN(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func cursorKey(t *testing.T, s *store.Store) []byte {
	t.Helper()
	k, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatalf("CursorKey: %v", err)
	}
	return k
}
