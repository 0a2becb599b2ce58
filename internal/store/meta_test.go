package store_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

func TestDataVersion(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.OpenEmpty(t, backend)
			v, err := s.DataVersion(ctx)
			if err != nil || v.Number != 0 || !v.Modified.IsZero() {
				t.Fatalf("a database never changed: %+v, %v; want version 0, no time", v, err)
			}
			for want := int64(1); want <= 3; want++ {
				before := time.Now().UTC().Truncate(time.Second)
				if err := s.DB().Transaction(func(tx *gorm.DB) error { return store.BumpDataVersion(tx) }); err != nil {
					t.Fatal(err)
				}
				v, err := s.DataVersion(ctx)
				if err != nil || v.Number != want {
					t.Fatalf("after %d bumps: %+v, %v", want, v, err)
				}
				if v.Modified.Before(before) || v.Modified.After(time.Now()) || v.Modified.Location() != time.UTC || v.Modified.Nanosecond() != 0 {
					t.Errorf("modified %v, want now in UTC, whole seconds", v.Modified)
				}
			}
			// A bump in a transaction that rolls back leaves the version as it was.
			_ = s.DB().Transaction(func(tx *gorm.DB) error {
				if err := store.BumpDataVersion(tx); err != nil {
					return err
				}
				return gorm.ErrInvalidTransaction
			})
			if v, _ := s.DataVersion(ctx); v.Number != 3 {
				t.Errorf("after a rolled-back bump: version %d, want 3", v.Number)
			}
		})
	}
}
