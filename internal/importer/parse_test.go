package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/importer"
	"github.com/opencity/opencity/internal/opencity"
)

// acceptAll is a store whose import transaction takes every row and writes nothing.
type acceptAll struct{}

func (acceptAll) Import(ctx context.Context, _ opencity.Writer, _ string, fn func(opencity.ImportTx) error) error {
	return fn(acceptAll{})
}

func (acceptAll) UpsertCities(context.Context, []opencity.CityDraft) ([]opencity.RowRefusal, error) {
	return nil, nil
}

func (acceptAll) UpsertPopulations(context.Context, []opencity.PopulationDraft) ([]opencity.RowRefusal, error) {
	return nil, nil
}

func (acceptAll) Counts() (int, int) { return 0, 0 }

func TestParseFaults(t *testing.T) {
	const ok = `{"city": "leipzig", "year": 2020, "value": 1, "as_printed": "1", "source": "s"}`
	tests := []struct {
		name, format, typ, body string
		line, column            int
		field                   string
	}{
		{"repeated member", importer.FormatNDJSON, opencity.ImportPopulations, ok + "\n" + `{"city": "a", "city": "b"}`, 2, 15, "city"},
		{"nested value", importer.FormatNDJSON, opencity.ImportPopulations, `{"city": {"slug": "a"}}`, 1, 2, "city"},
		{"data after the object", importer.FormatNDJSON, opencity.ImportPopulations, ok + ` {}`, 1, 0, ""},
		{"string year", importer.FormatNDJSON, opencity.ImportPopulations, strings.Replace(ok, "2020", `"2020"`, 1), 1, 0, ""},
		{"number as text", importer.FormatNDJSON, opencity.ImportPopulations, strings.Replace(ok, `"1",`, `1,`, 1), 1, 0, "as_printed"},
		{"empty file", importer.FormatCSV, opencity.ImportCities, "", 1, 0, ""},
		{"bad slug", importer.FormatCSV, opencity.ImportCities, "slug,name,country_code,country_name,source\nA b,X,DE,Germany,s\n", 2, 1, "slug"},
		{"mayor without source", importer.FormatCSV, opencity.ImportCities, "slug,name,country_code,country_name,mayor,source\na,X,DE,Germany,M,s\n", 2, 0, "mayor_source"},
		{"control character", importer.FormatCSV, opencity.ImportCities, "slug,name,country_code,country_name,source\na,X\x01,DE,Germany,s\n", 2, 3, "name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := importer.Run(context.Background(), acceptAll{}, strings.NewReader(tc.body), importer.Options{Type: tc.typ, Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Committed || rep.RejectedCount != 1 || len(rep.Rejected) == 0 {
				t.Fatalf("report %+v", rep)
			}
			got := rep.Rejected[0]
			if got.Line != tc.line || (tc.field != "" && got.Field != tc.field) || (tc.column != 0 && got.Column != tc.column) {
				t.Errorf("rejection %+v, want line %d, column %d, field %q", got, tc.line, tc.column, tc.field)
			}
		})
	}
}
