package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// slugs GETs a list and returns the slugs of its first page, in order.
func slugs(t *testing.T, srv *server, target string) []string {
	t.Helper()
	page := getJSON[listPage](t, srv, target)
	out := []string{}
	for _, d := range page.Data {
		out = append(out, d.Slug)
	}
	return out
}

func TestFiltersSortAndSearch(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, tc := range []struct {
			target string
			want   []string
		}{
			{"/v1/cities?country=DE", []string{"leipzig"}},
			{"/v1/cities?country=DE,FI", []string{"espoo", "leipzig"}},
			{"/v1/cities?population[gte]=500000", []string{"leipzig"}},
			{"/v1/cities?population[lt]=500000", []string{}},
			{"/v1/cities?population[null]=false", []string{"leipzig"}},
			{"/v1/cities?population[null]=true&country=CN", []string{"tianjin"}},
			{"/v1/cities?sort=-population,name&limit=3", []string{"leipzig", "eindhoven", "espoo"}},
			{"/v1/cities?sort=-name&limit=2", []string{"tianjin", "stavanger"}},
			{"/v1/cities?q=horning", []string{"leipzig"}},
			{"/v1/cities?q=H%C3%B6rning", []string{"leipzig"}},
			{"/v1/cities?q=burkhard%20jung", []string{"leipzig"}},
			{"/v1/cities?q=zzzznothing", []string{}},
			{"/v1/concepts?vocabulary=innovation-roles&wave=2018", []string{"community-engagement", "designer"}},
			{"/v1/concepts?vocabulary=innovation-activities&sort=rank&limit=2",
				[]string{"taking-risks-or-testing-new-ideas", "data-driven-analytics-public-data-management"}},
			{"/v1/innovation-roles?q=scientist", []string{"data-scientist"}},
			{"/v1/funding-activities?wave=2018&sort=label&limit=1", []string{"idea-generation-brainstorming"}},
			{"/v1/answers?state=not_offered", []string{"leipzig-2020-funded-activities-launching-or-sustaining-a-project"}},
			{"/v1/data-availability?conflict=true", []string{"leipzig-insufficient-health", "leipzig-sufficient-health"}},
			{"/v1/comparisons?label_inferred=true", []string{"cities-funding-unlabelled-47"}},
			{"/v1/comparisons?city_count[gte]=50&sort=-city_count", []string{"cities-funding-launching-or-sustaining-a-project", "cities-funding-idea-generation-brainstorming"}},
			{"/v1/comparisons?wave=2020", []string{"cities-funding-training-staff-2020"}},
			{"/v1/projects?starts_on[gte]=2019", []string{"efficience"}},
			{"/v1/projects?starts_on[null]=true", []string{"sparcs"}},
			{"/v1/participations?city=leipzig&role=lighthouse", []string{"sparcs-leipzig"}},
			{"/v1/populations?source=triangulum-site-leipzig", []string{"leipzig-2014-triangulum-site"}},
			{"/v1/organisations?q=statistical", []string{"saxony-state-statistical-office"}},
			{"/v1/org-units?parent[null]=false", []string{"digital-city-unit"}},
			{"/v1/media?credit=M.%20Korzer&limit=1", []string{"e-mobility-station"}},
		} {
			if got := slugs(t, srv, tc.target); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("GET %s: %v, want %v", tc.target, got, tc.want)
			}
		}
	})
}

// TestSortedPagingIsStable walks sorted lists page by page: every record once, in the order
// of one big page.
func TestSortedPagingIsStable(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, list := range []string{"/v1/cities?sort=-population,name", "/v1/comparisons?sort=-share",
			"/v1/concepts?sort=rank", "/v1/participations?sort=-starts_on", "/v1/answers?sort=question&state=selected"} {
			whole := slugs(t, srv, list+"&limit=500")
			var walked []string
			target := list + "&limit=2"
			for range 200 {
				page := getJSON[listPage](t, srv, target)
				for _, d := range page.Data {
					walked = append(walked, d.Slug)
				}
				if page.Links.Next == nil {
					break
				}
				target = *page.Links.Next
			}
			if !reflect.DeepEqual(walked, whole) {
				t.Errorf("%s by 2: %v\nwant %v", list, walked, whole)
			}
		}
	})
}

func TestCursorIsBoundToSortAndFilters(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		page := getJSON[listPage](t, srv, "/v1/cities?sort=name&limit=2")
		next, err := url.Parse(*page.Links.Next)
		if err != nil {
			t.Fatal(err)
		}
		cursor := next.Query().Get("cursor")
		for _, target := range []string{
			"/v1/cities?sort=-name&limit=2&cursor=" + cursor,
			"/v1/cities?limit=2&cursor=" + cursor,
			"/v1/cities?sort=name&country=DE&limit=2&cursor=" + cursor,
			"/v1/cities?sort=name&q=leipzig&limit=2&cursor=" + cursor,
		} {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			p := checkProblem(t, req, srv.send(t, req), http.StatusBadRequest)
			if len(p.Errors) != 1 || p.Errors[0].Parameter != "cursor" {
				t.Errorf("GET %s: errors %+v, want one naming cursor", target, p.Errors)
			}
		}
		// The same sort with the limit changed keeps the cursor valid.
		mustOK(t, "limit change", srv.get(t, "/v1/cities?sort=name&limit=3&cursor="+cursor))
	})
}

