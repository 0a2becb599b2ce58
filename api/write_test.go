package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// writeServer is the real router on a seeded store, with keys to write.
type writeServer struct {
	*server
	store *store.Store
	keys  testKeys
}

func newWriteServer(t *testing.T, s *store.Store) *writeServer {
	t.Helper()
	return &writeServer{server: newServer(t, s), store: s, keys: createKeys(t, s)}
}

// newWrappedWriteServer is a write server whose router uses wrapper, a store that wraps s
// (to hold a write at a chosen point, say).
func newWrappedWriteServer(t *testing.T, s *store.Store, wrapper api.Store) *writeServer {
	t.Helper()
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &writeServer{server: newServerWithKey(t, wrapper, key), store: s, keys: createKeys(t, s)}
}

// writeBackends runs fn against a write server on SQLite and PostgreSQL.
func writeBackends(t *testing.T, fn func(t *testing.T, ws *writeServer)) {
	t.Helper()
	storetest.Backends(t, func(t *testing.T, s *store.Store) { fn(t, newWriteServer(t, s)) })
}

// writeReq is a write request: method, target, body and headers as name, value pairs. The
// write key is sent unless an Authorization header is named; Content-Type is
// application/json unless named.
func (ws *writeServer) writeReq(method, target, body string, header ...string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+ws.keys.write)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

// do sends a write that must match the spec (valid) or may not (a bad request on purpose).
func (ws *writeServer) do(t testing.TB, valid bool, method, target, body string, header ...string) *response {
	t.Helper()
	return ws.serve(t, ws.writeReq(method, target, body, header...), valid)
}

// etagOf returns the ETag a GET of target serves.
func (ws *writeServer) etagOf(t testing.TB, target string) string {
	t.Helper()
	r := ws.get(t, target)
	mustOK(t, target, r)
	return r.Header.Get("ETag")
}

const (
	newCity = `{"slug": "dresden", "name": "Dresden", "country": {"code": "DE", "name": "Germany"},
		"region": {"name": "Saxony"}, "mayor": {"name": "Dirk Hilbert", "source": "oecd-profile-leipzig"},
		"source": "oecd-profile-leipzig"}`
	newPopulation = `{"value": 563000, "year": 2023, "as_printed": "563,000", "source": "oecd-profile-leipzig"}`
)

