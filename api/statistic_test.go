package api_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

type statistic struct {
	Slug        string   `json:"slug"`
	Kind        string   `json:"kind"`
	Question    string   `json:"question"`
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Share       *float64 `json:"share"`
	CitiesHeld  int      `json:"cities_held"`
	Wave        struct {
		Slug string `json:"slug"`
	} `json:"wave"`
	Option *struct {
		Slug string `json:"slug"`
	} `json:"option"`
}

func TestStatisticsAreComputedOverTheCitiesHeld(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		funded := getJSON[struct{ Data []statistic }](t, srv, "/v1/statistics?wave=2020&question=funded_activities&limit=500").Data
		var got []string
		for _, st := range funded {
			got = append(got, st.Option.Slug)
			if st.Kind != "computed" || st.CitiesHeld != 1 || st.Denominator != 1 || st.Share == nil {
				t.Errorf("%s: %+v, want computed over the 1 city held", st.Slug, st)
			}
		}
		// Launching or sustaining a project was not offered in 2020: no statistic, not 0%.
		want := []string{"idea-generation-brainstorming", "investing-in-digital-systems",
			"investing-in-physical-infrastructure", "paying-for-services", "training-staff-and-building-capacity"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("funded-activity statistics %v, want %v", got, want)
		}
		st := getJSON[statistic](t, srv, "/v1/statistics/2020-funded-activities-training-staff-and-building-capacity")
		if st.Numerator != 1 || *st.Share != 1 {
			t.Errorf("training staff: %+v, want 1 of 1", st)
		}
		st = getJSON[statistic](t, srv, "/v1/statistics/2020-funded-activities-paying-for-services")
		if st.Numerator != 0 || *st.Share != 0 {
			t.Errorf("paying for services: %+v, want 0 of 1 (inferred not selected)", st)
		}
		st = getJSON[statistic](t, srv, "/v1/statistics/2020-innovation-strategy-yes")
		if st.Numerator != 1 || st.Denominator != 1 || st.Question != "innovation_strategy" {
			t.Errorf("innovation strategy: %+v", st)
		}
		if got := getJSON[struct{ Data []statistic }](t, srv, "/v1/statistics?wave=2018").Data; len(got) != 0 {
			t.Errorf("2018 statistics %v: OpenCity holds no 2018 response", got)
		}
		req := httptest.NewRequest(http.MethodGet, "/v1/statistics/2020-no-such-statistic", nil)
		checkProblem(t, req, srv.send(t, req), http.StatusNotFound)
	})
}
