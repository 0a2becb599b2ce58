package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/format"
	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// formulaName is the name of a synthetic city, in the test database only, that a spreadsheet
// would run as a formula if the CSV export did not escape it.
const formulaName = `=HYPERLINK("https://evil.example","click")`

// addSyntheticCities adds n synthetic cities (slugs zz-synthetic-00000, ...) with a synthetic
// source of their own to the test database; the first is named formulaName.
func addSyntheticCities(t testing.TB, s *store.Store, n int) {
	t.Helper()
	db := s.DB()
	err := db.Exec("INSERT INTO sources (slug, title, publisher, url, kind, synthetic) VALUES " +
		"('zz-synthetic-test-source', 'Synthetic test data', 'OpenCity tests', 'https://opencity.example/synthetic', 'public_record', TRUE)").Error
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]map[string]any, n)
	for i := range rows {
		name := "Synthetic city " + strings.Repeat("x", i%7)
		if i == 0 {
			name = formulaName
		}
		rows[i] = map[string]any{
			"slug": fmt.Sprintf("zz-synthetic-%05d", i), "name": name, "country_code": "XX", "country_name": "Synthetica",
			"source": "zz-synthetic-test-source", "synthetic": true,
		}
	}
	if err := db.Table("cities").CreateInBatches(rows, 500).Error; err != nil {
		t.Fatal(err)
	}
}

// mediaType returns the media type of the response, without parameters.
func mediaType(r *response) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// readCSV parses a CSV body strictly: RFC 4180 quoting, the same number of fields in every row,
// CRLF at the end of every row.
func readCSV(t testing.TB, body []byte) [][]string {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Errorf("CSV does not end with CRLF: %.80q", body[max(0, len(body)-80):])
	}
	rd := csv.NewReader(bytes.NewReader(body))
	rd.ReuseRecord = false
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%.500s", err, body)
	}
	if bare := regexp.MustCompile("[^\r]\n").FindIndex(body); bare != nil && !insideQuotes(body, bare[0]) {
		t.Errorf("CSV has a row ended by a bare LF at byte %d", bare[0])
	}
	return rows
}

// insideQuotes reports whether byte i of a CSV body lies inside a quoted field.
func insideQuotes(body []byte, i int) bool {
	return bytes.Count(body[:i], []byte(`"`))%2 == 1
}

func TestCitiesAsCSV(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		addSyntheticCities(t, s, 3)
		srv := newServer(t, s)
		byAccept := srv.do(t, http.MethodGet, "/v1/cities?limit=500", "Accept", "text/csv")
		byParam := srv.do(t, http.MethodGet, "/v1/cities?limit=500&format=csv", "Accept", "application/json")
		mustOK(t, "/v1/cities as CSV", byAccept)
		if got := byAccept.Header.Get("Content-Type"); got != "text/csv; charset=utf-8; header=present" {
			t.Errorf("Content-Type %q", got)
		}
		if mediaType(byParam) != "text/csv" {
			t.Errorf("?format=csv with Accept: application/json: %q, want CSV (format wins)", mediaType(byParam))
		}
		rows := readCSV(t, byAccept.Body)
		want := format.Columns(reflect.TypeFor[opencity.City]())
		if !slices.Equal(rows[0], want) || !slices.Contains(rows[0], "country.code") {
			t.Errorf("header %q, want %q", rows[0], want)
		}
		page := getJSON[struct{ Data []opencity.City }](t, srv, "/v1/cities?limit=500")
		if len(rows)-1 != len(page.Data) {
			t.Fatalf("%d CSV rows, %d JSON records", len(rows)-1, len(page.Data))
		}
		name := slices.Index(rows[0], "name")
		for i, c := range page.Data {
			if rows[i+1][0] != c.Slug {
				t.Errorf("row %d: slug %q, JSON has %q", i+1, rows[i+1][0], c.Slug)
			}
			wantName := c.Name
			if c.Name == formulaName {
				wantName = "'" + formulaName
			}
			if rows[i+1][name] != wantName {
				t.Errorf("row %d: name %q, want %q", i+1, rows[i+1][name], wantName)
			}
		}
		if !bytes.Contains(byAccept.Body, []byte(`"'=HYPERLINK(""https://evil.example"",""click"")"`)) {
			t.Errorf("the formula is not escaped in the CSV")
		}
		if !slices.ContainsFunc(page.Data, func(c opencity.City) bool { return c.Name == formulaName && c.Synthetic }) {
			t.Errorf("JSON does not serve the synthetic name as it is")
		}
	})
}

