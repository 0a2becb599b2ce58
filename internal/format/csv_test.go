package format

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"
)

func writeCSV[T any](t *testing.T, fields []string, recs ...T) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewCSV[T](&buf, fields)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestCSVEmptyListHasItsHeader(t *testing.T) {
	got := writeCSV[record](t, nil)
	want := "slug,country.code,country.name,region.name,region.note,value,share,waves,tags,refs,extra,at,ok,kind,renamed_field\r\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestCSVRows(t *testing.T) {
	note, value := "as, \"printed\"", int64(-600000)
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	recs := []record{{
		Slug: "leipzig", Country: country{"DE", "Germany"}, Region: &region{Name: "Saxony", Note: &note},
		Value: &value, Share: 0.81, Waves: []int{2018, 2020}, Tags: []string{"a", "=b"},
		Refs: []ref{{"x", "/v1/x"}}, Extra: map[string]int{"n": 1}, At: at, Ok: true,
		Embedded: Embedded{Kind: "city"}, Renamed: "line\nbreak", hidden: "never a column",
	}, {
		Slug: "=HYPERLINK(\"http://evil\")", Share: -1e-7, Tags: []string{}, Refs: nil,
		Embedded: Embedded{Kind: "@SUM(A1)"}, Renamed: "-2+3",
	}, {
		Slug: "+1", Country: country{Code: "\tx", Name: "\rcr"}, Share: 1e21,
	}}
	got := writeCSV(t, nil, recs...)
	want := strings.Join([]string{
		"slug,country.code,country.name,region.name,region.note,value,share,waves,tags,refs,extra,at,ok,kind,renamed_field",
		`leipzig,DE,Germany,Saxony,"as, ""printed""",-600000,0.81,2018|2020,a|=b,"[{""slug"":""x"",""href"":""/v1/x""}]","{""n"":1}",2020-01-02T03:04:05Z,true,city,"line` + "\n" + `break"`,
		`"'=HYPERLINK(""http://evil"")",,,,,,-1e-7,,,,,0001-01-01T00:00:00Z,false,'@SUM(A1),'-2+3`,
		"'+1,'\tx,\"'\rcr\",,,,1e+21,,,,,0001-01-01T00:00:00Z,false,,",
	}, "\r\n") + "\r\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}

	// Any RFC 4180 reader reads it back: same columns in every row, values as written.
	rows, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if len(rows) != 4 || rows[1][4] != note || rows[1][14] != "line\nbreak" || rows[2][0] != `'=HYPERLINK("http://evil")` {
		t.Errorf("read back %q", rows)
	}
}

func TestCSVFields(t *testing.T) {
	got := writeCSV(t, []string{"slug", "country"}, record{Slug: "a", Country: country{"DE", "Germany"}})
	if want := "slug,country.code,country.name\r\na,DE,Germany\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCSVHeader(t *testing.T) {
	w := NewCSV[ref](&bytes.Buffer{}, nil)
	if got := w.Header(); !slices.Equal(got, []string{"slug", "href"}) {
		t.Errorf("Header() = %q", got)
	}
}

// FuzzCSVCell checks that every text survives a CSV round trip through encoding/csv, only
// gaining the quote that disarms a formula.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", `say "hi"`, "line\r\nbreak", "=1+1", "-x", "@", "\ttab", "é,ü", "'quoted"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, '\r') {
			t.Skip("encoding/csv turns \\r\\n inside a quoted field into \\n when it reads")
		}
		type rec struct {
			A string `json:"a"`
			B string `json:"b"`
		}
		out := writeCSV(t, nil, rec{A: s, B: "end"})
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		want := s
		if s != "" && isFormulaStart(s[0]) {
			want = "'" + s
		}
		if len(rows) != 2 || len(rows[1]) != 2 || rows[1][0] != want || rows[1][1] != "end" {
			t.Fatalf("%q read back as %q, want %q", out, rows, want)
		}
	})
}
