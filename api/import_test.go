package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
)

const (
	importHeader = "slug,name,country_code,country_name,region,mayor,mayor_source,source\n"
	importCities = importHeader +
		"chemnitz,Chemnitz,DE,Germany,Saxony,Sven Schulze,oecd-profile-leipzig,oecd-profile-leipzig\n" +
		"zwickau,Zwickau,DE,Germany,,,,oecd-profile-leipzig\n"
)

// importReq is a POST of body to /v1/imports?query with the write key (which has the import
// scope) and Content-Type ct, unless header names others.
func (ws *writeServer) importReq(t testing.TB, valid bool, query, ct, body string, header ...string) *response {
	t.Helper()
	return ws.do(t, valid, http.MethodPost, "/v1/imports?"+query, body, append([]string{"Content-Type", ct}, header...)...)
}

// importReport decodes the report of a 200 or the report inside a 422.
func importReport(t testing.TB, r *response) opencity.ImportReport {
	t.Helper()
	if r.Status == http.StatusUnprocessableEntity {
		var p struct{ Report opencity.ImportReport }
		r.decode(t, &p)
		return p.Report
	}
	var rep opencity.ImportReport
	r.decode(t, &rep)
	return rep
}

func TestImportAccepted(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		before := ws.snapshot(t)
		r := ws.importReq(t, true, "type=cities", "text/csv", importCities)
		if r.Status != http.StatusOK {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		rep := importReport(t, r)
		if !rep.Committed || rep.Rows != 2 || rep.Accepted != 2 || rep.Created != 2 {
			t.Fatalf("report %+v", rep)
		}
		after := ws.snapshot(t)
		if after.cities != before.cities+2 || after.changes != before.changes+2 || after.audit != before.audit+1 || after.version != before.version+1 {
			t.Errorf("before %+v, after %+v", before, after)
		}
		mustOK(t, "/v1/cities/chemnitz", ws.get(t, "/v1/cities/chemnitz"))
		if list := ws.get(t, "/v1/cities?limit=500"); !bytes.Contains(list.Body, []byte(`"zwickau"`)) {
			t.Errorf("the list does not show the imported city: %.300s", list.Body)
		}
		if feed := ws.get(t, "/v1/changes?limit=500"); !bytes.Contains(feed.Body, []byte(`"chemnitz"`)) {
			t.Errorf("the change feed does not show the import: %.300s", feed.Body)
		}

		// The same file again replaces (versions grow); populations then name the cities.
		rep = importReport(t, ws.importReq(t, true, "type=cities", "text/csv", importCities))
		if rep.Updated != 2 || !strings.HasPrefix(ws.etagOf(t, "/v1/cities/chemnitz"), `"v2.`) {
			t.Errorf("re-import: %+v", rep)
		}
		pops := `{"city": "chemnitz", "year": 2023, "value": 250000, "approximate": true, "as_printed": "about 250,000", "source": "oecd-profile-leipzig"}` + "\n" +
			`{"city": "zwickau", "year": 2023, "value": 87000, "as_printed": "87,000", "source": "oecd-profile-leipzig"}` + "\n"
		r = ws.importReq(t, true, "type=populations", "application/x-ndjson", pops)
		if rep := importReport(t, r); r.Status != http.StatusOK || rep.Created != 2 {
			t.Fatalf("populations: %d %s", r.Status, r.Body)
		}
		mustOK(t, "/v1/populations/chemnitz-2023-oecd-profile-leipzig", ws.get(t, "/v1/populations/chemnitz-2023-oecd-profile-leipzig"))
		if got := ws.etagOf(t, "/v1/cities/chemnitz"); !strings.HasPrefix(got, `"v3.`) {
			t.Errorf("city ETag after its population was imported: %s, want \"v3\"", got)
		}
	})
}

