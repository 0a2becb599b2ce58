package api_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const newSource = `{"slug": "leipzig-open-data", "title": "Leipzig open data portal", "publisher": "City of Leipzig",
	"url": "https://opendata.leipzig.de/", "kind": "public_record", "retrieved_on": "2026-11-01"}`

func TestSourceWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := func(tag string) []string {
			return []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		}
		synthetic := strings.NewReplacer(`"leipzig-open-data"`, `"bench-data"`, `"public_record"`, `"synthetic"`).Replace(newSource)
		tests := []writeCase{
			{"create", true, "POST", "/v1/sources", newSource, nil, 201, nil},
			{"create again", true, "POST", "/v1/sources", newSource, nil, 409, nil},
			{"create with an Idempotency-Key", true, "POST", "/v1/sources", synthetic, []string{"Idempotency-Key", "src-1"}, 201, nil},
			{"replay it", true, "POST", "/v1/sources", synthetic, []string{"Idempotency-Key", "src-1"}, 201, nil},
			{"no key", false, "POST", "/v1/sources", newSource, []string{"Authorization", ""}, 401, nil},
			{"key without the write scope", false, "POST", "/v1/sources", newSource, []string{"Authorization", "Bearer " + ws.keys.admin}, 403, nil},
			{"wrong content type", false, "POST", "/v1/sources", newSource, []string{"Content-Type", "text/plain"}, 415, nil},
			{"wrong type", false, "POST", "/v1/sources", `{"title": 5}`, nil, 400, []string{"/title"}},
			{"a source names no source", false, "POST", "/v1/sources", `{"source": "oecd-profile-leipzig"}`, nil, 400, []string{"/source"}},
			{"invalid values: every field named", false, "POST", "/v1/sources",
				`{"title": " T", "publisher": "", "url": "opendata.leipzig.de", "kind": "blog", "retrieved_on": "1 Nov 2026"}`, nil, 422,
				[]string{"/kind", "/publisher", "/retrieved_on", "/slug", "/title", "/url"}},
			{"replace without If-Match", false, "PUT", "/v1/sources/leipzig-open-data", newSource, nil, 428, nil},
			{"replace an unknown source", true, "PUT", "/v1/sources/nowhere", strings.Replace(newSource, `"slug": "leipzig-open-data", `, "", 1),
				[]string{"If-Match", "*"}, 404, nil},
			{"replace changing the slug", true, "PUT", "/v1/sources/oecd-profile-leipzig", newSource, []string{"If-Match", "*"}, 422, []string{"/slug"}},
			{"replace", true, "PUT", "/v1/sources/leipzig-open-data",
				strings.Replace(newSource, `"City of Leipzig"`, `"Stadt Leipzig"`, 1), []string{"If-Match", `"v1"`}, 200, nil},
			{"patch stale", true, "PATCH", "/v1/sources/leipzig-open-data", `{"note": "n"}`, patch(`"v1"`), 412, nil},
			{"patch to an invalid source", true, "PATCH", "/v1/sources/leipzig-open-data", `{"url": null}`, patch(`"v2"`), 422, []string{"/url"}},
			{"patch", true, "PATCH", "/v1/sources/leipzig-open-data", `{"licence": "DL-DE-BY-2.0", "retrieved_on": null}`, patch(`"v2"`), 200, nil},
			{"delete a source still named", true, "DELETE", "/v1/sources/oecd-profile-leipzig", "", []string{"If-Match", "*"}, 409, nil},
			{"delete without If-Match", false, "DELETE", "/v1/sources/leipzig-open-data", "", nil, 428, nil},
			{"delete", true, "DELETE", "/v1/sources/leipzig-open-data", "", []string{"If-Match", `"v3"`}, 204, nil},
			{"delete again", true, "DELETE", "/v1/sources/leipzig-open-data", "", []string{"If-Match", "*"}, 410, nil},
			{"patch a deleted source", true, "PATCH", "/v1/sources/leipzig-open-data", `{"note": "x"}`, patch("*"), 410, nil},
			{"create over a tombstone", true, "POST", "/v1/sources", newSource, nil, 409, nil},
			{"name a deleted source", true, "POST", "/v1/organisations",
				strings.Replace(newOrganisation, `"oecd-profile-leipzig"`, `"leipzig-open-data"`, 1), nil, 422, []string{"/source"}},
		}
		ws.runCases(t, tests)
		r := ws.get(t, "/v1/sources/leipzig-open-data")
		checkProblem(t, httptest.NewRequest("GET", "/v1/sources/leipzig-open-data", nil), r, 410)
		if slugs := listSlugs(t, ws.server, "/v1/sources"); slices.Contains(slugs, "leipzig-open-data") || !slices.Contains(slugs, "bench-data") {
			t.Errorf("sources listed: %v; want bench-data and not the deleted leipzig-open-data", slugs)
		}
		var src struct{ Synthetic bool }
		r = ws.get(t, "/v1/sources/bench-data")
		mustOK(t, "/v1/sources/bench-data", r)
		if r.decode(t, &src); !src.Synthetic || !strings.HasPrefix(r.Header.Get("ETag"), `"v1.`) {
			t.Errorf("a source of kind synthetic: synthetic %v, ETag %s; want true and version 1", src.Synthetic, r.Header.Get("ETag"))
		}
		want := []string{"create sources/leipzig-open-data v1", "create sources/bench-data v1", "update sources/leipzig-open-data v2",
			"update sources/leipzig-open-data v3", "delete sources/leipzig-open-data v4"}
		ws.mustFeed(t, want)
	})
}

// TestRejectedSourceWritesChangeNothing: a refused source write leaves no row, change, audit
// entry or new data version.
func TestRejectedSourceWritesChangeNothing(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		count := func() [4]int64 {
			var n [4]int64
			for i, table := range []string{"sources", "changes", "audit_log"} {
				if err := ws.store.DB().Table(table).Count(&n[i]).Error; err != nil {
					t.Fatal(err)
				}
			}
			v, err := ws.store.DataVersion(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n[3] = v.Number
			return n
		}
		before := count()
		for _, c := range []struct{ method, target, body string }{
			{"POST", "/v1/sources", strings.Replace(newSource, `"leipzig-open-data"`, `"oecd-profile-leipzig"`, 1)},
			{"POST", "/v1/sources", strings.Replace(newSource, `"public_record"`, `"blog"`, 1)},
			{"PUT", "/v1/sources/oecd-profile-leipzig", strings.Replace(newSource, `"https://opendata.leipzig.de/"`, `"x"`, 1)},
			{"DELETE", "/v1/sources/oecd-profile-leipzig", ""},
		} {
			if r := ws.do(t, false, c.method, c.target, c.body, "If-Match", "*"); r.Status < 400 {
				t.Fatalf("%s %s: %d, want a refusal", c.method, c.target, r.Status)
			}
		}
		if after := count(); after != before {
			t.Errorf("rejected writes changed the database: before %v, after %v", before, after)
		}
	})
}
