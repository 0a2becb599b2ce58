package bench_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/internal/opencity"
)

// sizes are the databases the Go benchmarks run on, in synthetic cities. The load script
// (load.sh) adds 100,000.
var sizes = []int{1_000, 10_000}

// storeCase is a store query measured on its own.
type storeCase struct {
	name string
	run  func(ctx context.Context, f *fixture) error
}

var storeCases = []storeCase{
	{"ListCities/first", func(ctx context.Context, f *fixture) error {
		_, _, err := f.store.ListCities(ctx, opencity.ListQuery{Page: opencity.Page{Limit: 50}})
		return err
	}},
	{"ListCities/deep", func(ctx context.Context, f *fixture) error {
		_, _, err := f.store.ListCities(ctx, opencity.ListQuery{Page: opencity.Page{Limit: 50, After: []string{f.midSlug}}})
		return err
	}},
	{"GetCity", func(ctx context.Context, f *fixture) error {
		_, err := f.store.GetCity(ctx, f.midSlug)
		return err
	}},
	{"PageSlugs/cities/first", func(ctx context.Context, f *fixture) error {
		_, _, err := f.store.PageSlugs(ctx, "cities", opencity.ListQuery{Page: opencity.Page{Limit: 50}})
		return err
	}},
	{"PageSlugs/cities/filtered-sorted", func(ctx context.Context, f *fixture) error {
		_, _, err := f.store.PageSlugs(ctx, "cities", opencity.ListQuery{Page: opencity.Page{Limit: 50},
			Filters: []opencity.Filter{{Field: "country", Op: opencity.OpEq, Values: []string{"DE"}}},
			Sort:    []opencity.SortKey{{Field: "population", Desc: true}, {Field: "slug", Desc: true}}})
		return err
	}},
	{"ListSurveyResponses/first", func(ctx context.Context, f *fixture) error {
		_, _, err := f.store.ListSurveyResponses(ctx, opencity.ListQuery{Page: opencity.Page{Limit: 50}})
		return err
	}},
}

