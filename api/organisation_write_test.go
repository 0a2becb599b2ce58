package api_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const newOrganisation = `{"slug": "leipzig-open-data-lab", "name": "Open Data Lab", "name_as_printed": "Open Data Lab",
	"kind": "group", "city": "leipzig", "source": "oecd-profile-leipzig"}`

func TestOrganisationWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := func(tag string) []string {
			return []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		}
		tests := []writeCase{
			{"create", true, "POST", "/v1/organisations", newOrganisation, nil, 201, nil},
			{"create again", true, "POST", "/v1/organisations", newOrganisation, nil, 409, nil},
			{"unknown kind, city and source", false, "POST", "/v1/organisations",
				`{"slug": "x", "name": "X", "name_as_printed": "X", "kind": "club", "city": "Leipzig!", "source": ""}`, nil, 422,
				[]string{"/city", "/kind", "/source"}},
			{"a city that does not exist", true, "POST", "/v1/organisations",
				strings.Replace(newOrganisation, `"city": "leipzig"`, `"city": "atlantis"`, 1), nil, 422, []string{"/city"}},
			{"wrong type", false, "POST", "/v1/organisations", `{"identity_inferred": "yes"}`, nil, 400, []string{"/identity_inferred"}},
			{"replace without If-Match", false, "PUT", "/v1/organisations/leipzig-open-data-lab", newOrganisation, nil, 428, nil},
			{"replace", true, "PUT", "/v1/organisations/leipzig-open-data-lab",
				strings.Replace(newOrganisation, `"Open Data Lab",`, `"Open Data Lab Leipzig",`, 1), []string{"If-Match", `"v1"`}, 200, nil},
			{"patch stale", true, "PATCH", "/v1/organisations/leipzig-open-data-lab", `{"note": "n"}`, patch(`"v1"`), 412, nil},
			{"patch", true, "PATCH", "/v1/organisations/leipzig-open-data-lab", `{"note": "A group of the city.", "city": null}`, patch(`"v2"`), 200, nil},
			{"delete one still named", true, "DELETE", "/v1/organisations/national-labor-agency", "", []string{"If-Match", "*"}, 409, nil},
			{"delete", true, "DELETE", "/v1/organisations/leipzig-open-data-lab", "", []string{"If-Match", `"v3"`}, 204, nil},
			{"patch a deleted one", true, "PATCH", "/v1/organisations/leipzig-open-data-lab", `{"note": "x"}`, patch("*"), 410, nil},
		}
		ws.runCases(t, tests)
		r := ws.get(t, "/v1/organisations/leipzig-open-data-lab")
		checkProblem(t, httptest.NewRequest("GET", "/v1/organisations/leipzig-open-data-lab", nil), r, 410)
		if slices.Contains(listSlugs(t, ws.server, "/v1/organisations"), "leipzig-open-data-lab") {
			t.Errorf("the deleted organisation is still listed")
		}
		changes := readFeed(t, ws.server, "/v1/changes", "", 50)
		var ops []string
		for _, c := range changes {
			ops = append(ops, op(c.Collection, c.Slug, c.Operation, c.Version))
		}
		want := []string{"create organisations/leipzig-open-data-lab v1", "update organisations/leipzig-open-data-lab v2",
			"update organisations/leipzig-open-data-lab v3", "delete organisations/leipzig-open-data-lab v4"}
		if !slices.Equal(ops, want) {
			t.Errorf("changes %v, want %v", ops, want)
		}
	})
}

func TestDataPartnershipWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		const body = `{"slug": "leipzig-open-data-lab", "city": "leipzig", "partner": "leipzig-open-data-lab",
			"purpose": "to publish open data", "wave": "2020", "source": "oecd-profile-leipzig"}`
		if r := ws.do(t, true, "POST", "/v1/organisations", newOrganisation); r.Status != 201 {
			t.Fatalf("create the partner: %d %s", r.Status, r.Body)
		}
		tests := []writeCase{
			{"create", true, "POST", "/v1/data-partnerships", body, nil, 201, nil},
			{"create again", true, "POST", "/v1/data-partnerships", body, nil, 409, nil},
			{"records that do not exist", true, "POST", "/v1/data-partnerships",
				`{"slug": "x", "city": "atlantis", "partner": "nobody", "purpose": "p", "wave": "1999", "source": "nowhere"}`, nil, 422,
				[]string{"/city", "/partner", "/source", "/wave"}},
			{"missing fields", false, "POST", "/v1/data-partnerships", `{"slug": "x"}`, nil, 422,
				[]string{"/city", "/partner", "/purpose", "/source"}},
			{"delete the partner while named", true, "DELETE", "/v1/organisations/leipzig-open-data-lab", "", []string{"If-Match", "*"}, 409, nil},
			{"patch", true, "PATCH", "/v1/data-partnerships/leipzig-open-data-lab", `{"wave": null}`,
				[]string{"Content-Type", "application/merge-patch+json", "If-Match", `"v1"`}, 200, nil},
			{"replace stale", true, "PUT", "/v1/data-partnerships/leipzig-open-data-lab", body, []string{"If-Match", `"v1"`}, 412, nil},
			{"delete", true, "DELETE", "/v1/data-partnerships/leipzig-open-data-lab", "", []string{"If-Match", `"v2"`}, 204, nil},
			{"delete the partner", true, "DELETE", "/v1/organisations/leipzig-open-data-lab", "", []string{"If-Match", "*"}, 204, nil},
		}
		ws.runCases(t, tests)
		r := ws.get(t, "/v1/data-partnerships/leipzig-open-data-lab")
		checkProblem(t, httptest.NewRequest("GET", "/v1/data-partnerships/leipzig-open-data-lab", nil), r, 410)
		if slices.Contains(listSlugs(t, ws.server, "/v1/data-partnerships"), "leipzig-open-data-lab") {
			t.Errorf("the deleted data partnership is still listed")
		}
	})
}

// writeCase is one request of a write test and what must come back.
type writeCase struct {
	name                 string
	valid                bool // the request matches the spec
	method, target, body string
	header               []string
	status               int
	pointers             []string // JSON pointers the problem must name (at least)
}

// runCases sends the cases in order, each as a subtest: the status must match and an error
// must be a problem naming at least the pointers.
func (ws *writeServer) runCases(t *testing.T, cases []writeCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := ws.do(t, tt.valid, tt.method, tt.target, tt.body, tt.header...)
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d; body %.500s", r.Status, tt.status, r.Body)
			}
			if tt.status < 400 {
				return
			}
			p := checkProblem(t, ws.writeReq(tt.method, tt.target, ""), r, tt.status)
			for _, want := range tt.pointers {
				if !slices.ContainsFunc(p.Errors, func(e fieldError) bool { return e.Pointer == want && e.Reason != "" }) {
					t.Errorf("errors %+v do not name %s", p.Errors, want)
				}
			}
		})
	}
}