func TestWriteStatuses(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		big := `{"name": "` + strings.Repeat("a", 1<<20) + `"}`
		tests := []struct {
			name                 string
			valid                bool // the request matches the spec
			method, target, body string
			header               []string
			status               int
			pointers             []string // JSON pointers the problem must name
		}{
			{"create", true, "POST", "/v1/cities", newCity, nil, 201, nil},
			{"create again: slug taken", true, "POST", "/v1/cities", newCity, nil, 409, nil},
			{"no key", false, "POST", "/v1/cities", newCity, []string{"Authorization", ""}, 401, nil},
			{"key without the write scope", false, "POST", "/v1/cities", newCity, []string{"Authorization", "Bearer " + ""}, 401, nil},
			{"malformed JSON", false, "POST", "/v1/cities", `{"slug": "x",`, nil, 400, nil},
			{"not JSON", false, "POST", "/v1/cities", `slug=x`, nil, 400, nil},
			{"duplicate key", false, "POST", "/v1/cities", `{"slug": "a", "slug": "b"}`, nil, 400, []string{"/slug"}},
			{"nested duplicate key", false, "POST", "/v1/cities", `{"country": {"code": "DE", "code": "FR"}}`, nil, 400, []string{"/country/code"}},
			{"unknown field", false, "POST", "/v1/cities", `{"slug": "a", "population": 5}`, nil, 400, []string{"/population"}},
			{"unknown nested field", false, "POST", "/v1/cities", `{"slug": "a", "country": {"code": "DE", "flag": "x"}}`, nil, 400,
				[]string{"/country/flag"}},
			{"trailing data", false, "POST", "/v1/cities", newCity + ` {}`, nil, 400, nil},
			{"wrong type", false, "POST", "/v1/cities", `{"slug": 5}`, nil, 400, []string{"/slug"}},
			{"not an object", false, "POST", "/v1/cities", `[]`, nil, 400, nil},
			{"empty body", false, "POST", "/v1/cities", ``, []string{"Content-Type", "application/json"}, 400, nil},
			{"wrong content type", false, "POST", "/v1/cities", newCity, []string{"Content-Type", "text/plain"}, 415, nil},
			{"too large", false, "POST", "/v1/cities", big, nil, 413, nil},
			{"invalid values: every field named", false, "POST", "/v1/cities",
				`{"name": " Dresden", "country": {"code": "Germany", "name": ""}, "mayor": {"name": "X"}, "source": "Not A Slug"}`, nil, 422,
				[]string{"/country/code", "/country/name", "/mayor/source", "/name", "/slug", "/source"}},
			{"unknown source", true, "POST", "/v1/cities",
				`{"slug": "x", "name": "X", "country": {"code": "DE", "name": "Germany"}, "mayor": {"name": "Y", "source": "nowhere"}, "source": "no-such-source"}`,
				nil, 422, []string{"/mayor/source", "/source"}},
			{"replace without If-Match", false, "PUT", "/v1/cities/dresden", newCity, nil, 428, nil},
			{"replace with a stale ETag", true, "PUT", "/v1/cities/dresden", newCity, []string{"If-Match", `"v7"`}, 412, nil},
			{"replace with a weak ETag", true, "PUT", "/v1/cities/dresden", newCity, []string{"If-Match", `W/"v1"`}, 412, nil},
			{"replace", true, "PUT", "/v1/cities/dresden", strings.Replace(newCity, "Dirk Hilbert", "D. Hilbert", 1), []string{"If-Match", `"v1"`}, 200, nil},
			{"replace changing the slug", true, "PUT", "/v1/cities/dresden", strings.Replace(newCity, `"dresden"`, `"dresden-2"`, 1), []string{"If-Match", "*"}, 422, []string{"/slug"}},
			{"replace an unknown city", true, "PUT", "/v1/cities/atlantis", strings.Replace(newCity, `"slug": "dresden", `, "", 1), []string{"If-Match", "*"}, 404, nil},
			{"patch as JSON", false, "PATCH", "/v1/cities/dresden", `{"name": "Dresden!"}`, []string{"If-Match", `"v2"`}, 415, nil},
			{"patch", true, "PATCH", "/v1/cities/dresden", `{"region": null, "country": {"name": "Deutschland"}}`,
				[]string{"If-Match", `"v2"`, "Content-Type", "application/merge-patch+json"}, 200, nil},
			{"patch to an invalid city", true, "PATCH", "/v1/cities/dresden", `{"name": null}`,
				[]string{"If-Match", `"v3"`, "Content-Type", "application/merge-patch+json"}, 422, []string{"/name"}},
			{"patch with an unknown field", true, "PATCH", "/v1/cities/dresden", `{"nme": "x"}`,
				[]string{"If-Match", `"v3"`, "Content-Type", "application/merge-patch+json"}, 400, []string{"/nme"}},
			{"patch stale", true, "PATCH", "/v1/cities/dresden", `{"name": "x"}`,
				[]string{"If-Match", `"v2"`, "Content-Type", "application/merge-patch+json"}, 412, nil},
			{"delete a city still named", true, "DELETE", "/v1/cities/leipzig", "", []string{"If-Match", "*"}, 409, nil},
			{"delete without If-Match", false, "DELETE", "/v1/cities/dresden", "", nil, 428, nil},
			{"delete", true, "DELETE", "/v1/cities/dresden", "", []string{"If-Match", `"v3"`}, 204, nil},
			{"delete again", true, "DELETE", "/v1/cities/dresden", "", []string{"If-Match", "*"}, 410, nil},
			{"replace a deleted city", true, "PUT", "/v1/cities/dresden", newCity, []string{"If-Match", "*"}, 410, nil},
			{"create over a tombstone", true, "POST", "/v1/cities", newCity, nil, 409, nil},
			{"add a population", true, "POST", "/v1/cities/leipzig/populations", newPopulation, nil, 201, nil},
			{"add it again", true, "POST", "/v1/cities/leipzig/populations", newPopulation, nil, 409, nil},
			{"add a population to a deleted city", true, "POST", "/v1/cities/dresden/populations", newPopulation, nil, 410, nil},
			{"add a population to an unknown city", true, "POST", "/v1/cities/atlantis/populations", newPopulation, nil, 404, nil},
			{"add a population without values", false, "POST", "/v1/cities/leipzig/populations", `{"source": "nowhere"}`, nil, 422,
				[]string{"/as_printed", "/value", "/year"}},
			{"delete a population", true, "DELETE", "/v1/populations/leipzig-2023-oecd-profile-leipzig", "", []string{"If-Match", `"v1"`}, 204, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				header := tt.header
				if tt.name == "key without the write scope" {
					header = []string{"Authorization", "Bearer " + ws.keys.admin}
					tt.status = 403
				}
				r := ws.do(t, tt.valid, tt.method, tt.target, tt.body, header...)
				if r.Status != tt.status {
					t.Fatalf("status %d, want %d; body %.500s", r.Status, tt.status, r.Body)
				}
				if tt.status >= 400 {
					p := checkProblem(t, ws.writeReq(tt.method, tt.target, ""), r, tt.status)
					var got []string
					for _, e := range p.Errors {
						got = append(got, e.Pointer)
						if e.Reason == "" {
							t.Errorf("field error %+v without a reason", e)
						}
					}
					for _, want := range tt.pointers {
						if !slices.Contains(got, want) {
							t.Errorf("errors %+v do not name %s", p.Errors, want)
						}
					}
					return
				}
				if tt.status != 204 && !strings.HasPrefix(r.Header.Get("ETag"), `"v`) {
					t.Errorf("ETag %q, want the record version", r.Header.Get("ETag"))
				}
			})
		}
		r := ws.get(t, "/v1/cities/dresden")
		checkProblem(t, httptest.NewRequest("GET", "/v1/cities/dresden", nil), r, 410)
		r = ws.get(t, "/v1/cities/dresden/profile")
		checkProblem(t, httptest.NewRequest("GET", "/v1/cities/dresden/profile", nil), r, 410)
		r = ws.get(t, "/v1/populations/leipzig-2023-oecd-profile-leipzig")
		checkProblem(t, httptest.NewRequest("GET", "/v1/populations/leipzig-2023-oecd-profile-leipzig", nil), r, 410)
		for _, slug := range listSlugs(t, ws.server, "/v1/cities") {
			if slug == "dresden" {
				t.Errorf("the deleted city is still listed")
			}
		}
	})
}

