package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store/storetest"
)

// countingBody is a request body of n bytes that counts how many were read.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.left))
	for i := range p[:n] {
		p[i] = 'x'
	}
	b.left -= int64(n)
	b.read.Add(int64(n))
	return n, nil
}

func TestBodyLimit(t *testing.T) {
	srv := newServer(t, storetest.OpenEmpty(t, storetest.SQLite))
	// Throwaway routes, until the write routes arrive: one reads the body, one turns the
	// read error into a 400 of its own, as a strict JSON decoder would.
	readAll := func(c echo.Context) error {
		b, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, strconv.Itoa(len(b)))
	}
	decode := func(c echo.Context) error {
		if _, err := io.ReadAll(c.Request().Body); err != nil {
			return opencity.Errorf(opencity.EINVALID, "malformed JSON")
		}
		return c.NoContent(http.StatusNoContent)
	}
	srv.e.POST("/test/records", readAll, api.LimitBody(api.MaxRecordBody))
	srv.e.POST("/test/decode", decode, api.LimitBody(api.MaxRecordBody))
	srv.e.POST("/test/imports", readAll, api.LimitBody(api.MaxImportBody))

	const mib = 1 << 20
	tests := []struct {
		name, path    string
		size          int64
		declared      bool  // Content-Length sent (else the body is chunked)
		status        int   // want
		maxRead       int64 // bytes of the body the server may read
		wantBodyBytes string
	}{
		{"record within the limit", "/test/records", mib, true, 200, mib, strconv.Itoa(mib)},
		{"record within the limit, chunked", "/test/records", mib, false, 200, mib, strconv.Itoa(mib)},
		{"record declared too large", "/test/records", mib + 1, true, 413, 0, ""},
		{"record too large, chunked", "/test/records", 5 * mib, false, 413, mib + 64<<10, ""},
		{"handler's own error for a too large body", "/test/decode", 5 * mib, false, 413, mib + 64<<10, ""},
		{"import of 5 MiB", "/test/imports", 5 * mib, false, 200, 5 * mib, strconv.Itoa(5 * mib)},
		{"import declared too large", "/test/imports", 50*mib + 1, true, 413, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &countingBody{left: tt.size}
			req := httptest.NewRequest(http.MethodPost, tt.path, body)
			req.ContentLength = -1
			if tt.declared {
				req.ContentLength = tt.size
			}
			rec := httptest.NewRecorder()
			srv.e.ServeHTTP(rec, req)
			r := &response{Status: rec.Code, Header: rec.Result().Header, Body: rec.Body.Bytes()}
			if tt.status == http.StatusRequestEntityTooLarge {
				checkProblem(t, req, r, tt.status)
			} else if r.Status != tt.status || string(r.Body) != tt.wantBodyBytes {
				t.Errorf("status %d, body %.100q; want %d, %q", r.Status, r.Body, tt.status, tt.wantBodyBytes)
			}
			if n := body.read.Load(); n > tt.maxRead {
				t.Errorf("the server read %d bytes of the body, want at most %d", n, tt.maxRead)
			}
		})
	}
}

// A body the server never reads is no reason to fail: only reading past the limit is.
func TestBodyLimitIgnoresUnreadBodies(t *testing.T) {
	srv := newServer(t, storetest.OpenEmpty(t, storetest.SQLite))
	srv.e.POST("/test/ignore", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) },
		api.LimitBody(api.MaxRecordBody))
	req := httptest.NewRequest(http.MethodPost, "/test/ignore", bytes.NewReader(make([]byte, 2<<20)))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	srv.e.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Errorf("status %d, want 204", rec.Code)
	}
}
