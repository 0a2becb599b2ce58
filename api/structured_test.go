package api_test

import (
	"slices"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
)

// getJSON GETs target, requires a 200 and decodes the body into a T.
func getJSON[T any](t *testing.T, srv *server, target string) T {
	t.Helper()
	var v T
	r := srv.get(t, target)
	mustOK(t, target, r)
	r.decode(t, &v)
	return v
}

// listAll GETs the first 500 records of a list.
func listAll[T any](t *testing.T, srv *server, path string) []T {
	t.Helper()
	page := getJSON[struct {
		Data  []T `json:"data"`
		Links struct {
			Next *string `json:"next"`
		} `json:"links"`
	}](t, srv, path+"?limit=500")
	if page.Links.Next != nil {
		t.Fatalf("%s has more than 500 records", path)
	}
	return page.Data
}

func str(p *string) string {
	if p == nil {
		return "<null>"
	}
	return *p
}

func TestCityFacts(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		c := getJSON[opencity.City](t, srv, "/v1/cities/leipzig")
		if str(c.Mayor.Name) != "Burkhard Jung" || c.Mayor.Source == nil || c.Mayor.Source.Slug != "oecd-profile-leipzig" {
			t.Errorf("mayor = %s from %+v, want Burkhard Jung from oecd-profile-leipzig", str(c.Mayor.Name), c.Mayor.Source)
		}
		if l := c.LeadInnovationOfficer; str(l.Name) != "Ulrich Hörning" || l.Source == nil || l.Source.Slug != "oecd-profile-leipzig" {
			t.Errorf("lead innovation officer = %s from %+v, want Ulrich Hörning from oecd-profile-leipzig", str(l.Name), l.Source)
		}
		if c.Country.Code != "DE" || c.Country.Name != "Germany" {
			t.Errorf("country = %+v, want DE Germany", c.Country)
		}
		has := func(value int64, year int, approx bool, source string) bool {
			return slices.ContainsFunc(c.Populations, func(p opencity.Population) bool {
				return p.Value == value && p.Year == year && p.Approximate == approx &&
					(source == "" || p.Source.Slug == source) && p.Source.Slug != ""
			})
		}
		if !has(600000, 2019, false, "oecd-profile-leipzig") {
			t.Errorf("populations %+v lack 600000 (2019) from oecd-profile-leipzig", c.Populations)
		}
		if !has(550000, 2014, true, "") {
			t.Errorf("populations %+v lack about 550000 (2014) with a source", c.Populations)
		}
		// A mayor the sources do not name is null with a reason, never made up.
		m := getJSON[opencity.City](t, srv, "/v1/cities/manchester")
		if m.Mayor.Name != nil || m.Mayor.Note == nil {
			t.Errorf("manchester mayor = %s (note %s), want null with a note", str(m.Mayor.Name), str(m.Mayor.Note))
		}
	})
}

func TestSurveyFacts(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		surveys := listAll[opencity.Survey](t, srv, "/v1/surveys")
		if len(surveys) != 1 {
			t.Fatalf("%d surveys, want 1", len(surveys))
		}
		if n := surveys[0].CitiesAcrossWaves; n.Value == nil || *n.Value != 147 || n.Source.Slug != "oecd-methodology" {
			t.Errorf("cities across waves = %+v, want 147 from oecd-methodology", n)
		}
		w18 := getJSON[opencity.SurveyWave](t, srv, "/v1/survey-waves/2018")
		if n := w18.CitiesSurveyed; n.Value == nil || *n.Value != 89 || n.Source.Slug != "oecd-2019-report" {
			t.Errorf("2018 wave cities = %+v, want 89 from oecd-2019-report", n)
		}
		w20 := getJSON[opencity.SurveyWave](t, srv, "/v1/survey-waves/2020")
		if n := w20.CitiesSurveyed; n.Value != nil || n.Note == nil {
			t.Errorf("2020 wave cities = %+v, want null with a note (not stated in the sources)", n)
		}
	})
}

func TestLeipzigAnswers(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		c := getJSON[opencity.City](t, srv, "/v1/cities/leipzig")
		if len(c.SurveyResponses) != 1 {
			t.Fatalf("leipzig has %d survey responses, want 1", len(c.SurveyResponses))
		}
		r := getJSON[opencity.SurveyResponse](t, srv, c.SurveyResponses[0].Href)
		got := [5]string{r.Wave.Slug, r.InnovationStrategy, r.Approach, r.DedicatedFunding, str(r.WorkLocation)}
		want := [5]string{"2020", "yes", "both", "yes", "sprinkled throughout the municipal administration"}
		if got != want {
			t.Errorf("response (wave, strategy, approach, funding, work location) = %q, want %q", got, want)
		}
		if r.RolesCount == nil || *r.RolesCount != 3 {
			t.Errorf("roles_count = %v, want 3", r.RolesCount)
		}
		states := map[string]string{}
		selected := map[string][]string{}
		for _, a := range r.Answers {
			states[a.Question+"/"+a.Option.Slug] = a.State
			if a.State == opencity.StateSelected {
				selected[a.Question] = append(selected[a.Question], a.Option.Slug)
			}
			if a.Source.Slug == "" || a.Wave.Slug != "2020" {
				t.Errorf("answer %s: source %q, wave %q", a.Slug, a.Source.Slug, a.Wave.Slug)
			}
		}
		for key, want := range map[string]string{
			"funded_activities/launching-or-sustaining-a-project":    opencity.StateNotOffered,
			"funded_activities/training-staff-and-building-capacity": opencity.StateSelected,
			"funded_activities/idea-generation-brainstorming":        opencity.StateSelected,
			"funded_activities/investing-in-digital-systems":         opencity.StateSelected,
			"funding_sources/municipal-budget":                       opencity.StateSelected,
			"most_common_activity/taking-risks-or-testing-new-ideas": opencity.StateSelected,
			"policy_focus/transport-mobility":                        opencity.StateSelected,
			"policy_focus/environment-and-climate-change":            opencity.StateSelected,
			"policy_focus/health":                                    opencity.StateNotSelected,
		} {
			if states[key] != want {
				t.Errorf("answer %s: state %q, want %q", key, states[key], want)
			}
		}
		for question, n := range map[string]int{"policy_focus": 2, "innovation_roles": 3, "innovation_terms": 2,
			"innovation_benefits": 3, "success_factors": 5, "partnership_kinds": 2, "funding_sources": 1} {
			if len(selected[question]) != n {
				t.Errorf("%s: %d options selected %v, want %d", question, len(selected[question]), selected[question], n)
			}
		}
	})
}

