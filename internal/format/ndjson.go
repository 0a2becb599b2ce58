package format

import (
	"bufio"
	"encoding/json"
	"io"
)

// NDJSONMediaType is the media type of newline-delimited JSON: one JSON value per line.
const NDJSONMediaType = "application/x-ndjson"

// NDJSON writes records as newline-delimited JSON: each record as one line holding its JSON
// object (exactly as it appears in the data of a JSON list), ended by LF. Output is buffered:
// call Flush.
type NDJSON[T any] struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewNDJSON returns an NDJSON writer of records of type T to w.
func NewNDJSON[T any](w io.Writer) *NDJSON[T] {
	bw := bufio.NewWriterSize(w, 32<<10)
	return &NDJSON[T]{w: bw, enc: json.NewEncoder(bw)}
}

// Write writes one record as a line.
func (n *NDJSON[T]) Write(rec T) error { return n.enc.Encode(rec) }

// Flush writes any buffered data to the underlying writer.
func (n *NDJSON[T]) Flush() error { return n.w.Flush() }
