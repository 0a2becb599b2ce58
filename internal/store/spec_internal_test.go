package store

import "testing"

// TestEveryFieldHasAColumn keeps the domain's allowlists and the store's SQL in step: a field a
// client may filter or sort by must have SQL here.
func TestEveryFieldHasAColumn(t *testing.T) {
	if len(specs) == 0 {
		t.Fatal("no list specs registered")
	}
	for name, sp := range specs {
		if err := sp.checkColumns(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
