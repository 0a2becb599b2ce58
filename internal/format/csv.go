package format

import (
	"bufio"
	"encoding"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strconv"
)

// CSVMediaType is the media type of the CSV representation: RFC 4180 with a header row
// (RFC 7111's header parameter), in UTF-8.
const CSVMediaType = "text/csv; charset=utf-8; header=present"

// CSV writes records of type T as CSV (RFC 4180): a header row of the column names (see the
// package comment for how a record is flattened), then one row per record; fields separated by
// commas, rows ended by CRLF, a field quoted (with its quotes doubled) when it holds a comma, a
// quote, a CR or an LF; UTF-8 without a byte-order mark. Output is buffered: call Flush.
type CSV[T any] struct {
	w      *bufio.Writer
	cols   []column
	header bool
	cell   []byte // scratch space for one cell
}

// NewCSV returns a CSV writer of records of type T to w. fields, when not nil, keeps only the
// columns of the record's fields with those JSON names (a sparse field selection); unknown names
// are ignored.
func NewCSV[T any](w io.Writer, fields []string) *CSV[T] {
	return &CSV[T]{w: bufio.NewWriterSize(w, 32<<10), cols: selectColumns(columnsOf(reflect.TypeFor[T]()), fields)}
}

// Header returns the column names.
func (c *CSV[T]) Header() []string {
	names := make([]string, len(c.cols))
	for i, col := range c.cols {
		names[i] = col.name
	}
	return names
}

// WriteHeader writes the header row, unless it has been written already. Write calls it.
func (c *CSV[T]) WriteHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	for i, col := range c.cols {
		c.cell = append(c.cell[:0], col.name...)
		c.writeField(i, false)
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

// Write writes one record as a row (after the header row, the first time).
func (c *CSV[T]) Write(rec T) error {
	if err := c.WriteHeader(); err != nil {
		return err
	}
	v := reflect.ValueOf(&rec).Elem()
	for i := range c.cols {
		col := &c.cols[i]
		numeric, err := c.appendCell(col, v)
		if err != nil {
			return err
		}
		c.writeField(i, !numeric)
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

// Flush writes any buffered data to the underlying writer.
func (c *CSV[T]) Flush() error { return c.w.Flush() }

// writeField writes c.cell as field i of the row: escaped against formula injection when it is
// text, quoted when it must be.
func (c *CSV[T]) writeField(i int, text bool) {
	if i > 0 {
		c.w.WriteByte(',')
	}
	cell := c.cell
	prefix := text && len(cell) > 0 && isFormulaStart(cell[0])
	if !needsQuotes(cell) {
		if prefix {
			c.w.WriteByte('\'')
		}
		c.w.Write(cell)
		return
	}
	c.w.WriteByte('"')
	if prefix {
		c.w.WriteByte('\'')
	}
	for _, b := range cell {
		if b == '"' {
			c.w.WriteByte('"')
		}
		c.w.WriteByte(b)
	}
	c.w.WriteByte('"')
}

// isFormulaStart reports whether a text cell beginning with b could be taken for a formula by a
// spreadsheet.
func isFormulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

func needsQuotes(cell []byte) bool {
	for _, b := range cell {
		switch b {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// appendCell puts the value of col in rec into c.cell, and reports whether it is a number
// (which is never escaped).
func (c *CSV[T]) appendCell(col *column, rec reflect.Value) (numeric bool, err error) {
	c.cell = c.cell[:0]
	v, ok := follow(rec, col.path)
	if !ok {
		return false, nil
	}
	switch col.kind {
	case cellInt, cellUint, cellFloat:
		c.cell = appendScalar(c.cell, col.kind, col.float, v)
		return true, nil
	case cellString, cellBool:
		c.cell = appendScalar(c.cell, col.kind, 0, v)
	case cellText:
		c.cell, err = appendText(c.cell, v)
	case cellScalarList:
		c.cell = appendList(c.cell, col, v)
	case cellJSON:
		c.cell, err = appendJSON(c.cell, v)
	}
	return false, err
}

// follow walks path from v through struct fields, following pointers; it reports false when it
// meets a nil pointer or interface (the value is null).
func follow(v reflect.Value, path []int) (reflect.Value, bool) {
	for _, i := range path {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		if v.Kind() == reflect.Interface {
			return v, true // written as JSON
		}
		if v.Type().Implements(textMarshaler) || v.Type().Implements(jsonMarshaler) {
			return v, true
		}
		v = v.Elem()
	}
	return v, true
}

// appendScalar appends a string, boolean or number as JSON would write it (strings unquoted).
func appendScalar(b []byte, kind cellKind, bits int, v reflect.Value) []byte {
	switch kind {
	case cellString:
		return append(b, v.String()...)
	case cellBool:
		return strconv.AppendBool(b, v.Bool())
	case cellInt:
		return strconv.AppendInt(b, v.Int(), 10)
	case cellUint:
		return strconv.AppendUint(b, v.Uint(), 10)
	case cellFloat:
		return appendFloat(b, v.Float(), bits)
	}
	return b
}

// appendFloat writes f the way encoding/json does: plain decimals, exponents only for very
// large or small magnitudes. NaN and infinities, which JSON cannot hold, are left empty.
func appendFloat(b []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		fmt = 'e'
	}
	b = strconv.AppendFloat(b, f, fmt, -1, bits)
	if fmt == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendText appends the text of an encoding.TextMarshaler.
func appendText(b []byte, v reflect.Value) ([]byte, error) {
	m, ok := v.Interface().(encoding.TextMarshaler)
	if !ok && v.CanAddr() {
		m, ok = v.Addr().Interface().(encoding.TextMarshaler)
	}
	if !ok {
		return appendJSON(b, v)
	}
	text, err := m.MarshalText()
	return append(b, text...), err
}

// appendList appends the elements of a list of scalars joined with ListSeparator.
func appendList(b []byte, col *column, v reflect.Value) []byte {
	for i := range v.Len() {
		if i > 0 {
			b = append(b, ListSeparator...)
		}
		e, ok := follow(v.Index(i), nil)
		if ok {
			b = appendScalar(b, col.elem, col.float, e)
		}
	}
	return b
}

// appendJSON appends the JSON text of v; null is an empty cell, and a JSON string (a
// time.Time, say) is written as its text, unquoted.
func appendJSON(b []byte, v reflect.Value) ([]byte, error) {
	if (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil() {
		return b, nil
	}
	text, err := json.Marshal(v.Interface())
	if err != nil {
		return b, err
	}
	switch {
	case string(text) == "null":
		return b, nil
	case text[0] == '"':
		var s string
		if err := json.Unmarshal(text, &s); err != nil {
			return b, err
		}
		return append(b, s...), nil
	}
	return append(b, text...), nil
}
