package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// do sends method target with the header pairs (name, value, ...) through the router; the
// request must match the spec.
func (srv *server) do(t testing.TB, method, target string, header ...string) *response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return srv.serve(t, req, true)
}

// cachingServer is the real router on a seeded store whose data version is trusted for an
// hour, so that only Versions.Invalidate makes it read the version again.
type cachingServer struct {
	*server
	store    *store.Store
	versions *api.Versions
	queries  func() int64 // database queries run so far
}

func newCachingServer(t *testing.T, s *store.Store) *cachingServer {
	t.Helper()
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	versions := api.NewVersions(s, time.Hour)
	srv := newServerWithOptions(t, s, api.Options{CursorKey: key, Versions: versions})
	return &cachingServer{server: srv, store: s, versions: versions, queries: countQueries(t, s).Load}
}

// bump records a change of data, as a write does: it bumps the version in a transaction and
// tells the API.
func (cs *cachingServer) bump(t *testing.T) {
	t.Helper()
	if err := cs.store.DB().Transaction(func(tx *gorm.DB) error { return store.BumpDataVersion(tx) }); err != nil {
		t.Fatal(err)
	}
	cs.versions.Invalidate()
}

// cachedTargets are GET targets of every kind: lists in each format, records, a profile, an export.
var cachedTargets = []string{
	"/v1/cities", "/v1/cities?limit=2", "/v1/cities?format=csv", "/v1/concepts?format=ndjson",
	"/v1/cities/leipzig", "/v1/cities/leipzig/profile", "/v1/sources/oecd-profile-leipzig",
	"/v1/exports/cities.csv", "/v1/exports/answers.ndjson",
}

func TestConditionalGet(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, target := range cachedTargets {
			t.Run(target, func(t *testing.T) {
				r := srv.get(t, target)
				mustOK(t, target, r)
				tag, lm := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
				modified, err := http.ParseTime(lm)
				switch {
				case !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 10:
					t.Errorf("ETag %q: want a strong ETag", tag)
				case err != nil || modified.IsZero():
					t.Errorf("Last-Modified %q: %v", lm, err)
				case r.Header.Get("Cache-Control") != "public, max-age=60":
					t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
				case r.Header.Get("Vary") != "Accept, Accept-Encoding, Origin":
					t.Errorf("Vary %q", r.Header.Get("Vary"))
				}
				earlier := modified.Add(-time.Hour).Format(http.TimeFormat)
				for _, tc := range []struct {
					name   string
					header []string
					status int
				}{
					{"If-None-Match names it", []string{"If-None-Match", tag}, 304},
					{"If-None-Match lists it, weak", []string{"If-None-Match", `"other", W/` + tag}, 304},
					{"If-None-Match names another", []string{"If-None-Match", `"0-other"`}, 200},
					{"If-None-Match *", []string{"If-None-Match", "*"}, 200},
					{"If-Modified-Since Last-Modified", []string{"If-Modified-Since", lm}, 304},
					{"If-Modified-Since earlier", []string{"If-Modified-Since", earlier}, 200},
					{"If-Modified-Since malformed", []string{"If-Modified-Since", "yesterday"}, 200},
					{"If-None-Match wins over If-Modified-Since", []string{"If-None-Match", `"0-other"`, "If-Modified-Since", lm}, 200},
				} {
					again := srv.do(t, http.MethodGet, target, append([]string{"Accept", "application/json"}, tc.header...)...)
					if again.Status != tc.status {
						t.Errorf("%s: status %d, want %d", tc.name, again.Status, tc.status)
						continue
					}
					if again.Header.Get("ETag") != tag || again.Header.Get("Cache-Control") == "" {
						t.Errorf("%s: ETag %q (want %q), Cache-Control %q", tc.name, again.Header.Get("ETag"), tag, again.Header.Get("Cache-Control"))
					}
					if tc.status == 200 && !bytes.Equal(again.Body, r.Body) {
						t.Errorf("%s: a different body for the same ETag", tc.name)
					}
				}
			})
		}
	})
}

func TestIfModifiedSinceOnACacheMiss(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		v, err := s.DataVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		since := v.Modified.Format(http.TimeFormat)
		for _, target := range cachedTargets {
			srv := newServer(t, s) // a cold cache: the handler runs, then the condition is weighed
			r := srv.do(t, http.MethodGet, target, "Accept", "application/json", "If-Modified-Since", since)
			if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") == "" {
				t.Errorf("GET %s If-Modified-Since the last change, cold cache: %d, %d bytes, ETag %q; want 304",
					target, r.Status, len(r.Body), r.Header.Get("ETag"))
			}
		}
		srv := newServer(t, s)
		req := httptest.NewRequest(http.MethodGet, "/v1/cities?limit=0", nil)
		req.Header.Set("If-Modified-Since", since)
		checkProblem(t, req, srv.send(t, req), http.StatusBadRequest) // a bad request is not "not modified"
	})
}

