package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/opencity/opencity/internal/opencity"
)

// Formats of import files.
const (
	FormatCSV    = "csv"
	FormatNDJSON = "ndjson"
)

// kind of a value as the file gives it.
const (
	kindText   = iota // a JSON string
	kindNumber        // a JSON number
	kindBool          // a JSON true or false
	kindNull          // an empty CSV cell or a JSON null
	kindCell          // a CSV cell: text that may stand for a number or a boolean
)

// cell is one value of a row: its text, its kind and the column it starts at (0 when unknown).
type cell struct {
	text   string
	kind   int
	column int
}

// row is one record of the file: its line and its values by column name. A row that could not
// be read has no values and its fault in bad.
type row struct {
	line   int
	values map[string]cell
	bad    *opencity.ImportRejection
	// headerFault marks a fault of the CSV header (or an empty file): no row can be read.
	headerFault bool
}

// rowReader reads the rows of a file one at a time; io.EOF ends the file. Any other error is
// the reader's, not a fault of the file (a row's fault is in row.bad).
type rowReader interface {
	next() (row, error)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// newReader returns a reader of format over r, whose rows may name only columns.
func newReader(format string, r io.Reader, columns []string) (rowReader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		_, _ = br.Discard(3)
	}
	switch format {
	case FormatCSV:
		return &csvReader{r: csv.NewReader(br), columns: columns}, nil
	case FormatNDJSON:
		return &ndjsonReader{r: br, columns: columns}, nil
	}
	return nil, fmt.Errorf("unknown import format %q", format)
}

// csvReader reads CSV with a header row naming the columns (in any order; each once).
type csvReader struct {
	r       *csv.Reader
	columns []string
	header  []string
}

func (c *csvReader) next() (row, error) {
	if c.header == nil {
		if bad, err := c.readHeader(); bad != nil || err != nil {
			return row{line: 1, bad: bad, headerFault: bad != nil}, err
		}
	}
	rec, err := c.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return row{line: pe.Line, bad: &opencity.ImportRejection{Line: pe.Line, Column: pe.Column, Reason: csvReason(pe)}}, nil
	}
	if err != nil {
		return row{}, err
	}
	line, _ := c.r.FieldPos(0)
	r := row{line: line, values: make(map[string]cell, len(rec))}
	for i, v := range rec {
		_, col := c.r.FieldPos(i)
		k := kindCell
		if v == "" {
			k = kindNull
		}
		r.values[c.header[i]] = cell{text: v, kind: k, column: col}
	}
	return r, nil
}

func csvReason(pe *csv.ParseError) string {
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return "wrong number of fields: every row must have as many as the header"
	}
	return pe.Err.Error()
}

// readHeader reads the header row: a fault there is the whole file's (a nil header stays).
func (c *csvReader) readHeader() (*opencity.ImportRejection, error) {
	rec, err := c.r.Read()
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		return &opencity.ImportRejection{Line: pe.Line, Column: pe.Column, Reason: csvReason(pe)}, nil
	case err == io.EOF:
		return &opencity.ImportRejection{Line: 1, Reason: "the file is empty: it needs a header row naming the columns " +
			strings.Join(c.columns, ",")}, nil
	case err != nil:
		return nil, err
	}
	header := slices.Clone(rec)
	for i, name := range header {
		_, col := c.r.FieldPos(i)
		if !slices.Contains(c.columns, name) || slices.Index(header, name) != i {
			return &opencity.ImportRejection{Line: 1, Column: col, Field: name,
				Reason: "unknown or repeated column: the columns are " + strings.Join(c.columns, ",")}, nil
		}
	}
	c.header = header
	c.r.ReuseRecord = true
	return nil, nil
}

// ndjsonReader reads one JSON object per line; blank lines are skipped.
type ndjsonReader struct {
	r       *bufio.Reader
	columns []string
	line    int
}

func (n *ndjsonReader) next() (row, error) {
	for {
		b, err := n.r.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			return row{}, err
		}
		if err != nil && err != io.EOF {
			return row{}, err
		}
		n.line++
		b = bytes.TrimRight(b, "\r\n")
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		values, bad := n.decode(b)
		if bad != nil {
			bad.Line = n.line
			return row{line: n.line, bad: bad}, nil
		}
		return row{line: n.line, values: values}, nil
	}
}

// decode reads one flat JSON object strictly: valid UTF-8, known members, each once, with a
// scalar value, and nothing after the object.
func (n *ndjsonReader) decode(b []byte) (map[string]cell, *opencity.ImportRejection) {
	if !utf8.Valid(b) {
		return nil, &opencity.ImportRejection{Reason: "not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	syntax := func(err error) *opencity.ImportRejection {
		return &opencity.ImportRejection{Column: int(dec.InputOffset()) + 1, Reason: "malformed JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	if t, err := dec.Token(); err != nil {
		return nil, syntax(err)
	} else if t != json.Delim('{') {
		return nil, &opencity.ImportRejection{Column: 1, Reason: "each line must be one JSON object"}
	}
	values := map[string]cell{}
	for dec.More() {
		col := keyColumn(b, int(dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		name := t.(string)
		if _, dup := values[name]; dup {
			return nil, &opencity.ImportRejection{Column: col, Field: name, Reason: "repeated member"}
		}
		if !slices.Contains(n.columns, name) {
			return nil, &opencity.ImportRejection{Column: col, Field: name, Reason: "unknown member: the members are " + strings.Join(n.columns, ",")}
		}
		v, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		c := cell{column: col}
		switch v := v.(type) {
		case string:
			c.text, c.kind = v, kindText
		case json.Number:
			c.text, c.kind = v.String(), kindNumber
		case bool:
			c.text, c.kind = fmt.Sprint(v), kindBool
		case nil:
			c.kind = kindNull
		default:
			return nil, &opencity.ImportRejection{Column: col, Field: name, Reason: "must be a string, number, boolean or null"}
		}
		values[name] = c
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &opencity.ImportRejection{Column: int(dec.InputOffset()) + 1, Reason: "data after the object: one object per line"}
	}
	return values, nil
}

// keyColumn is the 1-based column of the member name after offset (past a comma and spaces).
func keyColumn(b []byte, offset int) int {
	for offset < len(b) && strings.IndexByte(", \t", b[offset]) >= 0 {
		offset++
	}
	return offset + 1
}