func TestDataAvailabilityKeepsTheHealthConflict(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		count := map[string]int{}
		var health []opencity.DataAvailability
		for _, d := range listAll[opencity.DataAvailability](t, srv, "/v1/data-availability") {
			if d.City.Slug != "leipzig" {
				continue
			}
			count[d.Status]++
			if d.PolicyArea.Slug == "health" {
				health = append(health, d)
			} else if d.Conflict {
				t.Errorf("%s: conflict true, only Health is contradicted", d.Slug)
			}
		}
		if count["sufficient"] != 17 || count["insufficient"] != 2 {
			t.Errorf("leipzig data availability %v, want 17 sufficient and 2 insufficient", count)
		}
		if len(health) != 2 || health[0].Status == health[1].Status || !health[0].Conflict || !health[1].Conflict {
			t.Errorf("health statements %+v, want one sufficient and one insufficient, both conflict true", health)
		}
	})
}

func TestPublishedComparisons(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		all := listAll[opencity.Comparison](t, srv, "/v1/comparisons")
		byCount := map[int]opencity.Comparison{}
		byShare := map[float64][]opencity.Comparison{}
		var paying *opencity.Comparison
		for i, c := range all {
			if c.Kind != opencity.KindPublished || c.Source.Slug == "" {
				t.Errorf("%s: kind %q source %q, want published with a source", c.Slug, c.Kind, c.Source.Slug)
			}
			if c.Denominator != nil || c.DenominatorNote == nil {
				t.Errorf("%s: denominator %v note %s, want null with a note", c.Slug, c.Denominator, str(c.DenominatorNote))
			}
			if c.CityCount != nil {
				byCount[*c.CityCount] = c
			}
			if c.Share != nil {
				byShare[*c.Share] = append(byShare[*c.Share], c)
			}
			if c.Concept != nil && c.Concept.Slug == "paying-for-services" {
				paying = &all[i]
			}
		}
		for n, concept := range map[int]string{79: "launching-or-sustaining-a-project", 51: "idea-generation-brainstorming",
			36: "investing-in-digital-systems", 30: "investing-in-physical-infrastructure", 47: "training-staff-and-building-capacity"} {
			c, ok := byCount[n]
			if !ok || c.Concept == nil || c.Concept.Slug != concept {
				t.Errorf("no comparison of %d cities for %s", n, concept)
			}
			if ok && c.LabelInferred != (n == 47) {
				t.Errorf("%d cities: label_inferred %v, want %v", n, c.LabelInferred, n == 47)
			}
		}
		if paying == nil || paying.CityCount != nil || paying.FigureNote == nil {
			t.Errorf("paying for services = %+v, want city_count null with a figure_note", paying)
		}
		if s := byShare[0.61]; len(s) != 1 || s[0].Wave == nil || s[0].Wave.Slug != "2020" {
			t.Errorf("61%% comparisons %+v, want one, of the 2020 wave", s)
		}
		if s := byShare[0.81]; len(s) != 1 || s[0].Wave != nil || s[0].WaveNote == nil {
			t.Errorf("81%% comparisons %+v, want one, wave null with a note", s)
		}
		quals := map[string]bool{}
		for _, c := range byShare[0.5] {
			quals[str(c.ShareQualifier)] = true
		}
		if !quals["exact"] || !quals["more_than"] {
			t.Errorf("0.5 shares with qualifiers %v, want 50%% (exact) and more than half (more_than)", quals)
		}
	})
}

func TestVocabularyFacts(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		ranked := map[int]string{}
		offered := map[string]bool{}
		for _, c := range listAll[opencity.Concept](t, srv, "/v1/concepts") {
			if c.Vocabulary.Slug == "innovation-activities" && c.Rank != nil {
				ranked[*c.Rank] = c.Label
			}
			for _, w := range c.Waves {
				offered[c.Slug+"@"+w.Wave.Slug] = w.Offered
			}
		}
		want := map[int]string{1: "Taking risks or testing new ideas", 2: "Data-driven analytics/public data management",
			3: "Engaging residents in new ways", 4: "Developing new solutions based on digital technologies",
			5: "Organizational change within the municipality", 6: "Human-centered design",
			7: "Rethinking your city’s approach to financing partnerships"}
		for rank, label := range want {
			if ranked[rank] != label {
				t.Errorf("innovation activity %d = %q, want %q", rank, ranked[rank], label)
			}
		}
		for key, want := range map[string]bool{
			"launching-or-sustaining-a-project@2018": true, "launching-or-sustaining-a-project@2020": false,
			"training-staff-and-building-capacity@2018": false, "training-staff-and-building-capacity@2020": true,
		} {
			if got, ok := offered[key]; !ok || got != want {
				t.Errorf("%s offered = %v (known %v), want %v", key, got, ok, want)
			}
		}
	})
}