func TestRevalidationAndCacheHitsRunNoQuery(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		cs := newCachingServer(t, s)
		for _, target := range cachedTargets {
			first := cs.get(t, target)
			mustOK(t, target, first)
			before := cs.queries()
			tag := first.Header.Get("ETag")
			if r := cs.do(t, http.MethodGet, target, "Accept", "application/json", "If-None-Match", tag); r.Status != http.StatusNotModified || len(r.Body) != 0 {
				t.Errorf("GET %s with If-None-Match: %d with %d bytes, want 304 without a body", target, r.Status, len(r.Body))
			}
			if n := cs.queries() - before; n != 0 {
				t.Errorf("GET %s with If-None-Match: %d queries, want none", target, n)
			}
			if strings.HasPrefix(target, "/v1/exports/") {
				continue // exports stream: they are not kept
			}
			before = cs.queries()
			again := cs.get(t, target)
			head := cs.do(t, http.MethodHead, target, "Accept", "application/json")
			if n := cs.queries() - before; n != 0 {
				t.Errorf("GET and HEAD %s again: %d queries, want none (cache hits)", target, n)
			}
			if !bytes.Equal(again.Body, first.Body) || again.Header.Get("ETag") != tag || head.Header.Get("ETag") != tag {
				t.Errorf("GET %s from the cache: a different response", target)
			}
		}
	})
}

func TestNewDataVersionIsNeverServedFromTheCache(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		cs := newCachingServer(t, s)
		const target = "/v1/cities/leipzig"
		first := cs.get(t, target)
		mustOK(t, target, first)
		old := first.Header.Get("ETag")
		oldGzip := cs.do(t, http.MethodGet, target, "Accept", "application/json", "Accept-Encoding", "gzip").Header.Get("ETag")

		// A change of data, then the bump its transaction makes.
		if err := s.DB().Exec("UPDATE cities SET name = 'Leipzig, renamed' WHERE slug = 'leipzig'").Error; err != nil {
			t.Fatal(err)
		}
		cs.bump(t)
		before := cs.queries()
		for _, enc := range []string{"identity", "gzip"} {
			r := cs.do(t, http.MethodGet, target, "Accept", "application/json", "Accept-Encoding", enc)
			mustOK(t, target, r)
			if tag := r.Header.Get("ETag"); tag == old || tag == oldGzip {
				t.Errorf("%s: the ETag %s of the old version is still served", enc, tag)
			}
			if !bytes.Contains(r.plain(t), []byte("Leipzig, renamed")) {
				t.Errorf("%s: the cached body of the old version is still served: %.200s", enc, r.plain(t))
			}
			if r := cs.do(t, http.MethodGet, target, "Accept", "application/json", "Accept-Encoding", enc, "If-None-Match", old+", "+oldGzip); r.Status != http.StatusOK {
				t.Errorf("%s: If-None-Match of the old version: %d, want 200", enc, r.Status)
			}
		}
		if cs.queries() == before {
			t.Error("the new version was answered without reading the database")
		}
	})
}

func TestVersionIsReadAgainAfterItsTTL(t *testing.T) {
	s := storetest.Open(t, storetest.SQLite)
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	srv := newServerWithOptions(t, s, api.Options{CursorKey: key, VersionTTL: 20 * time.Millisecond})
	old := srv.get(t, "/v1/sources").Header.Get("ETag")
	// Another process changes the data: this one is not told.
	if err := s.DB().Transaction(func(tx *gorm.DB) error { return store.BumpDataVersion(tx) }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if tag := srv.get(t, "/v1/sources").Header.Get("ETag"); tag == old {
		t.Errorf("ETag %s unchanged after the version changed and its TTL passed", tag)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, target := range []string{"/v1/cities/atlantis", "/v1/cities?limit=0", "/v1/exports/atlantis.csv"} {
			for range 2 {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				r := srv.send(t, req)
				if r.Status < 400 {
					t.Errorf("GET %s: %d, want an error", target, r.Status) // checkProblem checks the rest
				}
			}
		}
	})
}

