package opencity_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/opencity/opencity/internal/opencity"
)

// invalidNaming checks that err is an EINVALID *opencity.Error naming param.
func invalidNaming(t *testing.T, err error, param string) {
	t.Helper()
	var e *opencity.Error
	if !errors.As(err, &e) || e.Code != opencity.EINVALID {
		t.Fatalf("error %v (%T), want an EINVALID *opencity.Error", err, err)
	}
	if len(e.Fields) != 1 || e.Fields[0].Parameter != param || e.Fields[0].Reason == "" {
		t.Fatalf("error fields %+v, want one naming %q with a reason", e.Fields, param)
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, seed := range [][2]string{
		{"country", "DE,FR"}, {"population[gte]", "100000"}, {"population[null]", "true"},
		{"mayor[null]", "maybe"}, {"name[gte]", "a"}, {"population[gte]", "99999999999999999999"},
		{"country", ""}, {"sort", "x"}, {"population[", "1"}, {"synthetic", "yes"},
		{"country", "D'; DROP TABLE cities; --"}, {"country[eq]", "DE"}, {"population[lt]", "-1"},
		{"population_year[gt]", "2019"}, {"region[null]", "false"}, {"country", "\x00"},
	} {
		f.Add(seed[0], seed[1])
	}
	res := opencity.Lists.Cities
	f.Fuzz(func(t *testing.T, name, value string) {
		flt, err := res.ParseFilter(name, value)
		if err != nil {
			invalidNaming(t, err, name)
			return
		}
		field, ok := res.Field(flt.Field)
		if !ok {
			t.Fatalf("parsed filter on field %q, which is not in the allowlist", flt.Field)
		}
		if flt.Op != opencity.OpEq && len(flt.Values) != 1 {
			t.Fatalf("operator %s with %d values", flt.Op, len(flt.Values))
		}
		if flt.Op == opencity.OpNull && !field.Nullable {
			t.Fatalf("[null] accepted on non-nullable %s", field.Name)
		}
		for _, v := range flt.Values {
			if v == "" && flt.Op != opencity.OpNull {
				t.Fatalf("empty value accepted for %s", name)
			}
		}
	})
}

func FuzzParseSort(f *testing.F) {
	for _, seed := range []string{"", "name", "-population,name", "name;DROP TABLE cities", "mayor",
		"-slug", "name,country,population,population_year", ",", "-", "--name", "name,slug,name"} {
		f.Add(seed)
	}
	res := opencity.Lists.Cities
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := res.ParseSort(s)
		if err != nil {
			invalidNaming(t, err, "sort")
			return
		}
		if len(keys) == 0 || len(keys) > opencity.MaxSortKeys+1 || keys[len(keys)-1].Field != "slug" {
			t.Fatalf("ParseSort(%q) = %+v: want 1 to 4 keys ending with slug", s, keys)
		}
		for _, k := range keys[:len(keys)-1] {
			if f, ok := res.Field(k.Field); !ok || !f.Sortable {
				t.Fatalf("ParseSort(%q) sorts by %q, which is not sortable", s, k.Field)
			}
		}
		again, err := res.ParseSort(opencity.SortString(keys))
		if err != nil || !reflect.DeepEqual(again, keys) {
			t.Fatalf("canonical sort %q does not parse back: %+v, %v", opencity.SortString(keys), again, err)
		}
	})
}

func FuzzParseSearch(f *testing.F) {
	for _, seed := range []string{"", "horning", "Hörning", "!!!", strings.Repeat("a", 201), "a\x00b", "\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, err := opencity.ParseSearch(q)
		if err != nil {
			invalidNaming(t, err, "q")
			return
		}
		if utf8.RuneCountInString(got) > opencity.MaxSearchLength {
			t.Fatalf("search of %d characters accepted", utf8.RuneCountInString(got))
		}
		for _, term := range opencity.SearchTerms(got) {
			if strings.ContainsAny(term, "\"*:()^-+ '%_\\") {
				t.Fatalf("search term %q carries query syntax", term)
			}
		}
	})
}

func FuzzCursor(f *testing.F) {
	codec := opencity.NewCursorCodec([]byte("0123456789abcdef0123456789abcdef"))
	valid := codec.Encode("/v1/cities?sort=slug", []string{"leipzig"})
	for _, seed := range []string{valid, valid + "x", "", ".", "e30.", "eyJzIjoiL3YxL2NpdGllcyJ9.AAAA",
		strings.Repeat("A", 3000), valid[:len(valid)-2] + "AA"} {
		f.Add(seed, "/v1/cities?sort=slug")
	}
	f.Fuzz(func(t *testing.T, cursor, scope string) {
		keys, err := codec.Decode(scope, cursor)
		if err != nil {
			invalidNaming(t, err, "cursor")
			return
		}
		if len(keys) == 0 {
			t.Fatal("a cursor without keys was accepted")
		}
		if again := codec.Encode(scope, keys); again != cursor {
			// A forged cursor would need the key; only the codec's own encoding verifies.
			if _, err := codec.Decode(scope, again); err != nil {
				t.Fatalf("re-encoded cursor does not decode: %v", err)
			}
		}
		if _, err := codec.Decode(scope+"x", cursor); err == nil {
			t.Fatal("a cursor was accepted for another scope")
		}
	})
}

func FuzzParseFacets(f *testing.F) {
	for _, seed := range []string{"", "country", "country,region", "mayor", "a,b,c,d,e,f", ",", "country,"} {
		f.Add(seed)
	}
	res := opencity.Lists.Cities
	f.Fuzz(func(t *testing.T, s string) {
		names, err := res.ParseFacets(s)
		if err != nil {
			invalidNaming(t, err, "facets")
			return
		}
		for _, n := range names {
			if fl, ok := res.Field(n); !ok || !fl.Facet {
				t.Fatalf("facet %q accepted", n)
			}
		}
	})
}
