package api_test

import (
	"slices"
	"strings"
	"testing"
)

// newResponse is Prague's response to the 2020 wave with two answers.
const newResponse = `{"slug": "prague-2020", "city": "prague", "wave": "2020", "innovation_strategy": "no",
	"approach": "policy_areas", "dedicated_funding": "no_answer", "source": "oecd-methodology",
	"answers": [
		{"question": "policy_focus", "option": "housing", "state": "selected", "source": "oecd-methodology"},
		{"slug": "prague-2020-launching", "question": "funded_activities", "option": "launching-or-sustaining-a-project",
		 "state": "not_offered", "inferred": true, "source": "oecd-methodology"}
	]}`

func TestSurveyResponseWrites(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := func(tag string) []string {
			return []string{"Content-Type", "application/merge-patch+json", "If-Match", tag}
		}
		other := func(r *strings.Replacer) string { return r.Replace(newResponse) }
		tests := []writeCase{
			{"an answer twice: nothing written", true, "POST", "/v1/survey-responses",
				other(strings.NewReplacer(`"launching-or-sustaining-a-project"`, `"housing"`, `"funded_activities"`, `"policy_focus"`,
					`"not_offered"`, `"not_selected"`)), nil, 409, nil},
			{"create with answers", true, "POST", "/v1/survey-responses", newResponse, []string{"Idempotency-Key", "r-1"}, 201, nil},
			{"replay it", true, "POST", "/v1/survey-responses", newResponse, []string{"Idempotency-Key", "r-1"}, 201, nil},
			{"create again", true, "POST", "/v1/survey-responses", newResponse, nil, 409, nil},
			{"a second response of the city to the wave", true, "POST", "/v1/survey-responses",
				other(strings.NewReplacer(`"prague-2020"`, `"prague-2020-b"`, `"prague-2020-launching"`, `"b"`)), nil, 409, nil},
			{"wrong content type", false, "POST", "/v1/survey-responses", newResponse, []string{"Content-Type", "text/csv"}, 415, nil},
			{"unknown field in an answer", false, "POST", "/v1/survey-responses", `{"answers": [{"colour": "red"}]}`, nil, 400, []string{"/answers/0/colour"}},
			{"wrong type", false, "POST", "/v1/survey-responses", `{"roles_count": "three"}`, nil, 400, []string{"/roles_count"}},
			{"invalid values: every field named", false, "POST", "/v1/survey-responses",
				`{"city": "prague", "wave": "2020", "innovation_strategy": "maybe", "approach": "", "dedicated_funding": "yes",
				  "source": "oecd-methodology", "answers": [{"question": "favourite_colour", "option": "housing", "state": "selected", "source": "oecd-methodology"},
				  {"question": "policy_focus", "option": "Housing", "state": "chosen", "source": "oecd-methodology"}]}`, nil, 422,
				[]string{"/answers/0/question", "/answers/1/option", "/answers/1/state", "/approach", "/innovation_strategy", "/slug"}},
			{"records that do not exist, answers' too", true, "POST", "/v1/survey-responses",
				other(strings.NewReplacer(`"prague"`, `"atlantis"`, `"wave": "2020"`, `"wave": "1999"`, `"housing"`, `"flying-cars"`,
					`"prague-2020"`, `"x"`, `"prague-2020-launching"`, `"y"`, `"inferred": true, "source": "oecd-methodology"`, `"source": "nowhere"`)), nil, 422,
				[]string{"/answers/0/option", "/answers/1/source", "/city", "/wave"}},
			{"an offered option not offered", true, "POST", "/v1/survey-responses",
				other(strings.NewReplacer(`"selected"`, `"not_offered"`, `"prague-2020"`, `"x"`, `"prague-2020-launching"`, `"y"`)), nil, 422,
				[]string{"/answers/0/state"}},
			{"replace carrying answers", false, "PUT", "/v1/survey-responses/prague-2020", newResponse, []string{"If-Match", "*"}, 422, []string{"/answers"}},
			{"replace without If-Match", false, "PUT", "/v1/survey-responses/prague-2020", newResponse, nil, 428, nil},
			{"replace an unknown response", true, "PUT", "/v1/survey-responses/nothing",
				`{"city": "prague", "wave": "2018", "innovation_strategy": "no", "approach": "both", "dedicated_funding": "no", "source": "oecd-methodology"}`,
				[]string{"If-Match", "*"}, 404, nil},
			{"patch stale", true, "PATCH", "/v1/survey-responses/prague-2020", `{"approach": "both"}`, patch(`"v0"`), 412, nil},
			{"patch", true, "PATCH", "/v1/survey-responses/prague-2020", `{"approach": "both", "roles_count": 2}`, patch(`"v1"`), 200, nil},
			{"patch to another city's wave", true, "PATCH", "/v1/survey-responses/prague-2020", `{"city": "leipzig"}`, patch(`"v2"`), 409, nil},
			{"add an answer", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "innovation_roles", "option": "data-scientist", "state": "not_selected", "source": "oecd-methodology"}`,
				[]string{"Idempotency-Key", "a-1"}, 201, nil},
			{"replay the answer", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "innovation_roles", "option": "data-scientist", "state": "not_selected", "source": "oecd-methodology"}`,
				[]string{"Idempotency-Key", "a-1"}, 201, nil},
			{"add it again", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"slug": "z", "question": "innovation_roles", "option": "data-scientist", "state": "selected", "source": "oecd-methodology"}`, nil, 409, nil},
			{"add an answer to an unknown response", true, "POST", "/v1/survey-responses/nothing/answers",
				`{"question": "innovation_roles", "option": "data-scientist", "state": "selected", "source": "oecd-methodology"}`, nil, 404, nil},
			{"an answer in a state outside the vocabulary", false, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "innovation_roles", "option": "designer", "state": "yes", "source": "oecd-methodology"}`, nil, 422, []string{"/state"}},
			{"an option of another question's vocabulary", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "policy_focus", "option": "data-scientist", "state": "selected", "source": "oecd-methodology"}`, nil, 422, []string{"/option"}},
			{"a state the wave's questionnaire contradicts", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "funded_activities", "option": "launching-or-sustaining-a-project", "state": "selected", "source": "oecd-methodology"}`,
				nil, 422, []string{"/state"}},
			{"replace an answer without If-Match", false, "PUT", "/v1/answers/prague-2020-innovation-roles-data-scientist",
				`{"question": "innovation_roles", "option": "data-scientist", "state": "selected", "source": "oecd-methodology"}`, nil, 428, nil},
			{"replace an answer", true, "PUT", "/v1/answers/prague-2020-innovation-roles-data-scientist",
				`{"question": "innovation_roles", "option": "data-scientist", "state": "selected", "source": "oecd-methodology"}`,
				[]string{"If-Match", `"v1"`}, 200, nil},
			{"patch an answer to an option that does not exist", true, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist",
				`{"option": "astronaut"}`, patch(`"v2"`), 422, []string{"/option"}},
			{"patch an answer stale", true, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist", `{"rank": 1}`, patch(`"v1"`), 412, nil},
			{"patch an answer with a wrong content type", false, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist", `{"rank": 1}`,
				[]string{"Content-Type", "application/json", "If-Match", "*"}, 415, nil},
			{"patch an answer with a wrong type", false, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist", `{"rank": "first"}`,
				patch("*"), 400, nil},
			{"patch an answer", true, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist", `{"rank": 1, "note": "n"}`, patch(`"v2"`), 200, nil},
			{"delete an answer", true, "DELETE", "/v1/answers/prague-2020-innovation-roles-data-scientist", "", []string{"If-Match", `"v3"`}, 204, nil},
			{"patch the deleted answer", true, "PATCH", "/v1/answers/prague-2020-innovation-roles-data-scientist", `{"rank": 2}`, patch("*"), 410, nil},
			{"delete the response stale", true, "DELETE", "/v1/survey-responses/prague-2020", "", []string{"If-Match", `"v2"`}, 412, nil},
			{"delete the response", true, "DELETE", "/v1/survey-responses/prague-2020", "", []string{"If-Match", `"v6"`}, 204, nil},
			{"delete it again", true, "DELETE", "/v1/survey-responses/prague-2020", "", []string{"If-Match", "*"}, 410, nil},
			{"add an answer to the deleted response", true, "POST", "/v1/survey-responses/prague-2020/answers",
				`{"question": "innovation_roles", "option": "designer", "state": "selected", "source": "oecd-methodology"}`, nil, 410, nil},
		}
		ws.runCases(t, tests)
		ws.mustBeGone(t, "/v1/survey-responses", "prague-2020")
		for _, a := range []string{"prague-2020-policy-focus-housing", "prague-2020-launching", "prague-2020-innovation-roles-data-scientist"} {
			ws.mustBeGone(t, "/v1/answers", a)
		}
		ws.mustFeed(t, []string{
			"create survey-responses/prague-2020 v1", "create answers/prague-2020-policy-focus-housing v1",
			"create answers/prague-2020-launching v1", "update cities/prague v2" + touched,
			"update survey-responses/prague-2020 v2", "update cities/prague v3" + touched,
			"create answers/prague-2020-innovation-roles-data-scientist v1", "update survey-responses/prague-2020 v3" + touched,
			"update answers/prague-2020-innovation-roles-data-scientist v2", "update survey-responses/prague-2020 v4" + touched,
			"update answers/prague-2020-innovation-roles-data-scientist v3", "update survey-responses/prague-2020 v5" + touched,
			"delete answers/prague-2020-innovation-roles-data-scientist v4", "update survey-responses/prague-2020 v6" + touched,
			"delete answers/prague-2020-launching v2", "delete answers/prague-2020-policy-focus-housing v2",
			"delete survey-responses/prague-2020 v7", "update cities/prague v4" + touched,
		})
	})
}

