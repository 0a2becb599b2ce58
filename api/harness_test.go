package api_test

import (
	"bytes"
	"compress/gzip"
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
	"time"

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
		openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
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
	return newServerWithKey(t, s, cursorKey(t, s))
}

// cursorKey returns the key s signs paging cursors with.
func cursorKey(t testing.TB, s *store.Store) []byte {
	t.Helper()
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// newServerWithKey is newServer with a given cursor key, for a store that cannot make one.
func newServerWithKey(t *testing.T, s api.Store, key []byte) *server {
	t.Helper()
	return newServerWithOptions(t, s, api.Options{CursorKey: key})
}

// newServerWithOptions is the real router on s with opts; a test logger is filled in. Unless
// opts name a Versions or a VersionTTL, the data version is read once, now, and trusted for an
// hour: a test sees it change only when it asks to, and reading it never adds a query to
// those a test counts.
func newServerWithOptions(t *testing.T, s api.Store, opts api.Options) *server {
	t.Helper()
	openAPI(t)
	opts.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	if opts.Versions == nil && opts.VersionTTL == 0 {
		opts.Versions = api.NewVersions(s, time.Hour)
		_, _ = opts.Versions.Get(context.Background()) // an unmigrated store has none: read it later
	}
	return &server{e: api.New(s, opts)}
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
		clone := req.Clone(context.Background())
		if req.Body != nil && req.Body != http.NoBody {
			// The validator reads the body: give it a copy of its own.
			body, err := io.ReadAll(req.Body)
			if err != nil {
				t.Fatalf("read request body: %v", err)
			}
			req.Body, clone.Body = io.NopCloser(bytes.NewReader(body)), io.NopCloser(bytes.NewReader(body))
		}
		in = &openapi3filter.RequestValidationInput{
			Request: clone, PathParams: params, Route: route,
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
	body := r.plain(t)
	if routeErr != nil {
		if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: the spec has no such operation (%v), but the server answered %d", req.Method, req.URL, routeErr, r.Status)
		}
		checkProblem(t, req, r, r.Status)
		return r
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: r.Status, Header: r.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: %d response does not match the spec: %v\nbody: %.500s", req.Method, req.URL, r.Status, err, body)
	}
	checkBodiless(t, req, route.Operation, r)
	checkNDJSON(t, req, route.Operation, r, body)
	if r.Status >= 400 {
		checkProblem(t, req, r, r.Status)
	}
	return r
}

// plain returns the body with its content coding (gzip) undone.
func (r *response) plain(t testing.TB) []byte {
	t.Helper()
	if r.Header.Get("Content-Encoding") != "gzip" || len(r.Body) == 0 {
		return r.Body
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	return b
}

// checkBodiless checks what kin-openapi skips for responses without a body (HEAD, 304): the
// operation declares the status, and no body is sent.
func checkBodiless(t testing.TB, req *http.Request, op *openapi3.Operation, r *response) {
	t.Helper()
	if req.Method != http.MethodHead && r.Status != http.StatusNotModified {
		return
	}
	if op.Responses.Status(r.Status) == nil {
		t.Errorf("%s %s: status %d is not declared in the spec", req.Method, req.URL, r.Status)
	}
	if len(r.Body) != 0 {
		t.Errorf("%s %s: %d response with a body of %d bytes", req.Method, req.URL, r.Status, len(r.Body))
	}
}

// checkNDJSON checks each line of an NDJSON list page against the schema of the items of the
// JSON representation (the spec can only call the whole body a string).
func checkNDJSON(t testing.TB, req *http.Request, op *openapi3.Operation, r *response, body []byte) {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-ndjson" || r.Status != http.StatusOK {
		return
	}
	items := listItemSchema(op)
	if items == nil {
		return // an export: the spec names no item schema
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(body, []byte("\n")), []byte("\n")) {
		if len(line) == 0 && len(body) == 0 {
			break
		}
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Errorf("%s %s: NDJSON line %d %.100q: %v", req.Method, req.URL, i+1, line, err)
			continue
		}
		if err := items.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
			t.Errorf("%s %s: NDJSON line %d does not match the item schema: %v", req.Method, req.URL, i+1, err)
		}
	}
}

// listItemSchema returns the schema of data[] of the operation's JSON 200, if it is a list.
func listItemSchema(op *openapi3.Operation) *openapi3.Schema {
	ok := op.Responses.Status(http.StatusOK)
	if ok == nil || ok.Value.Content["application/json"] == nil {
		return nil
	}
	data := ok.Value.Content["application/json"].Schema.Value.Properties["data"]
	if data == nil || data.Value.Items == nil {
		return nil
	}
	return data.Value.Items.Value
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
	if req.Method == http.MethodHead {
		return p // the headers of the problem, without it
	}
	for _, h := range []string{"ETag", "Last-Modified", "Cache-Control"} {
		if v := r.Header.Get(h); v != "" && v != "no-store" {
			t.Errorf("%s: a %d problem with %s %q: errors are never cached", where, r.Status, h, v)
		}
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
