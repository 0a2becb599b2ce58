package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// Benchmarks of the representation cache, revalidation and exports, in process (no network),
// on a SQLite database with 10,000 synthetic cities besides the default data:
//
//	go test ./api -run '^$' -bench . -benchmem -count 5
//
// BenchmarkCeiling is the same page's bytes written by a minimal Echo handler: the most any
// handler of that size can do on this machine; compare the others with it.

const benchCities = 10_000

// benchServer is the real router on a database with benchCities synthetic cities.
func benchServer(b *testing.B, opts api.Options) (*echo.Echo, *store.Store) {
	b.Helper()
	s := storetest.Open(b, storetest.SQLite)
	addSyntheticCities(b, s, benchCities)
	key, err := s.CursorKey(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	opts.CursorKey = key
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return api.New(s, opts), s
}

// serveBench sends GET target with the header pairs b.N times and checks the status.
func serveBench(b *testing.B, h http.Handler, target string, status int, header ...string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := &discardWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
		if w.code != status {
			b.Fatalf("GET %s: %d, want %d", target, w.code, status)
		}
	}
	b.ReportMetric(float64(w.n), "bytes/op")
}

// discardWriter is a ResponseWriter that counts the body and keeps nothing: what a benchmark
// measures is then the server's work, not a recorder's buffer.
type discardWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *discardWriter) reset() {
	w.header, w.code, w.n = http.Header{}, 0, 0
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

func (w *discardWriter) Flush() {}

const benchPage = "/v1/cities?limit=50"

func BenchmarkCeiling(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, benchPage, nil))
	body := rec.Body.Bytes()
	min := echo.New()
	min.GET("/v1/cities", func(c echo.Context) error { return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body) })
	serveBench(b, min, benchPage, http.StatusOK)
}

func BenchmarkListCached(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	serveBench(b, e, benchPage, http.StatusOK)
}

func BenchmarkListCachedGzip(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	serveBench(b, e, benchPage, http.StatusOK, "Accept-Encoding", "gzip")
}

func BenchmarkListUncached(b *testing.B) {
	e, _ := benchServer(b, api.Options{CacheBytes: -1})
	serveBench(b, e, benchPage, http.StatusOK)
}

func BenchmarkListUncachedCSV(b *testing.B) {
	e, _ := benchServer(b, api.Options{CacheBytes: -1})
	serveBench(b, e, benchPage+"&format=csv", http.StatusOK)
}

func BenchmarkNotModified(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, benchPage, nil))
	serveBench(b, e, benchPage, http.StatusNotModified, "If-None-Match", rec.Header().Get("ETag"))
}

func BenchmarkExportCitiesCSV(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	serveBench(b, e, "/v1/exports/cities.csv", http.StatusOK)
}

func BenchmarkExportCitiesNDJSONGzip(b *testing.B) {
	e, _ := benchServer(b, api.Options{})
	serveBench(b, e, "/v1/exports/cities.ndjson", http.StatusOK, "Accept-Encoding", "gzip")
}
