package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// The largest request bodies the API reads: a JSON record, and a bulk import (CSV or NDJSON).
const (
	maxRecordBody int64 = 1 << 20  // 1 MiB
	maxImportBody int64 = 50 << 20 // 50 MiB
)

// limitBody answers 413 to a request whose body is larger than limit bytes, without reading
// it in full: at once when Content-Length says so, else as soon as the handler has read one
// byte too many (the connection is then closed rather than drained). The handler may turn the
// read error into whatever error it likes; a body over the limit is a 413 all the same.
// Routes that take a body name it: limitBody(maxRecordBody) for records, maxImportBody for
// imports.
func limitBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return tooLarge(limit)
			}
			if req.Body == nil {
				req.Body = http.NoBody
			}
			body := &limitedBody{ReadCloser: http.MaxBytesReader(c.Response().Writer, req.Body, limit)}
			req.Body = body
			err := next(c)
			if body.exceeded && (err != nil || !c.Response().Committed) {
				return tooLarge(limit)
			}
			return err
		}
	}
}

func tooLarge(limit int64) error {
	return opencity.Errorf(opencity.ETOOLARGE, "the request body is larger than %d bytes (%d MiB), the most this endpoint accepts",
		limit, limit>>20)
}

// limitedBody notes whether the body it wraps went over its limit.
type limitedBody struct {
	io.ReadCloser
	exceeded bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		b.exceeded = true
	}
	return n, err
}
