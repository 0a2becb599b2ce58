package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// exportCollections returns the collections the spec says can be exported (the description of
// the file parameter of /v1/exports/{file}).
func exportCollections(t testing.TB) []string {
	t.Helper()
	doc, _ := openAPI(t)
	item := doc.Paths.Value("/v1/exports/{file}")
	if item == nil || item.Get == nil || item.Parameters.GetByInAndName("path", "file") == nil {
		t.Fatal("the spec has no GET /v1/exports/{file} with a file parameter")
	}
	desc := item.Parameters.GetByInAndName("path", "file").Description
	_, list, ok := strings.Cut(desc, "one of ")
	if !ok {
		t.Fatalf("file parameter description %q lists no collections", desc)
	}
	names := strings.Split(list, ", ")
	slices.Sort(names)
	return names
}

func TestEveryListCanBeExported(t *testing.T) {
	var lists []string
	for _, path := range listPaths(t) {
		lists = append(lists, strings.TrimPrefix(path, "/v1/"))
	}
	if got := exportCollections(t); !slices.Equal(got, lists) {
		t.Errorf("exports documented %q, lists %q", got, lists)
	}
}

// pagesOf GETs every page of list in format (csv or ndjson) by following the Link header,
// and returns their bodies.
func pagesOf(t *testing.T, srv *server, list, format string, limit int) [][]byte {
	t.Helper()
	var out [][]byte
	target := list + "?format=" + format + "&limit=" + strconv.Itoa(limit)
	for {
		r := srv.get(t, target)
		mustOK(t, target, r)
		out = append(out, r.Body)
		next, ok := linkRels(t, r.Header.Get("Link"))["next"]
		if !ok {
			return out
		}
		target = next
	}
}

// checkExport checks that the export of collection equals the concatenation of all the pages
// of its list, in both formats, and returns the CSV export's row count.
func checkExport(t *testing.T, srv *server, collection string, limit int) int {
	t.Helper()
	list := "/v1/" + collection
	nd := srv.get(t, "/v1/exports/"+collection+".ndjson")
	mustOK(t, collection+".ndjson", nd)
	if got := bytes.Join(pagesOf(t, srv, list, "ndjson", limit), nil); !bytes.Equal(nd.Body, got) {
		t.Errorf("%s.ndjson (%d bytes) differs from the %s pages' lines (%d bytes)", collection, len(nd.Body), list, len(got))
	}
	c := srv.get(t, "/v1/exports/"+collection+".csv")
	mustOK(t, collection+".csv", c)
	if joined := joinPages(pagesOf(t, srv, list, "csv", limit)); !bytes.Equal(c.Body, joined) {
		t.Errorf("%s.csv (%d bytes) differs from the %s pages' rows (%d bytes)", collection, len(c.Body), list, len(joined))
	}
	modified, err := http.ParseTime(c.Header.Get("Last-Modified"))
	if err != nil {
		t.Fatalf("%s.csv: Last-Modified: %v", collection, err)
	}
	want := `attachment; filename="opencity-` + collection + "-" + modified.Format(time.DateOnly) + `.csv"`
	if got := c.Header.Get("Content-Disposition"); got != want {
		t.Errorf("%s.csv: Content-Disposition %q, want %q", collection, got, want)
	}
	return len(readCSV(t, c.Body)) - 1
}

func TestExportIsEveryPage(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, collection := range exportCollections(t) {
			if n := checkExport(t, srv, collection, 7); n == 0 {
				t.Errorf("%s.csv: no rows", collection)
			}
		}
	})
}

// joinPages returns the CSV pages as one file: the first page's header, every page's rows.
func joinPages(pages [][]byte) []byte {
	var joined []byte
	for i, page := range pages {
		if i > 0 {
			_, page, _ = bytes.Cut(page, []byte("\r\n"))
		}
		joined = append(joined, page...)
	}
	return joined
}