// TestResponseWritesShowInReads: a survey response written is listed by its city and counted
// by the computed statistics at once (the caches never serve the state before the write), and
// neither once deleted.
func TestResponseWritesShowInReads(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		type statistic struct {
			Numerator, Denominator int
			CitiesHeld             int `json:"cities_held"`
		}
		const statTarget = "/v1/statistics/2020-policy-focus-housing"
		read := func() (listed bool, st statistic) {
			listed = strings.Contains(string(ws.get(t, "/v1/cities/prague").plain(t)), "/v1/survey-responses/prague-2020")
			r := ws.get(t, statTarget)
			mustOK(t, statTarget, r)
			r.decode(t, &st)
			return listed, st
		}
		listed, before := read()
		if listed {
			t.Fatalf("Prague lists a response before the write")
		}
		if r := ws.do(t, true, "POST", "/v1/survey-responses", newResponse); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		listed, after := read()
		want := statistic{before.Numerator + 1, before.Denominator + 1, before.CitiesHeld + 1}
		if !listed || after != want {
			t.Errorf("after the create: listed by the city %v, statistic %+v; want true, %+v", listed, after, want)
		}
		r := ws.do(t, true, "PATCH", "/v1/answers/prague-2020-policy-focus-housing", `{"state": "not_selected"}`,
			"Content-Type", "application/merge-patch+json", "If-Match", "*")
		if r.Status != 200 {
			t.Fatalf("patch the answer: %d %s", r.Status, r.Body)
		}
		if _, st := read(); st.Numerator != before.Numerator || st.Denominator != before.Denominator+1 {
			t.Errorf("after the answer changed to not_selected: %+v; want numerator %d, denominator %d", st, before.Numerator, before.Denominator+1)
		}
		if r := ws.do(t, true, "DELETE", "/v1/survey-responses/prague-2020", "", "If-Match", "*"); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if listed, st := read(); listed || st != before {
			t.Errorf("after the delete: listed by the city %v, statistic %+v; want false, %+v", listed, st, before)
		}
	})
}

