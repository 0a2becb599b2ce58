package api_test

import (
	"strings"
	"testing"
)

const (
	newProject = `{"slug": "smarter-together", "name": "Smarter Together", "programme": "EU Horizon 2020",
		"starts_on": "2016-02", "ends_on": "2021-01", "source": "cordis-646578"}`
	newParticipation = `{"slug": "smarter-together-prague", "project": "smarter-together", "city": "prague",
		"role": "follower", "source": "cordis-646578"}`
)

func TestProjectWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := func(tag string) []string {
			return []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		}
		tests := []writeCase{
			{"create", true, "POST", "/v1/projects", newProject, []string{"Idempotency-Key", "p-1"}, 201, nil},
			{"replay it", true, "POST", "/v1/projects", newProject, []string{"Idempotency-Key", "p-1"}, 201, nil},
			{"same key, another body", false, "POST", "/v1/projects", strings.Replace(newProject, "Smarter Together", "X", 1),
				[]string{"Idempotency-Key", "p-1"}, 422, nil},
			{"create again", true, "POST", "/v1/projects", newProject, nil, 409, nil},
			{"wrong content type", false, "POST", "/v1/projects", newProject, []string{"Content-Type", "text/plain"}, 415, nil},
			{"unknown field", false, "POST", "/v1/projects", `{"slug": "x", "budget": 5}`, nil, 400, []string{"/budget"}},
			{"duplicate key", false, "POST", "/v1/projects", `{"slug": "x", "slug": "y"}`, nil, 400, nil},
			{"wrong type", false, "POST", "/v1/projects", `{"starts_on": 2016}`, nil, 400, []string{"/starts_on"}},
			{"invalid values: every field named", false, "POST", "/v1/projects",
				`{"name": "", "programme": " H2020", "starts_on": "2016-13", "ends_on": "2015", "source": "No source"}`, nil, 422,
				[]string{"/ends_on", "/name", "/programme", "/slug", "/source", "/starts_on"}},
			{"ends before it starts", false, "POST", "/v1/projects", strings.Replace(newProject, `"2021-01"`, `"2015-01"`, 1), nil, 422,
				[]string{"/ends_on"}},
			{"a source that does not exist", true, "POST", "/v1/projects",
				strings.NewReplacer(`"smarter-together"`, `"x"`, `"cordis-646578"`, `"nowhere"`).Replace(newProject), nil, 422, []string{"/source"}},
			{"replace without If-Match", false, "PUT", "/v1/projects/smarter-together", newProject, nil, 428, nil},
			{"replace an unknown project", true, "PUT", "/v1/projects/nowhere", strings.Replace(newProject, `"slug": "smarter-together", `, "", 1),
				[]string{"If-Match", "*"}, 404, nil},
			{"replace changing the slug", true, "PUT", "/v1/projects/triangulum", newProject, []string{"If-Match", "*"}, 422, []string{"/slug"}},
			{"replace", true, "PUT", "/v1/projects/smarter-together",
				strings.Replace(newProject, `"EU Horizon 2020"`, `"Horizon 2020"`, 1), []string{"If-Match", `"v1"`}, 200, nil},
			{"patch stale", true, "PATCH", "/v1/projects/smarter-together", `{"kind": "lighthouse project"}`, patch(`"v1"`), 412, nil},
			{"patch to an invalid project", true, "PATCH", "/v1/projects/smarter-together", `{"name": null}`, patch(`"v2"`), 422, []string{"/name"}},
			{"patch", true, "PATCH", "/v1/projects/smarter-together", `{"kind": "lighthouse project", "ends_on": null}`, patch(`"v2"`), 200, nil},
			{"participation", true, "POST", "/v1/participations", newParticipation, nil, 201, nil},
			{"the same role again", true, "POST", "/v1/participations", strings.Replace(newParticipation, `"smarter-together-prague"`, `"x"`, 1), nil, 409, nil},
			{"participation naming what does not exist", true, "POST", "/v1/participations",
				`{"slug": "x", "project": "nothing", "city": "atlantis", "role": "follower", "source": "nowhere"}`, nil, 422,
				[]string{"/city", "/project", "/source"}},
			{"participation with an unknown role", false, "POST", "/v1/participations",
				strings.Replace(newParticipation, `"follower"`, `"sponsor"`, 1), nil, 422, []string{"/role"}},
			{"participation: wrong content type", false, "POST", "/v1/participations", newParticipation, []string{"Content-Type", "application/xml"}, 415, nil},
			{"participation: trailing data", false, "POST", "/v1/participations", newParticipation + " {}", nil, 400, nil},
			{"participation: replace an unknown one", true, "PUT", "/v1/participations/nothing",
				strings.Replace(newParticipation, `"slug": "smarter-together-prague", `, "", 1), []string{"If-Match", "*"}, 404, nil},
			{"participation: ends before it starts", false, "PATCH", "/v1/participations/smarter-together-prague",
				`{"starts_on": "2020-01", "ends_on": "2019-12"}`, patch("*"), 422, []string{"/ends_on"}},
			{"delete a project still named", true, "DELETE", "/v1/projects/smarter-together", "", []string{"If-Match", "*"}, 409, nil},
			{"delete a seed project still named", true, "DELETE", "/v1/projects/triangulum", "", []string{"If-Match", "*"}, 409, nil},
			{"patch the participation", true, "PATCH", "/v1/participations/smarter-together-prague", `{"role": "fellow", "starts_on": "2016-02"}`,
				patch(`"v1"`), 200, nil},
			{"replace the participation stale", true, "PUT", "/v1/participations/smarter-together-prague", newParticipation,
				[]string{"If-Match", `"v1"`}, 412, nil},
			{"delete the participation without If-Match", false, "DELETE", "/v1/participations/smarter-together-prague", "", nil, 428, nil},
			{"delete the participation", true, "DELETE", "/v1/participations/smarter-together-prague", "", []string{"If-Match", `"v2"`}, 204, nil},
			{"delete the project", true, "DELETE", "/v1/projects/smarter-together", "", []string{"If-Match", `"v6"`}, 204, nil},
			{"delete it again", true, "DELETE", "/v1/projects/smarter-together", "", []string{"If-Match", "*"}, 410, nil},
			{"patch a deleted project", true, "PATCH", "/v1/projects/smarter-together", `{"kind": "x"}`, patch("*"), 410, nil},
			{"create over a tombstone", true, "POST", "/v1/projects", newProject, nil, 409, nil},
			{"a participation in a deleted project", true, "POST", "/v1/participations",
				strings.Replace(newParticipation, `"smarter-together-prague"`, `"y"`, 1), nil, 422, []string{"/project"}},
		}
		ws.runCases(t, tests)
		ws.mustBeGone(t, "/v1/projects", "smarter-together")
		ws.mustBeGone(t, "/v1/participations", "smarter-together-prague")
		want := []string{"create projects/smarter-together v1", "update projects/smarter-together v2",
			"update projects/smarter-together v3", "create participations/smarter-together-prague v1",
			"update projects/smarter-together v4" + touched, "update cities/prague v2" + touched,
			"update participations/smarter-together-prague v2", "update projects/smarter-together v5" + touched, "update cities/prague v3" + touched,
			"delete participations/smarter-together-prague v3", "update projects/smarter-together v6" + touched, "update cities/prague v4" + touched,
			"delete projects/smarter-together v7"}
		ws.mustFeed(t, want)
	})
}

// TestParticipationShowsOnItsCityAndProject: a participation written is listed by its city
// and its project at once (no stale cache), and no longer once deleted.
func TestParticipationShowsOnItsCityAndProject(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		const href = "/v1/participations/efficience-prague"
		lists := func() (city, project bool) {
			return strings.Contains(string(ws.get(t, "/v1/cities/prague").plain(t)), href),
				strings.Contains(string(ws.get(t, "/v1/projects/efficience").plain(t)), href)
		}
		if c, p := lists(); c || p {
			t.Fatalf("listed before the write: city %v, project %v", c, p)
		}
		body := `{"slug": "efficience-prague", "project": "efficience", "city": "prague", "role": "observer", "source": "cordis-646578"}`
		if r := ws.do(t, true, "POST", "/v1/participations", body); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if c, p := lists(); !c || !p {
			t.Errorf("after the create: listed by the city %v, by the project %v; want both", c, p)
		}
		if r := ws.do(t, true, "DELETE", href, "", "If-Match", "*"); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if c, p := lists(); c || p {
			t.Errorf("after the delete: listed by the city %v, by the project %v; want neither", c, p)
		}
	})
}