func TestExportTakesTheListsFiltersAndSort(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, tc := range []struct{ collection, query string }{
			{"cities", "country=DE"},
			{"cities", "sort=-name"},
			{"answers", "state=selected&sort=-slug"},
			{"concepts", "vocabulary=policy-areas"},
			{"innovation-roles", ""},
			{"statistics", "sort=-slug"},
			{"cities", "fields=name,country&country=DE"},
		} {
			list := "/v1/" + tc.collection
			c := srv.get(t, "/v1/exports/"+tc.collection+".csv?"+tc.query)
			mustOK(t, tc.collection, c)
			target := list + "?format=csv&limit=3&" + tc.query
			var pages [][]byte
			for {
				r := srv.get(t, target)
				mustOK(t, target, r)
				pages = append(pages, r.Body)
				next, ok := linkRels(t, r.Header.Get("Link"))["next"]
				if !ok {
					break
				}
				target = next
			}
			if want := joinPages(pages); !bytes.Equal(c.Body, want) || len(readCSV(t, c.Body)) < 2 {
				t.Errorf("%s.csv?%s: %d bytes, the pages of %s hold %d", tc.collection, tc.query, len(c.Body), list, len(want))
			}
		}
	})
}

func TestExportStreamsInBatches(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		const synthetic = 2345 // more than two batches of 1000
		addSyntheticCities(t, s, synthetic)
		srv := newServer(t, s)
		if n := checkExport(t, srv, "cities", 500); n < synthetic {
			t.Errorf("cities.csv: %d rows, want at least %d", n, synthetic)
		}
		plain := srv.get(t, "/v1/exports/cities.ndjson")
		zipped := srv.do(t, http.MethodGet, "/v1/exports/cities.ndjson", "Accept-Encoding", "gzip")
		if zipped.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(zipped.plain(t), plain.Body) {
			t.Errorf("gzipped export: Content-Encoding %q, %d bytes unzipped, want %d",
				zipped.Header.Get("Content-Encoding"), len(zipped.plain(t)), len(plain.Body))
		}
		if zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
			t.Error("gzipped and plain exports share an ETag")
		}
	})
}

func TestExportBadInput(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		runBad(t, srv, []badCase{
			{name: "unknown collection", target: "/v1/exports/atlantis.csv", status: 404},
			{name: "unknown format", target: "/v1/exports/cities.xlsx", status: 404},
			{name: "no format", target: "/v1/exports/cities", status: 404},
			{name: "two extensions", target: "/v1/exports/cities.csv.csv", status: 404},
			{name: "upper case", target: "/v1/exports/Cities.csv", status: 404},
			{name: "a record, not a collection", target: "/v1/exports/leipzig.csv", status: 404},
			{name: "dot dot", target: "/v1/exports/..%2Fcities.csv", status: 404},
			{name: "query parameter", target: "/v1/exports/cities.csv?limit=5", status: 400, param: "limit"},
			{name: "format parameter", target: "/v1/exports/cities.csv?format=json", status: 400, param: "format"},
			{name: "cursor parameter", target: "/v1/exports/cities.csv?cursor=abc", status: 400, param: "cursor"},
			{name: "include parameter", target: "/v1/exports/cities.csv?include=sources", status: 400, param: "include"},
			{name: "unknown filter", target: "/v1/exports/cities.csv?colour=red", status: 400, param: "colour"},
			{name: "unknown field", target: "/v1/exports/cities.ndjson?fields=colour", status: 400, param: "fields"},
			{name: "unknown sort key", target: "/v1/exports/cities.csv?sort=colour", status: 400, param: "sort"},
			{name: "search on a list that has none", target: "/v1/exports/answers.csv?q=x", status: 400, param: "q"},
			{name: "Accept is not asked", target: "/v1/exports/cities.csv", accept: "application/json", status: 200},
			{name: "POST", method: http.MethodPost, target: "/v1/exports/cities.csv", status: 405},
		})
		req := httptest.NewRequest(http.MethodGet, "/v1/exports/atlantis.csv", nil)
		p := checkProblem(t, req, srv.send(t, req), http.StatusNotFound)
		if !strings.Contains(p.Detail, "cities") || !strings.Contains(p.Detail, ".ndjson") {
			t.Errorf("404 detail %q does not say what can be exported", p.Detail)
		}
	})
}