func TestBadQueriesNameTheParameter(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, tc := range []struct{ target, param string }{
			{"/v1/cities?countryy=DE", "countryy"},
			{"/v1/cities?population[foo]=1", "population[foo]"},
			{"/v1/cities?population[gte]=abc", "population[gte]"},
			{"/v1/cities?population[gte]=99999999999999999999", "population[gte]"},
			{"/v1/cities?name[gte]=a", "name[gte]"},
			{"/v1/cities?mayor[null]=maybe", "mayor[null]"},
			{"/v1/cities?name[null]=true", "name[null]"},
			{"/v1/cities?synthetic=yes", "synthetic"},
			{"/v1/cities?country=", "country"},
			{"/v1/cities?country=DE&country=FR", "country"},
			{"/v1/cities?sort=name;DROP%20TABLE%20cities", "sort"},
			{"/v1/cities?sort=mayor", "sort"},
			{"/v1/cities?sort=name,country,population,population_year", "sort"},
			{"/v1/cities?q=%00", "q"},
			{"/v1/cities?q=%21%21%21", "q"},
			{"/v1/cities?q=" + strings.Repeat("a", 201), "q"},
			{"/v1/answers?q=health", "q"},
			{"/v1/projects?starts_on[gte]=2019-4", "starts_on[gte]"},
			{"/v1/comparisons?share[gt]=NaN", "share[gt]"},
			{"/v1/cities?country=" + strings.Repeat("D,", 101), "country"},
			{"/v1/cities?Country=DE", "Country"},
			{"/v1/cities?country%5Bgte%5D%5Bx%5D=1", "country[gte][x]"},
		} {
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			p := checkProblem(t, req, srv.send(t, req), http.StatusBadRequest)
			if len(p.Errors) != 1 || p.Errors[0].Parameter != tc.param {
				t.Errorf("GET %s: errors %+v, want one naming %q", tc.target, p.Errors, tc.param)
			}
		}
		// The injection attempt changed nothing.
		if got := slugs(t, srv, "/v1/cities?country=DE"); !reflect.DeepEqual(got, []string{"leipzig"}) {
			t.Errorf("after bad queries, cities?country=DE = %v", got)
		}
	})
}

func TestFacetsCountTheFilteredList(t *testing.T) {
	type facetPage struct {
		Meta struct {
			Facets map[string][]struct {
				Value *string `json:"value"`
				Count int     `json:"count"`
			} `json:"facets"`
		} `json:"meta"`
	}
	backends(t, func(t *testing.T, srv *server) {
		p := getJSON[facetPage](t, srv, "/v1/data-availability?facets=status,conflict&limit=1")
		status, conflict := p.Meta.Facets["status"], p.Meta.Facets["conflict"]
		if len(status) != 2 || *status[0].Value != "sufficient" || status[0].Count != 17 ||
			*status[1].Value != "insufficient" || status[1].Count != 2 {
			t.Errorf("status facet %+v, want sufficient 17, insufficient 2", status)
		}
		if len(conflict) != 2 || *conflict[0].Value != "false" || conflict[0].Count != 17 ||
			*conflict[1].Value != "true" || conflict[1].Count != 2 {
			t.Errorf("conflict facet %+v, want false 17, true 2", conflict)
		}
		p = getJSON[facetPage](t, srv, "/v1/cities?facets=region&country=DE,FI")
		region := p.Meta.Facets["region"]
		if len(region) != 2 || region[0].Value != nil && region[1].Value != nil {
			t.Errorf("region facet over DE,FI %+v, want Saxony 1 and null 1", region)
		}
		for _, target := range []string{"/v1/cities?facets=mayor", "/v1/cities?facets=a,b,c,d,e,f", "/v1/statistics?facets=wave"} {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if p := checkProblem(t, req, srv.send(t, req), http.StatusBadRequest); len(p.Errors) != 1 || p.Errors[0].Parameter != "facets" {
				t.Errorf("GET %s: errors %+v, want one naming facets", target, p.Errors)
			}
		}
	})
}

func TestSparseFields(t *testing.T) {
	keysOf := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	backends(t, func(t *testing.T, srv *server) {
		page := getJSON[struct{ Data []map[string]any }](t, srv, "/v1/cities?fields=name&limit=3")
		for _, item := range page.Data {
			if got := keysOf(item); !reflect.DeepEqual(got, []string{"href", "name", "slug"}) {
				t.Errorf("cities?fields=name: item keys %v", got)
			}
		}
		city := getJSON[map[string]any](t, srv, "/v1/cities/leipzig?fields=mayor,populations,mayor")
		if got := keysOf(city); !reflect.DeepEqual(got, []string{"href", "mayor", "populations", "slug"}) {
			t.Errorf("cities/leipzig?fields=mayor,populations: keys %v", got)
		}
		withSources := getJSON[map[string]any](t, srv, "/v1/cities?fields=source&include=sources&slug=leipzig")
		if _, ok := withSources["included"]; !ok {
			t.Errorf("fields with include lost included: %v", keysOf(withSources))
		}
		for _, target := range []string{"/v1/cities?fields=nope", "/v1/cities/leipzig?fields=name,", "/v1/answers?fields=Slug"} {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if p := checkProblem(t, req, srv.send(t, req), http.StatusBadRequest); len(p.Errors) != 1 || p.Errors[0].Parameter != "fields" {
				t.Errorf("GET %s: errors %+v, want one naming fields", target, p.Errors)
			}
		}
	})
}
