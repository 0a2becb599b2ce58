package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// raw sends req to routes the spec does not describe (the spec and its reference page); it
// checks only the Request-Id header.
func (srv *server) raw(t *testing.T, method, target string, header http.Header) *response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	srv.e.ServeHTTP(rec, req)
	r := &response{Status: rec.Code, Header: rec.Result().Header, Body: rec.Body.Bytes()}
	if r.Header.Get("Request-Id") == "" {
		t.Errorf("%s %s: no Request-Id header", method, target)
	}
	return r
}

func TestServedSpecIsTheCommittedOne(t *testing.T) {
	srv := newServer(t, storetest.Open(t, storetest.SQLite))
	committed, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	y := srv.raw(t, http.MethodGet, "/openapi.yaml", nil)
	if y.Status != http.StatusOK || string(y.Body) != string(committed) {
		t.Errorf("GET /openapi.yaml: %d, %d bytes; want 200 and the %d bytes of %s (run go generate ./...)",
			y.Status, len(y.Body), len(committed), specFile)
	}
	j := srv.raw(t, http.MethodGet, "/openapi.json", nil)
	if j.Status != http.StatusOK || j.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %d %q", j.Status, j.Header.Get("Content-Type"))
	}
	fromJSON, err := openapi3.NewLoader().LoadFromData(j.Body)
	if err != nil {
		t.Fatalf("/openapi.json: %v", err)
	}
	doc, _ := openAPI(t)
	if got, want := fromJSON.Paths.InMatchingOrder(), doc.Paths.InMatchingOrder(); !slices.Equal(got, want) {
		t.Errorf("/openapi.json paths %v, openapi.yaml paths %v", got, want)
	}
	etag := y.Header.Get("ETag")
	if r := srv.raw(t, http.MethodGet, "/openapi.yaml", http.Header{"If-None-Match": {etag}}); etag == "" || r.Status != http.StatusNotModified {
		t.Errorf("GET /openapi.yaml with If-None-Match %q: %d, want 304", etag, r.Status)
	}
}

func TestReferencePage(t *testing.T) {
	srv := newServer(t, storetest.Open(t, storetest.SQLite))
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/docs", 200}, {"/docs/opencity.js", 200}, {"/docs/swagger-ui-bundle.js", 200}, {"/docs/swagger-ui.css", 200},
		{"/docs/", 301}, {"/docs/index.html", 404}, {"/docs/../go.mod", 404}, {"/docs/%2e%2e/go.mod", 404},
	} {
		r := srv.raw(t, http.MethodGet, tc.target, nil)
		if r.Status != tc.status {
			t.Errorf("GET %s: %d, want %d", tc.target, r.Status, tc.status)
		}
		if tc.status == http.StatusNotFound {
			checkProblem(t, httptest.NewRequest(http.MethodGet, tc.target, nil), r, http.StatusNotFound)
		}
	}
}

func TestHealth(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, target := range []string{"/healthz", "/readyz"} {
			r := srv.get(t, target)
			mustOK(t, target, r)
		}
	})
	t.Run("not migrated", func(t *testing.T) {
		for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
			t.Run(backend, func(t *testing.T) {
				s, err := store.Open(context.Background(), storetest.DSN(t, backend), store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				srv := newServerWithKey(t, s, make([]byte, 32))
				req := httptest.NewRequest(http.MethodGet, "/readyz", nil)
				checkProblem(t, req, srv.send(t, req), http.StatusServiceUnavailable)
				mustOK(t, "/healthz", srv.get(t, "/healthz"))
			})
		}
	})
}