// TestWriteETagIsTheGetETag: the ETag a GET serves is what If-Match takes, and it changes with
// the record.
func TestWriteETagIsTheGetETag(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		tag := ws.etagOf(t, "/v1/cities/leipzig")
		if !strings.HasPrefix(tag, `"v1.`) {
			t.Fatalf("ETag %q, want the record version first", tag)
		}
		patch := []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		r := ws.do(t, true, "PATCH", "/v1/cities/leipzig", `{"name": "Leipzig (Sachsen)"}`, patch...)
		if r.Status != 200 {
			t.Fatalf("patch with the GET's ETag: %d %s", r.Status, r.Body)
		}
		if r = ws.do(t, true, "PATCH", "/v1/cities/leipzig", `{"name": "Leipzig"}`, patch...); r.Status != 412 {
			t.Fatalf("patch with the old ETag: %d, want 412", r.Status)
		}
		newTag := ws.etagOf(t, "/v1/cities/leipzig")
		if !strings.HasPrefix(newTag, `"v2.`) {
			t.Errorf("ETag after the write %q, want version 2", newTag)
		}
		r = ws.get(t, "/v1/cities/leipzig")
		var city struct{ Name string }
		r.decode(t, &city)
		if city.Name != "Leipzig (Sachsen)" {
			t.Errorf("name %q after the patch", city.Name)
		}
	})
}

// TestWriteIsNeverServedStale: a list read before a write is not served after it.
func TestWriteIsNeverServedStale(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		before := ws.get(t, "/v1/cities")
		mustOK(t, "/v1/cities", before)
		if r := ws.do(t, true, "POST", "/v1/cities", newCity); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		after := ws.get(t, "/v1/cities")
		mustOK(t, "/v1/cities", after)
		if after.Header.Get("ETag") == before.Header.Get("ETag") {
			t.Errorf("the list's ETag %s did not change with the write", after.Header.Get("ETag"))
		}
		if !strings.Contains(string(after.plain(t)), `"dresden"`) {
			t.Errorf("the list after the write does not show the new city")
		}
		req := httptest.NewRequest("GET", "/v1/cities", nil)
		req.Header.Set("If-None-Match", before.Header.Get("ETag"))
		if r := ws.serve(t, req, true); r.Status != 200 {
			t.Errorf("If-None-Match with the ETag from before the write: %d, want 200", r.Status)
		}
	})
}

