package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/opencity/opencity/internal/importer"
	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store/storetest"
)

// citiesCSV returns a CSV file of n cities whose slugs start with prefix.
func citiesCSV(n int, prefix string) []byte {
	var b bytes.Buffer
	b.WriteString("slug,name,country_code,country_name,region,mayor,mayor_source,source\r\n")
	for i := range n {
		fmt.Fprintf(&b, "%s-%d,City %d,DE,Germany,Saxony,Mayor %d,oecd-profile-leipzig,oecd-profile-leipzig\r\n", prefix, i, i, i)
	}
	return b.Bytes()
}

// BenchmarkImportCities imports 100,000 new cities into a fresh seeded SQLite database per
// iteration and reports rows/s:
//
//	go test ./internal/importer -run '^$' -bench ImportCities -benchtime 3x -count 5
func BenchmarkImportCities(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	file := citiesCSV(n, "bench")
	for b.Loop() {
		b.StopTimer()
		st := storetest.Open(b, storetest.SQLite)
		b.StartTimer()
		rep, err := importer.Run(ctx, st, bytes.NewReader(file), importer.Options{Type: opencity.ImportCities, Format: importer.FormatCSV})
		if err != nil || !rep.Committed {
			b.Fatal(err, rep.Rejected)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
