package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestNDJSON(t *testing.T) {
	var buf bytes.Buffer
	w := NewNDJSON[ref](&buf)
	recs := []ref{{"a", "/v1/a"}, {"b\nc", "/v1/<b>"}}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "\n") || strings.Count(buf.String(), "\n") != len(recs) {
		t.Fatalf("want %d lines each ended by LF: %q", len(recs), buf.String())
	}
	sc := bufio.NewScanner(&buf)
	for i := 0; sc.Scan(); i++ {
		var got ref
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil || got != recs[i] {
			t.Errorf("line %d %q: %v, %+v", i, sc.Text(), err, got)
		}
		want, _ := json.Marshal(recs[i])
		if sc.Text() != string(want) {
			t.Errorf("line %d %q, want the JSON of the record %q", i, sc.Text(), want)
		}
	}
}

func TestNDJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	w := NewNDJSON[ref](&buf)
	if err := w.Flush(); err != nil || buf.Len() != 0 {
		t.Errorf("empty list: %q, %v", buf.String(), err)
	}
}
