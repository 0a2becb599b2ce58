package seed_test

import (
	"context"
	"testing"

	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store/storetest"
)

func TestLoadBumpsTheDataVersionOnlyWhenTheDatasetChanges(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.OpenEmpty(t, backend)
			if err := load(t, s); err != nil {
				t.Fatal(err)
			}
			first, err := s.DataVersion(ctx)
			if err != nil || first.Number != 1 || first.Modified.IsZero() {
				t.Fatalf("after the first load: %+v, %v; want version 1 with a time", first, err)
			}
			if err := seed.Load(ctx, s.DB()); err != nil {
				t.Fatal(err)
			}
			if again, _ := s.DataVersion(ctx); again != first {
				t.Errorf("loading the same dataset again changed the version: %+v, was %+v", again, first)
			}
			// A changed dataset (here: a hash that no longer matches) is loaded and bumps it.
			if err := s.DB().Exec("UPDATE meta SET value = 'stale' WHERE key = 'seed_hash'").Error; err != nil {
				t.Fatal(err)
			}
			if err := seed.Load(ctx, s.DB()); err != nil {
				t.Fatal(err)
			}
			if v, _ := s.DataVersion(ctx); v.Number != 2 {
				t.Errorf("after loading a changed dataset: version %d, want 2", v.Number)
			}
		})
	}
}
