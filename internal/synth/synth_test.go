package synth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
	"github.com/opencity/opencity/internal/synth"
	"gorm.io/gorm"
)

const cities = 120

// generated are the tables Generate writes.
var generated = []string{
	"cities", "populations", "organisations", "data_partnerships", "survey_responses",
	"answers", "projects", "participations",
}

func TestGenerate(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			s := storetest.Open(t, backend)
			ctx := context.Background()
			before := defaultData(t, s.DB())

			st, err := synth.Generate(ctx, s.DB(), synth.Options{Cities: cities, Seed: 7})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			checkCounts(t, s.DB(), st)
			checkMarked(t, s.DB())
			checkSlugs(t, s.DB())
			checkAccents(t, s.DB())

			if after := defaultData(t, s.DB()); after != before {
				t.Errorf("the default dataset's rows changed:\nbefore %s\nafter  %s", before, after)
			}
			// The seed's hash is unchanged, so loading it again is a no-op.
			if err := seed.Load(ctx, s.DB()); err != nil {
				t.Fatalf("seed.Load after Generate: %v", err)
			}
			if after := defaultData(t, s.DB()); after != before {
				t.Error("seed.Load after Generate changed the default dataset")
			}
			if _, err := synth.Generate(ctx, s.DB(), synth.Options{Cities: 1, Seed: 7}); !errors.Is(err, synth.ErrHasSynthetic) {
				t.Errorf("second Generate: err = %v, want ErrHasSynthetic", err)
			}
		})
	}
}

// checkCounts compares the rows in the database with the counts Generate returned.
func checkCounts(t *testing.T, db *gorm.DB, st synth.Stats) {
	t.Helper()
	want := map[string]int{
		"cities": st.Cities, "populations": st.Populations, "organisations": st.Organisations,
		"data_partnerships": st.DataPartnerships, "survey_responses": st.SurveyResponses,
		"answers": st.Answers, "projects": st.Projects, "participations": st.Participations,
	}
	if st.Cities != cities {
		t.Errorf("Stats.Cities = %d, want %d", st.Cities, cities)
	}
	for table, n := range want {
		if n == 0 {
			t.Errorf("no synthetic %s generated", table)
		}
		if got := count(t, db, table, "source = ?", synth.SourceSlug); got != n {
			t.Errorf("%s naming %s: %d rows, Stats says %d", table, synth.SourceSlug, got, n)
		}
	}
	if per := float64(st.Populations) / float64(st.Cities); per < 1 || per > 3 {
		t.Errorf("%.1f populations per city, want 1 to 3", per)
	}
}

// checkMarked checks that every synthetic row names the synthetic source, that no other row
// does, and that the source and the cities say they are synthetic.
func checkMarked(t *testing.T, db *gorm.DB) {
	t.Helper()
	prefix := synth.SlugPrefix + "%"
	for _, table := range generated {
		if n := count(t, db, table, "slug LIKE ? AND source <> ?", prefix, synth.SourceSlug); n > 0 {
			t.Errorf("%s: %d rows with a %s slug name another source", table, n, synth.SlugPrefix)
		}
		if n := count(t, db, table, "slug NOT LIKE ? AND source = ?", prefix, synth.SourceSlug); n > 0 {
			t.Errorf("%s: %d rows without the %s prefix name the synthetic source", table, n, synth.SlugPrefix)
		}
	}
	// Rows of other tables, and second sources of a city, never name the synthetic source.
	var tables []string
	for _, tb := range tablesWithSource(t) {
		if !contains(generated, tb) {
			tables = append(tables, tb)
		}
	}
	for _, table := range tables {
		if n := count(t, db, table, "source = ?", synth.SourceSlug); n > 0 {
			t.Errorf("%s: %d rows name the synthetic source", table, n)
		}
	}
	for _, col := range []string{"mayor_source", "lead_innovation_officer_source"} {
		if n := count(t, db, "cities", "synthetic AND "+col+" IS NOT NULL AND "+col+" <> ?", synth.SourceSlug); n > 0 {
			t.Errorf("cities: %d synthetic cities' %s is not the synthetic source", n, col)
		}
	}
	if n := count(t, db, "cities", "synthetic <> (source = ?)", synth.SourceSlug); n > 0 {
		t.Errorf("cities: %d rows where synthetic disagrees with the source", n)
	}
	if n := count(t, db, "sources", "synthetic"); n != 1 {
		t.Errorf("%d synthetic sources, want 1", n)
	}
	if n := count(t, db, "sources", "slug = ? AND synthetic", synth.SourceSlug); n != 1 {
		t.Errorf("source %s is missing or not marked synthetic", synth.SourceSlug)
	}
}