// BenchmarkStore measures the store's queries, with decoding into domain values, on 1k and
// 10k synthetic cities: go test -run '^$' -bench Store ./bench
func BenchmarkStore(b *testing.B) {
	for _, n := range sizes {
		for _, c := range storeCases {
			b.Run(sizeName(n)+"/"+c.name, func(b *testing.B) {
				f := fixtureOf(b, n)
				ctx := context.Background()
				if err := c.run(ctx, f); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() { // the timer starts here: setup is not measured
					if err := c.run(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// handlerCase is a request through the API's whole router: middleware, handler, store and
// encoding, without a network.
type handlerCase struct {
	name string
	via  via                                           // which router
	req  func(f *fixture) (*http.Request, int, string) // the request, its expected status, or why to skip
}

// via names a router of the fixture.
type via int

const (
	uncached via = iota // without the representation cache; records from the record cache
	shipped             // as shipped: both caches
	cold                // neither cache: every record read from the database and encoded
)

func get(url string) *http.Request { return httptest.NewRequest(http.MethodGet, url, nil) }

// uncachedCases are read both from the record cache and cold.
var uncachedCases = []handlerCase{
	{"cities/first", uncached, func(*fixture) (*http.Request, int, string) { return get("/v1/cities"), 200, "" }},
	{"cities/deep", uncached, func(f *fixture) (*http.Request, int, string) { return get(f.deepURL), 200, "" }},
	{"cities/one", uncached, func(f *fixture) (*http.Request, int, string) {
		return get("/v1/cities/" + f.midSlug), 200, ""
	}},
	{"cities/filtered-sorted", uncached, func(f *fixture) (*http.Request, int, string) {
		return get("/v1/cities?country=DE&sort=-population"), 200, ""
	}},
	{"survey-responses/first", uncached, func(*fixture) (*http.Request, int, string) {
		return get("/v1/survey-responses"), 200, ""
	}},
}

var handlerCases = append(append(uncachedCases, coldCases()...), []handlerCase{
	// As shipped: an If-None-Match that does not match, answered from the representation
	// cache once it exists, and one that matches.
	{"cities/cached-etag-miss", shipped, func(*fixture) (*http.Request, int, string) {
		r := get("/v1/cities")
		r.Header.Set("If-None-Match", `"bench-miss"`)
		return r, 200, ""
	}},
	{"cities/revalidate-304", shipped, func(f *fixture) (*http.Request, int, string) {
		etag := serve(f.router, get("/v1/cities")).header.Get("ETag")
		if etag == "" {
			return nil, 0, "no ETag served yet"
		}
		r := get("/v1/cities")
		r.Header.Set("If-None-Match", etag)
		return r, http.StatusNotModified, ""
	}},
}...)

// coldCases are the uncached cases read cold.
func coldCases() []handlerCase {
	out := make([]handlerCase, len(uncachedCases))
	for i, c := range uncachedCases {
		out[i] = handlerCase{c.name + "-cold", cold, c.req}
	}
	return out
}

func (c handlerCase) router(f *fixture) http.Handler {
	switch c.via {
	case shipped:
		return f.router
	case cold:
		return f.cold
	}
	return f.uncached
}

func serve(h http.Handler, r *http.Request) *sink {
	w := newSink()
	h.ServeHTTP(w, r)
	return w
}

// BenchmarkHandler measures requests through the real router on 1k and 10k synthetic
// cities: go test -run '^$' -bench Handler ./bench
func BenchmarkHandler(b *testing.B) {
	for _, n := range sizes {
		for _, c := range handlerCases {
			b.Run(sizeName(n)+"/"+c.name, func(b *testing.B) {
				f := fixtureOf(b, n)
				r, want, skip := c.req(f)
				if skip != "" {
					b.Skip(skip)
				}
				benchmarkRequest(b, c.router(f), r, want)
			})
		}
	}
}

// BenchmarkCeiling is the baseline of BenchmarkHandler: a bare Echo handler writing
// pre-encoded bytes of the size of the first 50-city page.
func BenchmarkCeiling(b *testing.B) {
	for _, n := range sizes {
		b.Run(sizeName(n), func(b *testing.B) {
			f := fixtureOf(b, n)
			body := httptest.NewRecorder()
			f.router.ServeHTTP(body, get("/v1/cities"))
			e := ceilingRouter(body.Body.Bytes())
			benchmarkRequest(b, e, get("/bench/ceiling"), http.StatusOK)
		})
	}
}

// ceilingRouter is internal/tools/ceiling's handler.
func ceilingRouter(body []byte) *echo.Echo {
	e := echo.New()
	e.GET("/bench/ceiling", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	})
	return e
}

func benchmarkRequest(b *testing.B, h http.Handler, r *http.Request, want int) {
	w := serve(h, r)
	if w.status() != want {
		b.Fatalf("GET %s: status %d, want %d", r.URL, w.status(), want)
	}
	size := w.n
	b.ReportAllocs()
	for b.Loop() { // the timer starts here: setup is not measured
		w.reset()
		h.ServeHTTP(w, r)
		if w.status() != want {
			b.Fatalf("GET %s: status %d, want %d", r.URL, w.status(), want)
		}
	}
	b.ReportMetric(float64(size), "resp-bytes")
}

func sizeName(n int) string {
	if n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// TestBenchmarksWork runs every benchmark's operation once on a small synthetic database, so
// a change that breaks a benchmark fails the normal test run instead of the next measurement.
func TestBenchmarksWork(t *testing.T) {
	f := fixtureOf(t, 120)
	ctx := context.Background()
	for _, c := range storeCases {
		if err := c.run(ctx, f); err != nil {
			t.Errorf("store %s: %v", c.name, err)
		}
	}
	for _, c := range handlerCases {
		r, want, skip := c.req(f)
		if skip != "" {
			t.Logf("handler %s: skipped: %s", c.name, skip)
			continue
		}
		if w := serve(c.router(f), r); w.status() != want || (want == http.StatusOK && w.n == 0) {
			t.Errorf("handler %s: GET %s: status %d with %d bytes, want %d", c.name, r.URL, w.status(), w.n, want)
		}
	}
}
