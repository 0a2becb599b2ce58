// Package format writes lists of records in the formats the API offers besides JSON: CSV
// (RFC 4180) and NDJSON. It uses only the standard library.
//
// # The flat CSV form of a record
//
// A record is a Go struct that encodes to a JSON object (its fields' json tags name them). Its
// CSV columns follow from its type, never from the values, so every row of a list has the same
// columns and an empty list still has its header row:
//
//   - a scalar (string, number, boolean) is one column named as the JSON field;
//   - an object (a struct, or a pointer to one) is flattened into its fields, with dotted
//     names: country.code, country.name; a null object leaves all its columns empty;
//   - a list of scalars is one column holding the elements joined with "|" (a list that is
//     null or empty is an empty cell);
//   - a list of objects, a map, or anything else whose shape the type does not fix, is one
//     column holding its JSON text ([{"slug":"leipzig","href":"/v1/cities/leipzig"}]);
//   - a value that encodes itself (time.Time) is one column holding its JSON text, or the
//     text itself when that is a JSON string (2020-01-02T03:04:05Z);
//   - null is an empty cell; true and false are written as such; numbers as JSON writes them.
//
// Text cells that begin with =, +, -, @, a tab or a carriage return are prefixed with a single
// quote ('), so that a spreadsheet shows them as text instead of evaluating a formula
// (CSV/formula injection). Number cells are never prefixed: -3 stays -3.
package format

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// ListSeparator joins the elements of a list of scalars in one CSV cell.
const ListSeparator = "|"

// cellKind says how a column's value is written.
type cellKind int

const (
	cellString cellKind = iota
	cellBool
	cellInt
	cellUint
	cellFloat
	cellText       // an encoding.TextMarshaler, written as its text
	cellScalarList // a slice or array of scalars, joined with ListSeparator
	cellJSON       // anything else: its JSON text
)

// column is one CSV column: its dotted name, the path of struct field indexes that leads to its
// value from the record (pointers on the way are followed; a nil one means an empty cell) and
// how the value is written.
type column struct {
	name  string
	top   string // the JSON name of the record's field the column comes from
	path  []int
	kind  cellKind
	elem  cellKind // for cellScalarList: the kind of the elements
	float int      // for cellFloat (and lists of floats): 32 or 64
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	plans         sync.Map // reflect.Type → []column
)

// Columns returns the CSV column names of records of type t (a struct, or a pointer to one),
// in the order of its fields.
func Columns(t reflect.Type) []string {
	cols := columnsOf(t)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}

// columnsOf returns the columns of t, computed once per type.
func columnsOf(t reflect.Type) []column {
	if cols, ok := plans.Load(t); ok {
		return cols.([]column)
	}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	var cols []column
	if base.Kind() == reflect.Struct && !isLeaf(base) {
		cols = structColumns(base, "", "", nil, map[reflect.Type]bool{})
	} else {
		cols = []column{leafColumn("value", "value", nil, base)}
	}
	plans.Store(t, cols)
	return cols
}

// structColumns returns the columns of the struct t, whose own column names start with prefix;
// path leads to t from the record; top is the record's field t sits under ("" for the record
// itself); seen guards against recursive types.
func structColumns(t reflect.Type, prefix, top string, path []int, seen map[reflect.Type]bool) []column {
	seen[t] = true
	defer delete(seen, t)
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := jsonName(f)
		if !ok {
			continue
		}
		fpath := append(append([]int(nil), path...), i)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && f.Tag.Get("json") == "" && ft.Kind() == reflect.Struct && !seen[ft] {
			cols = append(cols, structColumns(ft, prefix, top, fpath, seen)...)
			continue
		}
		fieldTop := top
		if fieldTop == "" {
			fieldTop = name
		}
		if ft.Kind() == reflect.Struct && !isLeaf(ft) && !seen[ft] {
			cols = append(cols, structColumns(ft, prefix+name+".", fieldTop, fpath, seen)...)
			continue
		}
		cols = append(cols, leafColumn(prefix+name, fieldTop, fpath, ft))
	}
	return cols
}

// jsonName returns the name encoding/json gives the field, and false when it skips it.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if !f.IsExported() && !(f.Anonymous && name == "") {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// isLeaf reports whether values of t are written as one cell although t may be a struct: it
// encodes itself (time.Time and other marshalers).
func isLeaf(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(textMarshaler) || pt.Implements(textMarshaler) ||
		t.Implements(jsonMarshaler) || pt.Implements(jsonMarshaler)
}

// leafColumn is the column of a value of type t (pointers already followed) written in one cell.
func leafColumn(name, top string, path []int, t reflect.Type) column {
	c := column{name: name, top: top, path: path, kind: scalarKind(t)}
	if c.kind == cellFloat {
		c.float = t.Bits()
	}
	if c.kind == cellJSON && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t.Elem().Kind() != reflect.Uint8 {
		elem := t.Elem()
		if k := scalarKind(elem); k != cellJSON && k != cellText {
			c.kind, c.elem = cellScalarList, k
			if k == cellFloat {
				c.float = elem.Bits()
			}
		}
	}
	return c
}

// scalarKind is the cell kind of a value of type t, cellJSON when it is not a scalar.
func scalarKind(t reflect.Type) cellKind {
	switch {
	case t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler):
		return cellJSON
	case t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
		return cellText
	}
	switch t.Kind() {
	case reflect.String:
		return cellString
	case reflect.Bool:
		return cellBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cellInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cellUint
	case reflect.Float32, reflect.Float64:
		return cellFloat
	}
	return cellJSON
}

// selectColumns keeps the columns that come from the record's fields named in fields (their
// JSON names); nil keeps every column.
func selectColumns(cols []column, fields []string) []column {
	if fields == nil {
		return cols
	}
	keep := make(map[string]bool, len(fields))
	for _, f := range fields {
		keep[f] = true
	}
	var out []column
	for _, c := range cols {
		if keep[c.top] {
			out = append(out, c)
		}
	}
	return out
}