// TestRejectedWritesChangeNothing: no rejected write leaves a row, a change, an audit entry or
// a new data version.
func TestRejectedWritesChangeNothing(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		before := ws.snapshot(t)
		for _, c := range []struct{ method, target, body string }{
			{"POST", "/v1/cities", `{"slug": "leipzig", "name": "L", "country": {"code": "DE", "name": "Germany"}, "source": "oecd-profile-leipzig"}`},
			{"POST", "/v1/cities", `{"slug": "x", "name": "X", "country": {"code": "DE", "name": "Germany"}, "source": "nowhere"}`},
			{"POST", "/v1/cities", `{"slug": "x", "slug": "y"}`},
			{"POST", "/v1/cities/leipzig/populations", `{"value": 1, "year": 2020, "as_printed": "1", "source": "nowhere"}`},
			{"DELETE", "/v1/cities/leipzig", ""},
		} {
			r := ws.do(t, false, c.method, c.target, c.body, "If-Match", "*")
			if r.Status < 400 {
				t.Fatalf("%s %s: %d, want a refusal", c.method, c.target, r.Status)
			}
		}
		if after := ws.snapshot(t); after != before {
			t.Errorf("rejected writes changed the database: before %+v, after %+v", before, after)
		}
	})
}

type dbSnapshot struct {
	cities, populations, changes, audit int64
	version                             int64
}

func (ws *writeServer) snapshot(t *testing.T) dbSnapshot {
	t.Helper()
	var s dbSnapshot
	db := ws.store.DB()
	for table, n := range map[string]*int64{"cities": &s.cities, "populations": &s.populations, "changes": &s.changes, "audit_log": &s.audit} {
		if err := db.Table(table).Count(n).Error; err != nil {
			t.Fatal(err)
		}
	}
	v, err := ws.store.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.version = v.Number
	return s
}

// mustBeGone checks that the record slug of the list answers 410 and is not listed.
func (ws *writeServer) mustBeGone(t *testing.T, list, slug string) {
	t.Helper()
	target := list + "/" + slug
	checkProblem(t, httptest.NewRequest("GET", target, nil), ws.get(t, target), 410)
	if slices.Contains(listSlugs(t, ws.server, list), slug) {
		t.Errorf("%s lists the deleted %s", list, slug)
	}
}

// touched marks an entry of the change feed that another write caused (a parent record whose
// children changed): the audit log names only the write itself.
const touched = " (touched)"

// mustFeed checks the change feed against want ("operation collection/slug vN" in commit
// order), and that the audit log holds the same writes, with their record before and after,
// but the entries marked touched.
func (ws *writeServer) mustFeed(t *testing.T, want []string) {
	t.Helper()
	var feed, wantFeed, wantAudit []string
	for _, c := range readFeed(t, ws.server, "/v1/changes", "", 50) {
		feed = append(feed, op(c.Collection, c.Slug, c.Operation, c.Version))
	}
	for _, w := range want {
		plain, isTouch := strings.CutSuffix(w, touched)
		wantFeed = append(wantFeed, plain)
		if !isTouch {
			plain, _, _ = strings.Cut(plain, " v")
			wantAudit = append(wantAudit, plain)
		}
	}
	if !slices.Equal(feed, wantFeed) {
		t.Errorf("changes\n%v\nwant\n%v", feed, wantFeed)
	}
	var audit []string
	for _, a := range readFeed(t, ws.server, "/v1/audit", "Bearer "+ws.keys.admin, 50) {
		audit = append(audit, a.Operation+" "+a.Collection+"/"+a.Slug)
		if (a.Before == nil) != (a.Operation == "create") || (a.After == nil) != (a.Operation == "delete") {
			t.Errorf("audit %s %s with before %v and after %v", a.Operation, a.Slug, a.Before, a.After)
		}
	}
	if !slices.Equal(audit, wantAudit) {
		t.Errorf("audit\n%v\nwant\n%v", audit, wantAudit)
	}
}

// mediaFor is the Content-Type of a write with body by method.
func mediaFor(method, body string) string {
	switch {
	case body == "":
		return ""
	case method == "PATCH":
		return "application/merge-patch+json"
	}
	return "application/json"
}
