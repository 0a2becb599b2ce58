package api_test

import (
	"strings"
	"testing"
)

const newConcept = `{"slug": "public-servant", "vocabulary": "innovation-roles", "label": "Public servant",
	"source": "oecd-2019-report"}`

func TestConceptWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := func(tag string) []string {
			return []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		}
		tests := []writeCase{
			{"create", true, "POST", "/v1/concepts", newConcept, []string{"Idempotency-Key", "c-1"}, 201, nil},
			{"replay it", true, "POST", "/v1/concepts", newConcept, []string{"Idempotency-Key", "c-1"}, 201, nil},
			{"create again", true, "POST", "/v1/concepts", newConcept, nil, 409, nil},
			{"no key", false, "POST", "/v1/concepts", newConcept, []string{"Authorization", ""}, 401, nil},
			{"wrong content type", false, "POST", "/v1/concepts", newConcept, []string{"Content-Type", "text/plain"}, 415, nil},
			{"unknown field", false, "POST", "/v1/concepts", `{"slug": "x", "waves": []}`, nil, 400, []string{"/waves"}},
			{"malformed JSON", false, "POST", "/v1/concepts", `{"slug": "x",`, nil, 400, nil},
			{"invalid values: every field named", false, "POST", "/v1/concepts", `{"vocabulary": "Roles", "label": "", "rank": 0}`, nil, 422,
				[]string{"/label", "/rank", "/slug", "/source", "/vocabulary"}},
			{"a vocabulary and source that do not exist", true, "POST", "/v1/concepts",
				`{"slug": "x", "vocabulary": "colours", "label": "Red", "source": "nowhere"}`, nil, 422, []string{"/source", "/vocabulary"}},
			{"replace without If-Match", false, "PUT", "/v1/concepts/public-servant", newConcept, nil, 428, nil},
			{"replace an unknown concept", true, "PUT", "/v1/concepts/nothing", strings.Replace(newConcept, `"slug": "public-servant", `, "", 1),
				[]string{"If-Match", "*"}, 404, nil},
			{"replace", true, "PUT", "/v1/concepts/public-servant", strings.Replace(newConcept, `"Public servant"`, `"Civil servant"`, 1),
				[]string{"If-Match", `"v1"`}, 200, nil},
			{"patch stale", true, "PATCH", "/v1/concepts/public-servant", `{"rank": 6}`, patch(`"v1"`), 412, nil},
			{"patch", true, "PATCH", "/v1/concepts/public-servant", `{"alt_label": "Public servant", "rank": 6}`, patch(`"v2"`), 200, nil},
		}
		ws.runCases(t, tests)
		if v := string(ws.get(t, "/v1/vocabularies/innovation-roles").plain(t)); !strings.Contains(v, `"Civil servant"`) {
			t.Errorf("the vocabulary does not list the concept as written: %.300s", v)
		}
		tests = []writeCase{
			{"move a concept answers use to another vocabulary", true, "PATCH", "/v1/concepts/housing", `{"vocabulary": "innovation-terms"}`,
				patch("*"), 409, nil},
			{"delete a concept answers use", true, "DELETE", "/v1/concepts/transport-mobility", "", []string{"If-Match", "*"}, 409, nil},
			{"delete without If-Match", false, "DELETE", "/v1/concepts/public-servant", "", nil, 428, nil},
			{"delete", true, "DELETE", "/v1/concepts/public-servant", "", []string{"If-Match", `"v3"`}, 204, nil},
			{"delete again", true, "DELETE", "/v1/concepts/public-servant", "", []string{"If-Match", "*"}, 410, nil},
			{"create over a tombstone", true, "POST", "/v1/concepts", newConcept, nil, 409, nil},
		}
		ws.runCases(t, tests)
		ws.mustBeGone(t, "/v1/concepts", "public-servant")
		ws.mustBeGone(t, "/v1/innovation-roles", "public-servant")
		if strings.Contains(string(ws.get(t, "/v1/vocabularies/innovation-roles").plain(t)), "public-servant") {
			t.Errorf("the vocabulary still lists the deleted concept")
		}
		ws.mustFeed(t, []string{"create concepts/public-servant v1", "update concepts/public-servant v2",
			"update concepts/public-servant v3", "delete concepts/public-servant v4"})
	})
}
