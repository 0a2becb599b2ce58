package api_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// badCase is one request a client can get wrong and the answer it must get.
type badCase struct {
	name   string
	method string // GET when empty
	target string
	accept string // application/json when empty
	status int
	param  string // the parameter errors[] must name, for a 400
}

func (c badCase) request() *http.Request {
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, c.target, nil)
	accept := c.accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	return req
}

// runBad sends each case and checks its status, its problem document and the parameter named.
func runBad(t *testing.T, srv *server, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := c.request()
			r := srv.send(t, req)
			if c.status == http.StatusOK {
				if r.Status != http.StatusOK {
					t.Errorf("%s %s: status %d, want 200; body %.300s", req.Method, c.target, r.Status, r.Body)
				}
				return
			}
			p := checkProblem(t, req, r, c.status)
			if c.param != "" && !slices.ContainsFunc(p.Errors, func(e fieldError) bool {
				return e.Parameter == c.param && e.Reason != ""
			}) {
				t.Errorf("%s %s: errors %+v do not name parameter %q", req.Method, c.target, p.Errors, c.param)
			}
			if c.status == http.StatusMethodNotAllowed && !strings.Contains(r.Header.Get("Allow"), http.MethodGet) {
				t.Errorf("%s %s: Allow %q, want it to list GET", req.Method, c.target, r.Header.Get("Allow"))
			}
		})
	}
}

// nextCursor returns the cursor of links.next of the first page of list with limit=1.
func nextCursor(t *testing.T, srv *server, list string) string {
	t.Helper()
	page := getJSON[struct {
		Links struct {
			Next *string `json:"next"`
		} `json:"links"`
	}](t, srv, list+"?limit=1")
	if page.Links.Next == nil {
		t.Fatalf("%s?limit=1 has no next page", list)
	}
	_, cur, ok := strings.Cut(*page.Links.Next, "cursor=")
	if !ok {
		t.Fatalf("links.next %q has no cursor", *page.Links.Next)
	}
	cur, _, _ = strings.Cut(cur, "&")
	return cur
}

// tamper changes the first character of a cursor, which changes the signed payload.
func tamper(cur string) string {
	if cur[0] == 'A' {
		return "B" + cur[1:]
	}
	return "A" + cur[1:]
}