func TestCSVFields(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for target, want := range map[string]string{
			"/v1/cities?format=csv&fields=name,country": "slug,href,name,country.code,country.name",
			"/v1/cities?format=csv&fields=synthetic":    "slug,href,synthetic",
			"/v1/exports/cities.csv?fields=country":     "slug,href,country.code,country.name",
		} {
			r := srv.get(t, target)
			mustOK(t, target, r)
			if rows := readCSV(t, r.Body); strings.Join(rows[0], ",") != want {
				t.Errorf("%s: header %q, want %q", target, rows[0], want)
			}
		}
		req := badCase{target: "/v1/cities?format=csv&fields=nope"}.request()
		if p := checkProblem(t, req, srv.send(t, req), http.StatusBadRequest); len(p.Errors) != 1 || p.Errors[0].Parameter != "fields" {
			t.Errorf("unknown field in CSV: %+v", p.Errors)
		}
	})
}

func TestNegotiation(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, tc := range []struct {
			target, accept, want string // want: a media type, or a status
		}{
			{"/v1/cities", "text/csv", "text/csv"},
			{"/v1/cities", "application/x-ndjson", "application/x-ndjson"},
			{"/v1/cities", "", "application/json"},
			{"/v1/cities", "*/*", "application/json"},
			{"/v1/cities", "text/*", "text/csv"},
			{"/v1/cities", "text/csv;q=0.5, application/json", "application/json"},
			{"/v1/cities", "application/json;q=0.2, application/x-ndjson;q=0.9", "application/x-ndjson"},
			{"/v1/cities", "application/json;q=0, */*", "text/csv"},
			{"/v1/cities", "TEXT/CSV", "text/csv"},
			{"/v1/cities?format=ndjson", "text/html", "application/x-ndjson"},
			{"/v1/cities?format=json", "text/csv", "application/json"},
			{"/v1/cities/leipzig", "text/csv, application/json;q=0.1", "application/json"},
			{"/v1/cities", "text/html", "406"},
			{"/v1/cities", "application/json;q=0, text/csv;q=0, application/x-ndjson;q=0", "406"},
			{"/v1/cities/leipzig", "text/csv", "406"},
			{"/v1/cities?format=xml", "", "400"},
			{"/v1/cities?format=csv&format=json", "", "400"},
			{"/v1/cities?format=csv&include=sources", "", "400include"},
			{"/v1/cities?format=ndjson&facets=country", "", "400facets"},
		} {
			req := badCase{target: tc.target}.request()
			req.Header.Set("Accept", tc.accept)
			r := srv.send(t, req)
			switch tc.want {
			case "406":
				p := checkProblem(t, req, r, http.StatusNotAcceptable)
				types := "application/json"
				if !strings.Contains(tc.target, "/leipzig") {
					types = "application/json, text/csv, application/x-ndjson"
				}
				if !strings.Contains(p.Detail, types) {
					t.Errorf("Accept %q on %s: detail %q does not list %s", tc.accept, tc.target, p.Detail, types)
				}
			case "400", "400include", "400facets":
				param := strings.TrimPrefix(tc.want, "400")
				if param == "" {
					param = "format"
				}
				p := checkProblem(t, req, r, http.StatusBadRequest)
				if len(p.Errors) != 1 || p.Errors[0].Parameter != param {
					t.Errorf("%s: errors %+v, want one naming %s", tc.target, p.Errors, param)
				}
			default:
				if r.Status != http.StatusOK || mediaType(r) != tc.want {
					t.Errorf("Accept %q on %s: %d %q, want %s", tc.accept, tc.target, r.Status, mediaType(r), tc.want)
				}
			}
		}
	})
}

