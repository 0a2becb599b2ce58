package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// specFile is the committed OpenAPI document every request and response is checked against.
var specFile = filepath.Join("..", "openapi.yaml")

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// openAPI loads and validates openapi.yaml once per test binary.
func openAPI(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	spec.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(specFile)
		if err != nil {
			spec.err = fmt.Errorf("load %s (run `go generate ./...` at the repo root): %w", specFile, err)
			return
		}
		closeSchemas(doc)
		r, err := legacy.NewRouter(doc)
		if err != nil {
			spec.err = fmt.Errorf("%s is not a valid OpenAPI document: %w", specFile, err)
			return
		}
		spec.doc, spec.router = doc, r
	})
	if spec.err != nil {
		t.Fatal(spec.err)
	}
	return spec.doc, spec.router
}

// closeSchemas forbids, in every object schema of doc, properties the schema does not declare:
// a served field the spec does not document is drift, which the spec's defaults would let pass.
func closeSchemas(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var visit func(ref *openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			closed := false
			s.AdditionalProperties.Has = &closed
		}
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		for _, list := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range list {
				visit(sub)
			}
		}
	}
	for _, s := range doc.Components.Schemas {
		visit(s)
	}
}

// server is the real router on a seeded store.
type server struct {
	e *echo.Echo
}

func newServer(t *testing.T, s *store.Store) *server {
	t.Helper()
	openAPI(t)
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return newServerWithKey(t, s, key)
}

// newServerWithKey is newServer with a given cursor key, for a store that cannot make one.
func newServerWithKey(t *testing.T, s api.Store, key []byte) *server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	return &server{e: api.New(s, api.Options{Logger: log, CursorKey: key})}
}

// backends runs fn against the real router on a seeded SQLite and PostgreSQL store.
func backends(t *testing.T, fn func(t *testing.T, srv *server)) {
	t.Helper()
	storetest.Backends(t, func(t *testing.T, s *store.Store) { fn(t, newServer(t, s)) })
}

// response is a recorded response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode decodes the JSON body into v.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(r.Body))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		t.Fatalf("decode body %.200q: %v", r.Body, err)
	}
}

// get sends GET target with Accept: application/json; the request must match the spec.
func (srv *server) get(t testing.TB, target string) *response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Accept", "application/json")
	return srv.serve(t, req, true)
}

// send sends req, which may be invalid on purpose; the response must still match the spec.
func (srv *server) send(t testing.TB, req *http.Request) *response {
	t.Helper()
	return srv.serve(t, req, false)
}

// serve sends req through the router and checks what every response must satisfy: a
// Request-Id header; a response the spec declares for the operation, with a body and headers
// that match it; and, for a request the spec has no operation for, a 404 or 405 problem.
func (srv *server) serve(t testing.TB, req *http.Request, validRequest bool) *response {
	t.Helper()
	_, router := openAPI(t)
	route, params, routeErr := router.FindRoute(req)
	var in *openapi3filter.RequestValidationInput
	if routeErr == nil {
		in = &openapi3filter.RequestValidationInput{
			Request: req.Clone(context.Background()), PathParams: params, Route: route,
			Options: &openapi3filter.Options{SkipSettingDefaults: true, MultiError: true,
				AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && validRequest {
			t.Errorf("%s %s: request does not match the spec: %v", req.Method, req.URL, err)
		}
	}
	rec := httptest.NewRecorder()
	srv.e.ServeHTTP(rec, req)
	r := &response{Status: rec.Code, Header: rec.Result().Header, Body: rec.Body.Bytes()}
	if r.Header.Get("Request-Id") == "" {
		t.Errorf("%s %s: %d response without a Request-Id header", req.Method, req.URL, r.Status)
	}
	if routeErr != nil {
		if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: the spec has no such operation (%v), but the server answered %d", req.Method, req.URL, routeErr, r.Status)
		}
		checkProblem(t, req, r, r.Status)
		return r
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: r.Status, Header: r.Header,
		Body:    io.NopCloser(bytes.NewReader(r.Body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: %d response does not match the spec: %v\nbody: %.500s", req.Method, req.URL, r.Status, err, r.Body)
	}
	if r.Status >= 400 {
		checkProblem(t, req, r, r.Status)
	}
	return r
}

// problem is an application/problem+json body.
type problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail"`
	Instance string       `json:"instance"`
	Errors   []fieldError `json:"errors"`
}

// fieldError names a parameter or body field at fault.
type fieldError struct {
	Parameter string `json:"parameter"`
	Pointer   string `json:"pointer"`
	Reason    string `json:"reason"`
}

// checkProblem checks that r is a complete problem document with status, whose instance is
// the request id, and returns it.
func checkProblem(t testing.TB, req *http.Request, r *response, status int) problem {
	t.Helper()
	var p problem
	where := fmt.Sprintf("%s %s", req.Method, req.URL)
	if r.Status != status {
		t.Errorf("%s: status %d, want %d; body %.300s", where, r.Status, status, r.Body)
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", where, r.Header.Get("Content-Type"))
		return p
	}
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Errorf("%s: problem body %.300q: %v", where, r.Body, err)
		return p
	}
	if p.Status != r.Status || p.Type == "" || p.Title == "" || p.Detail == "" {
		t.Errorf("%s: incomplete problem %+v for status %d", where, p, r.Status)
	}
	if id := r.Header.Get("Request-Id"); p.Instance != id {
		t.Errorf("%s: problem instance %q, want the Request-Id %q", where, p.Instance, id)
	}
	return p
}

// mustOK fails unless r is a 200.
func mustOK(t testing.TB, target string, r *response) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200; body %.300s", target, r.Status, r.Body)
	}
}
