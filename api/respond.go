package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/format"
	"github.com/opencity/opencity/internal/opencity"
)

// writeList writes a page of a list in the negotiated format, with a Link header (RFC 8288)
// naming the next page (as links.next) and this page. The JSON representation serves the
// envelope; CSV and NDJSON hold the items only, so the Link header is where their paging links
// are. ?fields= cuts each record down, in every format.
func writeList[T any](c echo.Context, page listPage[T]) error {
	if err := envelopeOnly(c); err != nil {
		return err
	}
	f := formatOf(c)
	fields, err := sparseFields(c, reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Link", linkHeader(page.Links))
	switch {
	case f == formatCSV:
		return writeRows(c, formatCSV, page.Data, format.NewCSV[T](c.Response(), fields))
	case f == formatNDJSON && fields != nil:
		return writeRows(c, formatNDJSON, page.Data, projected[T]{format.NewNDJSON[map[string]json.RawMessage](c.Response()), fields})
	case f == formatNDJSON:
		return writeRows(c, formatNDJSON, page.Data, format.NewNDJSON[T](c.Response()))
	case fields != nil:
		sparse, err := projectPage(page, fields)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, sparse)
	}
	return c.JSON(http.StatusOK, page)
}

// envelopeOnly refuses include and facets, which add to the JSON envelope, for a list asked for
// as CSV or NDJSON, which have none (EINVALID naming the parameter).
func envelopeOnly(c echo.Context) error {
	f := formatOf(c)
	if f == formatJSON {
		return nil
	}
	for _, p := range []string{"include", "facets"} {
		if c.QueryParam(p) != "" {
			return opencity.InvalidParameter(p, "is served in the JSON representation only, not as "+f.name)
		}
	}
	return nil
}

// encodedPage is a page of a list whose records are held as their JSON encoding (from the
// record cache): it is written as listPage would be, byte for byte.
type encodedPage struct {
	records  [][]byte
	Links    Links     `json:"links"`
	Meta     ListMeta  `json:"meta"`
	Included *Included `json:"included,omitempty"`
}

// The pieces encodedPage.write writes between the records.
var (
	dataStart = []byte(`{"data":[`)
	comma     = []byte{','}
	dataEnd   = []byte("],")
	newline   = []byte{'\n'}
)

// write writes the page as JSON (the envelope) or NDJSON (a record per line), with the Link
// header, a piece at a time: the response writer underneath (the cache's capture) buffers it.
func (p encodedPage) write(c echo.Context) error {
	res := c.Response()
	res.Header().Set("Link", linkHeader(p.Links))
	if formatOf(c) == formatNDJSON {
		res.Header().Set(echo.HeaderContentType, formatNDJSON.contentType)
		res.WriteHeader(http.StatusOK)
		for _, r := range p.records {
			res.Write(r)
			if _, err := res.Write(newline); err != nil {
				return err
			}
		}
		return nil
	}
	rest, err := json.Marshal(p) // {"links":...,"meta":...}: what follows "data"
	if err != nil {
		return err
	}
	res.Header().Set(echo.HeaderContentType, formatJSON.contentType)
	res.WriteHeader(http.StatusOK)
	res.Write(dataStart)
	for i, r := range p.records {
		if i > 0 {
			res.Write(comma)
		}
		res.Write(r)
	}
	res.Write(dataEnd)
	res.Write(rest[1:])
	_, err = res.Write(newline) // a write that fails fails again: the last one reports it
	return err
}

// writeItem writes one record (as JSON, the one format records are served in); ?fields= cuts
// it down.
func writeItem(c echo.Context, v any) error {
	fields, err := sparseFields(c, reflect.TypeOf(v))
	if err != nil {
		return err
	}
	if fields == nil {
		return c.JSON(http.StatusOK, v)
	}
	sparse, err := project(v, fields)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sparse)
}

// rowWriter writes records in one format (format.CSV, format.NDJSON).
type rowWriter[T any] interface {
	Write(rec T) error
	Flush() error
}

// headerWriter is a rowWriter with a header row (CSV), written even for no rows.
type headerWriter interface{ WriteHeader() error }

// projected is an NDJSON writer of records cut down to fields, as in the JSON representation.
type projected[T any] struct {
	w      *format.NDJSON[map[string]json.RawMessage]
	fields []string
}

func (p projected[T]) Write(rec T) error {
	sparse, err := project(rec, p.fields)
	if err != nil {
		return err
	}
	return p.w.Write(sparse)
}

func (p projected[T]) Flush() error { return p.w.Flush() }

// writeRows writes items with w as a 200 response in format f.
func writeRows[T any](c echo.Context, f mediaFormat, items []T, w rowWriter[T]) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, f.contentType)
	res.WriteHeader(http.StatusOK)
	if hw, ok := w.(headerWriter); ok {
		if err := hw.WriteHeader(); err != nil {
			return err
		}
	}
	for _, it := range items {
		if err := w.Write(it); err != nil {
			return err
		}
	}
	return w.Flush()
}

// linkHeader is the Link header of a list page: rel="next" (on every page but the last) and
// rel="self", the same paths as links.next and links.self.
func linkHeader(l Links) string {
	var b strings.Builder
	if l.Next != nil {
		b.WriteString("<" + *l.Next + `>; rel="next", `)
	}
	b.WriteString("<" + l.Self + `>; rel="self"`)
	return b.String()
}