func TestNDJSONLinesAreTheJSONItems(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, list := range []string{"/v1/answers?limit=500", "/v1/cities?limit=500", "/v1/comparisons?limit=500", "/v1/cities?fields=name,country"} {
			r := srv.get(t, list+"&format=ndjson")
			mustOK(t, list, r)
			var page struct{ Data []json.RawMessage }
			srv.get(t, list).decode(t, &page)
			lines := bytes.Split(bytes.TrimSuffix(r.Body, []byte("\n")), []byte("\n"))
			if len(lines) != len(page.Data) {
				t.Fatalf("%s: %d NDJSON lines, %d JSON items", list, len(lines), len(page.Data))
			}
			for i, line := range lines {
				if !bytes.Equal(line, page.Data[i]) {
					t.Errorf("%s line %d:\n%.300s\nJSON item:\n%.300s", list, i+1, line, page.Data[i])
				}
			}
		}
	})
}

// linkRels parses a Link header into its targets by relation.
func linkRels(t testing.TB, header string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<([^>]*)>;\s*rel="([^"]+)"`).FindAllStringSubmatch(header, -1) {
		out[m[2]] = m[1]
	}
	return out
}

func TestLinkHeaderMatchesLinks(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		target, pages := "/v1/concepts?limit=7", 0
		var csvRows [][]string
		for {
			r := srv.get(t, target)
			mustOK(t, target, r)
			var page listPage
			r.decode(t, &page)
			rels := linkRels(t, r.Header.Get("Link"))
			if rels["self"] != page.Links.Self {
				t.Errorf("%s: Link self %q, links.self %q", target, rels["self"], page.Links.Self)
			}
			next, hasNext := rels["next"]
			if hasNext != (page.Links.Next != nil) || (hasNext && next != *page.Links.Next) {
				t.Errorf("%s: Link next %q, links.next %v", target, next, page.Links.Next)
			}
			// The CSV page names the same pages, as CSV.
			c := srv.get(t, strings.Replace(target, "?", "?format=csv&", 1))
			crels := linkRels(t, c.Header.Get("Link"))
			if hasNext && !strings.Contains(crels["next"], "format=csv") {
				t.Errorf("%s as CSV: Link next %q does not keep format=csv", target, crels["next"])
			}
			rows := readCSV(t, c.Body)
			csvRows = append(csvRows, rows[1:]...)
			pages++
			if !hasNext {
				break
			}
			target = next
		}
		all := readCSV(t, srv.get(t, "/v1/concepts?limit=500&format=csv").Body)
		if pages < 3 || !reflect.DeepEqual(csvRows, all[1:]) {
			t.Errorf("%d CSV pages hold %d rows; the single page %d", pages, len(csvRows), len(all)-1)
		}
	})
}

// listPaths returns the spec's lists: the GET paths served as CSV.
func listPaths(t testing.TB) []string {
	t.Helper()
	doc, _ := openAPI(t)
	var out []string
	for _, path := range doc.Paths.InMatchingOrder() {
		op := doc.Paths.Value(path).Get
		if op == nil || strings.Contains(path, "{") {
			continue
		}
		if ok := op.Responses.Status(http.StatusOK); ok != nil && ok.Value.Content["text/csv"] != nil {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

func TestEveryListInEveryFormat(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		lists := listPaths(t)
		if len(lists) < 20 {
			t.Fatalf("the spec has %d lists served as CSV", len(lists))
		}
		for _, list := range lists {
			n := len(listAll[json.RawMessage](t, srv, list))
			rows := readCSV(t, srv.get(t, list+"?limit=500&format=csv").Body)
			nd := srv.get(t, list+"?limit=500&format=ndjson") // each line checked against the spec
			if len(rows)-1 != n || bytes.Count(nd.Body, []byte("\n")) != n {
				t.Errorf("%s: %d JSON items, %d CSV rows, %d NDJSON lines", list, n, len(rows)-1, bytes.Count(nd.Body, []byte("\n")))
			}
			// Its records are JSON only.
			slugs := listSlugs(t, srv, list)
			if len(slugs) > 0 {
				req := badCase{target: list + "/" + slugs[0], accept: "text/csv"}.request()
				checkProblem(t, req, srv.send(t, req), http.StatusNotAcceptable)
			}
		}
	})
}