// TestRejectedMoreWritesChangeNothing: refused writes of survey responses, answers, projects,
// participations and concepts leave no row, change, audit entry or new data version.
func TestRejectedMoreWritesChangeNothing(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		count := func() []int64 {
			var n []int64
			for _, table := range []string{"survey_responses", "answers", "projects", "participations", "concepts", "changes", "audit_log"} {
				var c int64
				if err := ws.store.DB().Table(table).Count(&c).Error; err != nil {
					t.Fatal(err)
				}
				n = append(n, c)
			}
			return append(n, ws.snapshot(t).version)
		}
		before := count()
		for _, c := range []struct{ method, target, body string }{
			{"POST", "/v1/survey-responses", strings.Replace(newResponse, `"housing"`, `"flying-cars"`, 1)},
			{"POST", "/v1/survey-responses", strings.NewReplacer(`"launching-or-sustaining-a-project"`, `"housing"`,
				`"funded_activities"`, `"policy_focus"`, `"not_offered"`, `"not_selected"`).Replace(newResponse)},
			{"POST", "/v1/survey-responses", strings.Replace(newResponse, `"prague"`, `"leipzig"`, 1)},
			{"POST", "/v1/survey-responses/leipzig-2020/answers", `{"question": "policy_focus", "option": "housing", "state": "selected", "source": "nowhere"}`},
			{"DELETE", "/v1/concepts/housing", ""},
			{"PUT", "/v1/concepts/housing", `{"vocabulary": "colours", "label": "Housing", "source": "oecd-profile-leipzig"}`},
			{"DELETE", "/v1/projects/triangulum", ""},
			{"POST", "/v1/participations", `{"slug": "triangulum-leipzig-2", "project": "triangulum", "city": "leipzig", "role": "follower", "source": "cordis-646578"}`},
			{"PATCH", "/v1/participations/triangulum-leipzig", `{"ends_on": "2000-01"}`},
		} {
			if r := ws.do(t, false, c.method, c.target, c.body, "If-Match", "*", "Content-Type", mediaFor(c.method, c.body)); r.Status < 400 {
				t.Fatalf("%s %s: %d, want a refusal", c.method, c.target, r.Status)
			}
		}
		if after := count(); !slices.Equal(after, before) {
			t.Errorf("rejected writes changed the database: before %v, after %v", before, after)
		}
	})
}