func TestImportRejected(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		tests := []struct {
			name, query, ct, body string
			line, column          int
			field                 string
		}{
			{"bad country", "type=cities", "text/csv", importCities + "x,X,XX,Nowhere,,,,oecd-profile-leipzig\n", 4, 5, "country_code"},
			{"unknown source", "type=cities", "text/csv", importCities + "x,X,DE,Germany,,,,nowhere\n", 4, 0, "source"},
			{"bad quote", "type=cities", "text/csv", importCities + "x,\"X\"y,DE,Germany,,,,oecd-profile-leipzig\n", 4, 5, ""},
			{"wrong field count", "type=cities", "text/csv", importCities + "x,X,DE\n", 4, 1, ""},
			{"slug twice", "type=cities", "text/csv", importCities + "chemnitz,C,DE,Germany,,,,oecd-profile-leipzig\n", 4, 0, "slug"},
			{"unknown column", "type=cities", "text/csv", "slug,nom\nx,X\n", 1, 6, "nom"},
			{"unknown city", "type=populations", "application/x-ndjson",
				`{"city": "atlantis", "year": 2023, "value": 1, "as_printed": "1", "source": "oecd-profile-leipzig"}` + "\n", 1, 0, "city"},
			{"unknown member", "type=populations", "application/x-ndjson",
				`{"city": "leipzig", "year": 2023, "value": 1, "as_printed": "1", "source": "oecd-profile-leipzig", "x": 1}` + "\n", 1, 100, "x"},
			{"malformed JSON", "type=populations", "application/x-ndjson", `{"city": "leipzig",` + "\n", 1, 0, ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := ws.snapshot(t)
				for _, query := range []string{tc.query, tc.query + "&dry_run=true"} {
					r := ws.importReq(t, false, query, tc.ct, tc.body) // the spec's CSV decoder refuses some on purpose
					if r.Status != http.StatusUnprocessableEntity {
						t.Fatalf("%s: status %d, want 422: %s", query, r.Status, r.Body)
					}
					rep := importReport(t, r)
					if rep.Committed || rep.RejectedCount != 1 || len(rep.Rejected) != 1 {
						t.Fatalf("report %+v", rep)
					}
					got := rep.Rejected[0]
					if got.Line != tc.line || got.Field != tc.field || (tc.column != 0 && got.Column != tc.column) {
						t.Errorf("rejection %+v, want line %d, column %d, field %q", got, tc.line, tc.column, tc.field)
					}
				}
				if after := ws.snapshot(t); after != before {
					t.Errorf("a rejected import changed the database: before %+v, after %+v", before, after)
				}
			})
		}
	})
}

func TestImportBOMCRLFAndDryRun(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		before := ws.snapshot(t)
		body := "\uFEFF" + strings.ReplaceAll(importCities, "\n", "\r\n")
		r := ws.importReq(t, true, "type=cities&dry_run=true", "text/csv; charset=utf-8", body)
		rep := importReport(t, r)
		if r.Status != http.StatusOK || rep.Committed || !rep.DryRun || rep.Accepted != 2 || rep.Created != 2 {
			t.Fatalf("dry run: %d %+v", r.Status, rep)
		}
		if after := ws.snapshot(t); after != before {
			t.Errorf("a dry run changed the database: before %+v, after %+v", before, after)
		}
		r = ws.importReq(t, true, "type=cities", "text/csv", body)
		if rep := importReport(t, r); r.Status != http.StatusOK || !rep.Committed {
			t.Fatalf("BOM and CRLF: %d %s", r.Status, r.Body)
		}
		mustOK(t, "/v1/cities/zwickau", ws.get(t, "/v1/cities/zwickau"))
	})
}

func TestImportStatuses(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		before := ws.snapshot(t)
		big := importHeader + strings.Repeat("x", 50<<20)
		tests := []struct {
			name, query, ct, body string
			header                []string
			status                int
		}{
			{"no key", "type=cities", "text/csv", importCities, []string{"Authorization", ""}, 401},
			{"no import scope", "type=cities", "text/csv", importCities, []string{"Authorization", "Bearer " + ws.keys.admin}, 403},
			{"too large", "type=cities", "text/csv", big, nil, 413},
			{"JSON", "type=cities", "application/json", `{}`, nil, 415},
			{"other charset", "type=cities", "text/csv; charset=latin1", importCities, nil, 415},
			{"no type", "", "text/csv", importCities, nil, 400},
			{"unknown type", "type=sources", "text/csv", importCities, nil, 400},
			{"bad dry_run", "type=cities&dry_run=yes", "text/csv", importCities, nil, 400},
			{"type twice", "type=cities&type=cities", "text/csv", importCities, nil, 400},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := ws.importReq(t, false, tc.query, tc.ct, tc.body, tc.header...)
				if r.Status != tc.status {
					t.Errorf("status %d, want %d: %.300s", r.Status, tc.status, r.Body)
				}
			})
		}
		if after := ws.snapshot(t); after != before {
			t.Errorf("refused imports changed the database: before %+v, after %+v", before, after)
		}
	})
}
