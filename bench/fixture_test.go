package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/synth"
)

// TestMain removes the synthetic databases made during the run. Nothing is made up front:
// a database is generated the first time a benchmark (or the smoke test) asks for its size.
func TestMain(m *testing.M) {
	code := m.Run()
	fixtures.mu.Lock()
	for _, f := range fixtures.bySize {
		f.store.Close()
	}
	if fixtures.dir != "" {
		os.RemoveAll(fixtures.dir)
	}
	fixtures.mu.Unlock()
	os.Exit(code)
}

// fixture is a synthetic database of one size, opened, with the API's router on top of it and
// the keys the benchmarks page to.
type fixture struct {
	cities   int
	store    *store.Store
	router   *echo.Echo // as shipped
	uncached *echo.Echo // without the representation cache (records from the record cache)
	cold     *echo.Echo // without either cache
	midSlug  string     // the city halfway through the list, in slug order
	deepURL  string     // the list page that starts halfway through, reached through links.next
}

var fixtures struct {
	mu     sync.Mutex
	dir    string
	bySize map[int]*fixture
}

// seed of every benchmark database: runs compare like with like.
const seed = 1

// fixtureOf returns the fixture of a database with n synthetic cities, generating it the
// first time in a temporary directory shared by the whole test binary. Call it before
// b.Loop: generation is not part of any measurement.
func fixtureOf(tb testing.TB, n int) *fixture {
	tb.Helper()
	fixtures.mu.Lock()
	defer fixtures.mu.Unlock()
	if f, ok := fixtures.bySize[n]; ok {
		return f
	}
	if fixtures.dir == "" {
		dir, err := os.MkdirTemp("", "opencity-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		fixtures.dir, fixtures.bySize = dir, map[int]*fixture{}
	}
	f, err := newFixture(filepath.Join(fixtures.dir, "synth-"+strconv.Itoa(n)+".db"), n)
	if err != nil {
		tb.Fatalf("synthetic database of %d cities: %v", n, err)
	}
	fixtures.bySize[n] = f
	return f
}

func newFixture(path string, n int) (*fixture, error) {
	ctx := context.Background()
	if _, err := synth.Create(ctx, path, synth.Options{Cities: n, Seed: seed}); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	key, err := st.CursorKey(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	f := &fixture{cities: n, store: st}
	opts := api.Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), CursorKey: key}
	f.router = api.New(st, opts)
	opts.CacheBytes = -1 // no representation cache
	f.uncached = api.New(st, opts)
	opts.RecordCacheBytes = -1 // no record cache either
	f.cold = api.New(st, opts)
	var total int64
	if err := st.DB().Table("cities").Count(&total).Error; err != nil {
		return nil, err
	}
	if err := st.DB().Raw("SELECT slug FROM cities ORDER BY slug LIMIT 1 OFFSET ?", total/2).Scan(&f.midSlug).Error; err != nil {
		return nil, err
	}
	if f.deepURL, err = f.pageAt(int(total / 2)); err != nil {
		st.Close()
		return nil, err
	}
	return f, nil
}

// pageAt follows links.next from the first page of /v1/cities until the page that starts at
// position pos (rounded down to a page), as a client would.
func (f *fixture) pageAt(pos int) (string, error) {
	url := "/v1/cities"
	for range pos / 50 {
		w := httptest.NewRecorder()
		f.router.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
		if w.Code != http.StatusOK {
			return "", fmt.Errorf("GET %s: %d %s", url, w.Code, w.Body)
		}
		var page struct {
			Links struct{ Next *string } `json:"links"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
			return "", fmt.Errorf("GET %s: %w", url, err)
		}
		if page.Links.Next == nil {
			return "", fmt.Errorf("GET %s: no next page before position %d", url, pos)
		}
		url = *page.Links.Next
	}
	return url, nil
}

// sink is a ResponseWriter that keeps the status and counts the body: the cheapest client.
type sink struct {
	header http.Header
	code   int
	n      int
}

func newSink() *sink { return &sink{header: http.Header{}} }

func (s *sink) reset()                      { clear(s.header); s.code, s.n = 0, 0 }
func (s *sink) Header() http.Header         { return s.header }
func (s *sink) WriteHeader(code int)        { s.code = code }
func (s *sink) Write(b []byte) (int, error) { s.n += len(b); return len(b), nil }
func (s *sink) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}
