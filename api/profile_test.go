package api_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/seed"
)

// seedStatements returns the dataset's profile statements of city, by source, in order.
func seedStatements(t *testing.T, city string) map[string][]map[string]any {
	t.Helper()
	tables, _, err := seed.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]map[string]any{}
	for _, tb := range tables {
		if tb.Table != "profile_statements" {
			continue
		}
		for _, row := range tb.Rows {
			if row["city"] == city {
				src := fmt.Sprint(row["source"])
				out[src] = append(out[src], row)
			}
		}
	}
	for _, rows := range out {
		sort.Slice(rows, func(i, j int) bool { return rows[i]["position"].(int) < rows[j]["position"].(int) })
	}
	return out
}

func TestLeipzigProfile(t *testing.T) {
	want := seedStatements(t, "leipzig")
	backends(t, func(t *testing.T, srv *server) {
		p := getJSON[opencity.Profile](t, srv, "/v1/cities/leipzig/profile")
		raw := getJSON[map[string]any](t, srv, "/v1/cities/leipzig/profile")
		if p.City.Slug != "leipzig" || p.Href != "/v1/cities/leipzig/profile" {
			t.Errorf("profile of %q at %q", p.City.Slug, p.Href)
		}
		docs := map[string]opencity.ProfileDocument{}
		for _, d := range p.Documents {
			docs[d.Source.Slug] = d
		}
		if len(docs) != 2 || len(want) != 2 {
			t.Fatalf("profile documents %v, dataset documents %d; want the 2 seed documents", len(docs), len(want))
		}
		if first := docs["oecd-profile-leipzig"].Statements; len(first) == 0 || first[0].Text != "Leipzig" {
			t.Errorf("first OECD statement %+v, want text Leipzig", first)
		}
		for di, d := range p.Documents {
			rows := want[d.Source.Slug]
			if len(d.Statements) != len(rows) {
				t.Errorf("%s: %d statements, the dataset has %d", d.Source.Slug, len(d.Statements), len(rows))
			}
			for i, s := range d.Statements {
				where := fmt.Sprintf("%s statement %d", d.Source.Slug, s.Position)
				if i > 0 && s.Position <= d.Statements[i-1].Position {
					t.Errorf("%s: position not after %d", where, d.Statements[i-1].Position)
				}
				if i < len(rows) && (s.Text != rows[i]["text"] || s.Record.Slug != rows[i]["record"]) {
					t.Errorf("%s: %q (record %s), dataset has %q (record %v)", where, s.Text, s.Record.Slug, rows[i]["text"], rows[i]["record"])
				}
				if s.Source.Slug == "" || s.Source.Href == "" || s.Record.Href == "" {
					t.Errorf("%s: source %+v record %+v", where, s.Source, s.Record)
				}
				checkEmbedded(t, where, s, rows[min(i, len(rows)-1)])
				stmt := raw["documents"].([]any)[di].(map[string]any)["statements"].([]any)[i].(map[string]any)
				checkComparisonNulls(t, where, stmt["comparison"])
			}
		}
		checkKeyStatements(t, docs["oecd-profile-leipzig"].Statements)
	})
}

// checkEmbedded checks that a statement embeds the record it is stored as.
func checkEmbedded(t *testing.T, where string, s opencity.ProfileStatement, row map[string]any) {
	t.Helper()
	switch s.Record.Type {
	case "answer":
		if s.Answer == nil || s.Answer.Slug != s.Record.Slug {
			t.Errorf("%s: answer record %s not embedded (%+v)", where, s.Record.Slug, s.Answer)
		}
	case "data_availability":
		if s.DataAvailability == nil || s.DataAvailability.Slug != s.Record.Slug {
			t.Errorf("%s: data-availability record %s not embedded", where, s.Record.Slug)
		}
	}
	if c, ok := row["comparison"].(string); ok && (s.Comparison == nil || s.Comparison.Slug != c) {
		t.Errorf("%s: comparison %s not embedded", where, c)
	}
	if _, ok := row["comparison"].(string); !ok && s.Comparison != nil {
		t.Errorf("%s: embeds comparison %s the dataset does not link", where, s.Comparison.Slug)
	}
}

// checkComparisonNulls checks an embedded comparison (null, or an object) as JSON: wave present
// (a wave or null), denominator null, and a denominator_note saying why.
func checkComparisonNulls(t *testing.T, where string, v any) {
	t.Helper()
	if v == nil {
		return
	}
	c := v.(map[string]any)
	wave, hasWave := c["wave"]
	if _, isObj := wave.(map[string]any); !hasWave || (wave != nil && !isObj) {
		t.Errorf("%s: comparison wave %v (present %v), want a wave or null", where, wave, hasWave)
	}
	if d, ok := c["denominator"]; !ok || d != nil {
		t.Errorf("%s: comparison denominator %v (present %v), want null", where, d, ok)
	}
	if note, _ := c["denominator_note"].(string); note == "" {
		t.Errorf("%s: comparison without a denominator_note", where)
	}
	if c["kind"] != "published" {
		t.Errorf("%s: comparison kind %v, want published", where, c["kind"])
	}
}

// checkKeyStatements spot-checks statements whose embedded records carry the profile's figures.
func checkKeyStatements(t *testing.T, stmts []opencity.ProfileStatement) {
	t.Helper()
	var sawTraining, sawInsufficientHealth bool
	for _, s := range stmts {
		if s.Answer != nil && s.Answer.Option.Slug == "training-staff-and-building-capacity" {
			sawTraining = true
			c := s.Comparison
			if s.Answer.State != opencity.StateSelected || c == nil || c.Share == nil || *c.Share != 0.61 || c.Wave == nil || c.Wave.Slug != "2020" {
				t.Errorf("training staff statement: answer %+v comparison %+v, want selected, 61%% of the 2020 wave", s.Answer, c)
			}
		}
		if d := s.DataAvailability; d != nil && d.PolicyArea.Slug == "health" && d.Status == "insufficient" {
			sawInsufficientHealth = d.Conflict
		}
	}
	if !sawTraining || !sawInsufficientHealth {
		t.Errorf("profile lacks the 61%% training statement (%v) or the conflicting insufficient-Health statement (%v)", sawTraining, sawInsufficientHealth)
	}
}