// tablesWithSource are the tables of the default dataset that have a source column.
func tablesWithSource(t *testing.T) []string {
	t.Helper()
	tables, _, err := seed.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tb := range tables {
		if len(tb.Rows) > 0 {
			if _, ok := tb.Rows[0]["source"]; ok {
				out = append(out, tb.Table)
			}
		}
	}
	return out
}

// slugPattern is the API's: a slug the API refuses would be a record nobody can fetch.
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,127}$`)

func checkSlugs(t *testing.T, db *gorm.DB) {
	t.Helper()
	for _, table := range generated {
		var slugs []string
		if err := db.Table(table).Where("source = ?", synth.SourceSlug).Pluck("slug", &slugs).Error; err != nil {
			t.Fatal(err)
		}
		for _, s := range slugs {
			if !slugPattern.MatchString(s) || !strings.HasPrefix(s, synth.SlugPrefix) {
				t.Errorf("%s: slug %q is not a valid %s slug", table, s, synth.SlugPrefix)
				break
			}
		}
	}
}

func checkAccents(t *testing.T, db *gorm.DB) {
	t.Helper()
	var names []string
	if err := db.Table("cities").Where("synthetic").Pluck("name", &names).Error; err != nil {
		t.Fatal(err)
	}
	accented := 0
	for _, n := range names {
		if len(n) != utf8.RuneCountInString(n) {
			accented++
		}
	}
	if accented == 0 || accented == len(names) {
		t.Errorf("%d of %d synthetic city names have letters outside ASCII; want some, not all", accented, len(names))
	}
}

// defaultData is a digest of every row that is not synthetic, in every table the default
// dataset fills.
func defaultData(t *testing.T, db *gorm.DB) string {
	t.Helper()
	tables, hash, err := seed.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintln(h, hash)
	for _, tb := range tables {
		where := "source <> '" + synth.SourceSlug + "'"
		if tb.Table == "sources" {
			where = "slug <> '" + synth.SourceSlug + "'"
		}
		cols := strings.Join(tb.Key, ", ")
		rows, err := db.Table(tb.Table).Where(where).Order(cols).Rows()
		if err != nil {
			t.Fatalf("%s: %v", tb.Table, err)
		}
		names, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s %v\n", tb.Table, vals)
			n++
		}
		rows.Close()
		if n != len(tb.Rows) {
			t.Errorf("%s: %d rows not synthetic, the default dataset has %d", tb.Table, n, len(tb.Rows))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	digest := func(seed uint64) string {
		dsn := filepath.Join(t.TempDir(), "synth.db")
		if _, err := synth.Create(context.Background(), dsn, synth.Options{Cities: 50, Seed: seed}); err != nil {
			t.Fatalf("Create: %v", err)
		}
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		h := sha256.New()
		for _, table := range generated {
			var rows []map[string]any
			if err := s.DB().Table(table).Where("source = ?", synth.SourceSlug).Order("slug").Find(&rows).Error; err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				fmt.Fprintf(h, "%s %v\n", table, r) // fmt prints maps in key order
			}
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	a, b, c := digest(1), digest(1), digest(2)
	if a != b {
		t.Error("the same seed gave different data")
	}
	if a == c {
		t.Error("different seeds gave the same data")
	}
}

func TestCreateRefusesExistingDatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "opencity.db")
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := synth.Create(context.Background(), dsn, synth.Options{Cities: 1}); !errors.Is(err, synth.ErrNotEmpty) {
		t.Errorf("Create on a migrated database: err = %v, want ErrNotEmpty", err)
	}
}

func count(t *testing.T, db *gorm.DB, table, where string, args ...any) int {
	t.Helper()
	var n int64
	if err := db.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatalf("count %s where %s: %v", table, where, err)
	}
	return int(n)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
