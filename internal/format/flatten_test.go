package format

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

type ref struct {
	Slug string `json:"slug"`
	Href string `json:"href"`
}

type country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type region struct {
	Name string  `json:"name"`
	Note *string `json:"note"`
}

type Embedded struct {
	Kind string `json:"kind"`
}

type record struct {
	Slug     string    `json:"slug"`
	Country  country   `json:"country"`
	Region   *region   `json:"region"`
	Value    *int64    `json:"value"`
	Share    float64   `json:"share"`
	Waves    []int     `json:"waves"`
	Tags     []string  `json:"tags"`
	Refs     []ref     `json:"refs"`
	Extra    any       `json:"extra"`
	At       time.Time `json:"at"`
	Ok       bool      `json:"ok"`
	Skipped  string    `json:"-"`
	hidden   string
	Embedded        // promoted, as encoding/json does
	Renamed  string `json:"renamed_field,omitempty"`
}

func TestColumns(t *testing.T) {
	got := Columns(reflect.TypeFor[record]())
	want := []string{"slug", "country.code", "country.name", "region.name", "region.note", "value", "share",
		"waves", "tags", "refs", "extra", "at", "ok", "kind", "renamed_field"}
	if !slices.Equal(got, want) {
		t.Errorf("Columns:\n got %q\nwant %q", got, want)
	}
	if got := Columns(reflect.TypeFor[*record]()); !slices.Equal(got, want) {
		t.Errorf("Columns of a pointer type: %q", got)
	}
	if got := Columns(reflect.TypeFor[string]()); !slices.Equal(got, []string{"value"}) {
		t.Errorf("Columns(string) = %q", got)
	}
}

type node struct {
	Name string `json:"name"`
	Next *node  `json:"next"`
}

func TestColumnsOfARecursiveType(t *testing.T) {
	// A field of the type being flattened is not flattened again: it is a JSON cell.
	got := Columns(reflect.TypeFor[node]())
	if want := []string{"name", "next"}; !slices.Equal(got, want) {
		t.Errorf("Columns(node) = %q, want %q", got, want)
	}
}

func TestSelectColumns(t *testing.T) {
	cols := selectColumns(columnsOf(reflect.TypeFor[record]()), []string{"slug", "country", "nope"})
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	if want := []string{"slug", "country.code", "country.name"}; !slices.Equal(names, want) {
		t.Errorf("selected %q, want %q", names, want)
	}
}