func TestGzip(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		cs := newCachingServer(t, s)
		for _, target := range []string{"/v1/cities", "/v1/cities?format=csv", "/v1/exports/answers.csv"} {
			plain := cs.get(t, target)
			mustOK(t, target, plain)
			before := cs.queries()
			zipped := cs.do(t, http.MethodGet, target, "Accept", "application/json", "Accept-Encoding", "br;q=1, gzip;q=0.8")
			mustOK(t, target, zipped)
			switch {
			case len(plain.Body) < 1024:
				t.Fatalf("%s: %d bytes, too small to test gzip", target, len(plain.Body))
			case zipped.Header.Get("Content-Encoding") != "gzip" || !bytes.HasPrefix(zipped.Body, []byte{0x1f, 0x8b}):
				t.Errorf("%s: Content-Encoding %q, want a gzipped body", target, zipped.Header.Get("Content-Encoding"))
			case !bytes.Equal(zipped.plain(t), plain.Body):
				t.Errorf("%s: the gzipped body does not decompress to the plain one", target)
			case zipped.Header.Get("ETag") == plain.Header.Get("ETag"):
				t.Errorf("%s: gzipped and plain bodies share the ETag %s", target, zipped.Header.Get("ETag"))
			case len(zipped.Body) >= len(plain.Body):
				t.Errorf("%s: gzip made %d bytes of %d", target, len(zipped.Body), len(plain.Body))
			}
			if n := cs.queries() - before; n != 0 && !strings.HasPrefix(target, "/v1/exports/") {
				t.Errorf("%s: gzip of a cached response ran %d queries", target, n)
			}
		}
		// Small bodies, and clients that refuse gzip, get identity.
		for _, tc := range []struct{ target, enc string }{
			{"/v1/surveys/oecd-bloomberg-innovation-capacity", "gzip"},
			{"/v1/cities", "gzip;q=0, identity"},
			{"/v1/cities", "deflate"},
		} {
			r := cs.do(t, http.MethodGet, tc.target, "Accept", "application/json", "Accept-Encoding", tc.enc)
			mustOK(t, tc.target, r)
			if ce := r.Header.Get("Content-Encoding"); ce != "" {
				t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want none", tc.target, tc.enc, ce)
			}
		}
	})
}

func TestHead(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, target := range append(cachedTargets, "/healthz", "/readyz") {
			get := srv.get(t, target)
			head := srv.do(t, http.MethodHead, target, "Accept", "application/json")
			if head.Status != http.StatusOK || len(head.Body) != 0 {
				t.Errorf("HEAD %s: %d with %d bytes, want 200 without a body", target, head.Status, len(head.Body))
			}
			for _, h := range []string{"Content-Type", "ETag", "Last-Modified", "Cache-Control", "Link", "Content-Disposition"} {
				if head.Header.Get(h) != get.Header.Get(h) {
					t.Errorf("HEAD %s: %s %q, GET sends %q", target, h, head.Header.Get(h), get.Header.Get(h))
				}
			}
			if cl := head.Header.Get("Content-Length"); cl != "" && cl != get.Header.Get("Content-Length") {
				t.Errorf("HEAD %s: Content-Length %s, GET's is %s", target, cl, get.Header.Get("Content-Length"))
			}
		}
		req := httptest.NewRequest(http.MethodHead, "/v1/cities/atlantis", nil)
		if r := srv.send(t, req); r.Status != http.StatusNotFound || len(r.Body) != 0 {
			t.Errorf("HEAD of an unknown city: %d with %d bytes, want 404 without a body", r.Status, len(r.Body))
		}
	})
}

func TestOptionsAndCORS(t *testing.T) {
	srv := newServer(t, storetest.Open(t, storetest.SQLite))
	for _, target := range []string{"/v1/cities", "/v1/cities/leipzig", "/v1/exports/cities.csv"} {
		r := srv.raw(t, http.MethodOptions, target, nil)
		allow := r.Header.Get("Allow")
		if r.Status != http.StatusNoContent || !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
			t.Errorf("OPTIONS %s: %d, Allow %q; want 204 allowing GET and HEAD", target, r.Status, allow)
		}
		pre := srv.raw(t, http.MethodOptions, target, http.Header{
			"Origin": {"https://portal.example"}, "Access-Control-Request-Method": {"GET"},
		})
		if pre.Status != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "HEAD") {
			t.Errorf("preflight %s: %d %v", target, pre.Status, pre.Header)
		}
	}
	r := srv.raw(t, http.MethodGet, "/v1/cities", http.Header{"Origin": {"https://portal.example"}})
	exposed := r.Header.Get("Access-Control-Expose-Headers")
	for _, h := range []string{"ETag", "Link", "Request-Id", "Last-Modified"} {
		if !strings.Contains(exposed, h) {
			t.Errorf("Access-Control-Expose-Headers %q lacks %s", exposed, h)
		}
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("CORS: Allow-Origin %q, Allow-Credentials %q; want *, none",
			r.Header.Get("Access-Control-Allow-Origin"), r.Header.Get("Access-Control-Allow-Credentials"))
	}
}