func TestBadInput(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		cityCursor := nextCursor(t, srv, "/v1/cities")
		sourceCursor := nextCursor(t, srv, "/v1/sources")
		long := strings.Repeat("a", 5000)
		runBad(t, srv, []badCase{
			{name: "limit 0", target: "/v1/cities?limit=0", status: 400, param: "limit"},
			{name: "limit -1", target: "/v1/cities?limit=-1", status: 400, param: "limit"},
			{name: "limit 501", target: "/v1/cities?limit=501", status: 400, param: "limit"},
			{name: "limit abc", target: "/v1/cities?limit=abc", status: 400, param: "limit"},
			{name: "limit beyond int64", target: "/v1/cities?limit=99999999999999999999", status: 400, param: "limit"},
			{name: "limit 1.5", target: "/v1/cities?limit=1.5", status: 400, param: "limit"},
			{name: "limit with space", target: "/v1/cities?limit=%201", status: 400, param: "limit"},
			{name: "limit repeated", target: "/v1/cities?limit=1&limit=2", status: 400, param: "limit"},
			{name: "limit 500 is the maximum", target: "/v1/cities?limit=500", status: 200},
			{name: "limit 1 is the minimum", target: "/v1/cities?limit=1", status: 200},
			{name: "empty limit is absent", target: "/v1/cities?limit=", status: 200},
			{name: "empty cursor is absent", target: "/v1/cities?cursor=", status: 200},
			{name: "cursor valid", target: "/v1/cities?limit=1&cursor=" + cityCursor, status: 200},
			{name: "cursor tampered", target: "/v1/cities?limit=1&cursor=" + tamper(cityCursor), status: 400, param: "cursor"},
			{name: "cursor from another list", target: "/v1/cities?limit=1&cursor=" + sourceCursor, status: 400, param: "cursor"},
			{name: "cursor garbage", target: "/v1/cities?cursor=abc", status: 400, param: "cursor"},
			{name: "cursor without signature", target: "/v1/cities?cursor=" + strings.Split(cityCursor, ".")[0], status: 400, param: "cursor"},
			{name: "cursor repeated", target: "/v1/cities?cursor=" + cityCursor + "&cursor=" + cityCursor, status: 400, param: "cursor"},
			{name: "cursor invalid UTF-8", target: "/v1/cities?cursor=%ff", status: 400, param: "cursor"},
			{name: "cursor NUL", target: "/v1/cities?cursor=a%00b", status: 400, param: "cursor"},
			{name: "cursor control char", target: "/v1/cities?cursor=a%0Ab", status: 400, param: "cursor"},
			{name: "cursor very long", target: "/v1/cities?cursor=" + long, status: 400, param: "cursor"},
			{name: "limit invalid UTF-8", target: "/v1/cities?limit=%ff", status: 400, param: "limit"},
			{name: "unknown parameter", target: "/v1/cities?foo=1", status: 400, param: "foo"},
			{name: "sql in sort", target: "/v1/cities?sort=name%3BDROP%20TABLE%20cities", status: 400, param: "sort"},
			{name: "malformed query", target: "/v1/cities?limit=%zz", status: 400},
			{name: "parameter on an item", target: "/v1/cities/leipzig?limit=1", status: 400, param: "limit"},
			{name: "parameter on a profile", target: "/v1/cities/leipzig/profile?x=1", status: 400, param: "x"},
			{name: "slug with ../", target: "/v1/cities/..%2F..%2Fetc", status: 400, param: "slug"},
			{name: "slug ..", target: "/v1/sources/..", status: 400, param: "slug"},
			{name: "slug upper case", target: "/v1/cities/Leipzig", status: 400, param: "slug"},
			{name: "slug with NUL", target: "/v1/cities/leip%00zig", status: 400, param: "slug"},
			{name: "slug too long", target: "/v1/cities/" + strings.Repeat("a", 200), status: 400, param: "slug"},
			{name: "profile slug upper case", target: "/v1/cities/LEIPZIG/profile", status: 400, param: "slug"},
			{name: "unknown slug", target: "/v1/cities/atlantis", status: 404},
			{name: "unknown slug profile", target: "/v1/cities/atlantis/profile", status: 404},
			{name: "unknown source", target: "/v1/sources/no-such-source", status: 404},
			{name: "concept of another vocabulary", target: "/v1/innovation-roles/health", status: 404},
			{name: "unknown path", target: "/v1/nothing-here", status: 404},
			{name: "unknown top-level path", target: "/nothing-here", status: 404},
			{name: "POST on a list", method: http.MethodPost, target: "/v1/surveys", status: 405},
			{name: "DELETE on an item", method: http.MethodDelete, target: "/v1/surveys/oecd-bloomberg-innovation-capacity", status: 405},
			{name: "PUT on a survey", method: http.MethodPut, target: "/v1/surveys/oecd-bloomberg-innovation-capacity", status: 405},
			{name: "Accept text/html on a list", target: "/v1/cities", accept: "text/html", status: 406},
			{name: "Accept text/csv on an item", target: "/v1/cities/leipzig", accept: "text/csv", status: 406},
			{name: "format on an item", target: "/v1/cities/leipzig?format=csv", status: 400, param: "format"},
			{name: "format unknown", target: "/v1/cities?format=xml", status: 400, param: "format"},
			{name: "format repeated", target: "/v1/cities?format=csv&format=csv", status: 400, param: "format"},
			{name: "format invalid UTF-8", target: "/v1/cities?format=%ff", status: 400, param: "format"},
			{name: "format NUL", target: "/v1/cities?format=csv%00", status: 400, param: "format"},
			{name: "empty format is absent", target: "/v1/cities?format=", status: 200},
			{name: "Accept json with q=0", target: "/v1/cities", accept: "application/json;q=0", status: 406},
			{name: "Accept text/html on an item", target: "/v1/cities/leipzig", accept: "text/html", status: 406},
			{name: "Accept */*", target: "/v1/cities", accept: "*/*", status: 200},
			{name: "Accept application/*", target: "/v1/cities", accept: "application/*", status: 200},
			{name: "Accept csv or json", target: "/v1/cities", accept: "text/csv, application/json;q=0.5", status: 200},
		})
		// The SQL in a refused parameter never ran: the cities table still answers in full.
		before := len(listAll[map[string]any](t, srv, "/v1/cities"))
		srv.send(t, badCase{target: "/v1/cities?sort=name;DROP%20TABLE%20cities"}.request())
		if after := len(listAll[map[string]any](t, srv, "/v1/cities")); after != before || after == 0 {
			t.Errorf("cities after a refused sort: %d, before %d", after, before)
		}
	})
}

func TestRequestID(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		cases := []struct {
			name, sent string
			echoed     bool
		}{
			{"well-formed id is echoed", "client-id_42.abc:1", true},
			{"id with spaces is replaced", "not a valid id", false},
			{"id too long is replaced", strings.Repeat("x", 500), false},
			{"id with a newline escape is replaced", "a\tb", false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, target := range []string{"/v1/cities/leipzig", "/v1/cities/atlantis"} {
					req := httptest.NewRequest(http.MethodGet, target, nil)
					req.Header.Set("Request-Id", c.sent)
					r := srv.send(t, req)
					got := r.Header.Get("Request-Id")
					if (got == c.sent) != c.echoed || got == "" {
						t.Errorf("GET %s with Request-Id %.40q: answered %.40q, echoed want %v", target, c.sent, got, c.echoed)
					}
				}
			})
		}
		a, b := srv.get(t, "/v1/cities"), srv.get(t, "/v1/cities")
		if a.Header.Get("Request-Id") == b.Header.Get("Request-Id") {
			t.Error("two requests got the same generated Request-Id")
		}
	})
}
