package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

// capture is the response writer a handler writes to on a cache miss. It holds the response
// back, so that the middleware can keep it, gzip it and answer conditionals, until the body
// grows beyond limit or the handler flushes (an export streaming row batches): from then on it
// streams, gzipping on the fly where the client accepts gzip, and the response is not kept.
type capture struct {
	orig      http.ResponseWriter
	rep       representation
	gzip      bool // the client accepts gzip
	head      bool // a HEAD request: headers only
	limit     int64
	status    int
	buf       *bytes.Buffer // from bodyBuffers
	streaming bool
	gz        *gzip.Writer
}

// minHeldBack is the size of the body a capture holds back whatever the cache keeps: a page
// of a list is sent whole, with its Content-Length, even when the cache is off or too small to
// keep it; only larger bodies (exports) are streamed.
const minHeldBack = maxPooledBuffer

func newCapture(orig http.ResponseWriter, rep representation, enc string, head bool, limit int64) *capture {
	return &capture{orig: orig, rep: rep, gzip: enc == "gzip", head: head, limit: max(limit, minHeldBack), buf: getBuffer()}
}

// Header returns the header map of the response.
func (w *capture) Header() http.Header { return w.orig.Header() }

// WriteHeader records the status; it is sent when the response is.
func (w *capture) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// Write holds p back, or streams it once streaming.
func (w *capture) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.streaming {
		return w.stream(p)
	}
	if int64(w.buf.Len()+len(p)) > w.limit {
		w.startStreaming()
		return w.stream(p)
	}
	return w.buf.Write(p)
}

// Flush starts streaming and sends what is written so far.
func (w *capture) Flush() {
	if !w.streaming {
		w.startStreaming()
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.orig).Flush()
}

// Unwrap returns the writer underneath, for http.ResponseController.
func (w *capture) Unwrap() http.ResponseWriter { return w.orig }

// startStreaming sends the status line and headers, with validators for a 200, and what is
// held back.
func (w *capture) startStreaming() {
	w.streaming = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	hdr := w.orig.Header()
	hdr.Del(echo.HeaderContentLength)
	if w.status == http.StatusOK {
		setValidators(hdr, w.rep)
		if w.gzip {
			hdr.Set(echo.HeaderContentEncoding, "gzip")
			if !w.head {
				w.gz = gzipWriters.Get().(*gzip.Writer)
				w.gz.Reset(w.orig)
			}
		}
	}
	w.orig.WriteHeader(w.status)
	if w.buf.Len() > 0 {
		_, _ = w.stream(w.buf.Bytes())
		w.buf.Reset()
	}
}

func (w *capture) stream(p []byte) (int, error) {
	switch {
	case w.head:
		return len(p), nil
	case w.gz != nil:
		return w.gz.Write(p)
	}
	return w.orig.Write(p)
}

// close ends a streamed response.
func (w *capture) close() error {
	if w.gz == nil {
		return nil
	}
	err := w.gz.Close()
	w.gz.Reset(io.Discard)
	gzipWriters.Put(w.gz)
	w.gz = nil
	return err
}

// bodyBuffers are reused buffers of response bodies, so that a body that is written and
// not kept costs no allocation.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer put back in bodyBuffers.
const maxPooledBuffer = 1 << 20

// getBuffer returns an empty buffer from bodyBuffers.
func getBuffer() *bytes.Buffer { return bodyBuffers.Get().(*bytes.Buffer) }

// putBuffer puts b back in bodyBuffers, unless it is too large to keep around. Nothing may
// use b or the bytes it held afterwards.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		bodyBuffers.Put(b)
	}
}

// gzipWriters are reused: a gzip.Writer holds several hundred kilobytes of state.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// gzipBytes returns b gzipped.
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b)/4 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	_, _ = zw.Write(b) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	zw.Reset(io.Discard)
	gzipWriters.Put(zw)
	return out.Bytes()
}
