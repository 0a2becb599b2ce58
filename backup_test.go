package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

func TestBackupWhileServing(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			db := storetest.DSN(t, backend)
			if err := run(context.Background(), []string{"migrate", "--database", db}, env(nil), io.Discard, io.Discard); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			copyPath := filepath.Join(t.TempDir(), "copy.db")
			if backend == storetest.Postgres {
				_, _, err := runCmd(t, nil, "backup", "--database", db, copyPath)
				if err == nil || !strings.Contains(err.Error(), "pg_dump") {
					t.Errorf("backup of PostgreSQL: %v, want an error that names pg_dump", err)
				}
				if _, err := os.Stat(copyPath); err == nil {
					t.Error("backup of PostgreSQL wrote a file")
				}
				return
			}
			s, err := store.Open(context.Background(), db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, _, err := s.CreateKey(context.Background(), "Operations", []string{"admin"}); err != nil {
				t.Fatal(err)
			}
			reads := serveReads(t, s)
			out, errOut, err := runCmd(t, nil, "backup", "--database", db, copyPath)
			if n := reads(); n == 0 {
				t.Error("no reads were served during the backup")
			}
			if err != nil || !strings.Contains(out, "Backed up") {
				t.Fatalf("backup: %v, %q, %q", err, out, errOut)
			}
			checkCopy(t, s, copyPath)

			if _, _, err := runCmd(t, nil, "backup", "--database", db, copyPath); err == nil || !strings.Contains(err.Error(), "exists") {
				t.Errorf("backup over an existing file: %v, want a refusal", err)
			}
			missing := filepath.Join(t.TempDir(), "missing.db")
			if _, _, err := runCmd(t, nil, "backup", "--database", missing, copyPath+"2"); err == nil {
				t.Error("backup of a database that does not exist succeeded")
			}
			if _, err := os.Stat(missing); err == nil {
				t.Error("backup created the database it was to copy")
			}
		})
	}
}

// serveReads serves the API on s, reads from it in the background and returns once a read has
// been served. The reads go on until the returned function is called; that returns how many
// succeeded (any failure fails t).
func serveReads(t *testing.T, s *store.Store) func() int64 {
	t.Helper()
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	ts := httptest.NewServer(api.New(s, api.Options{Logger: log, CursorKey: key}))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var ok atomic.Int64
	started := make(chan struct{})
	var once sync.Once
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				resp, err := http.Get(ts.URL + "/v1/answers?limit=500")
				if err != nil {
					t.Errorf("read during backup: %v", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("read during backup: %s", resp.Status)
					return
				}
				ok.Add(1)
				once.Do(func() { close(started) })
			}
		})
	}
	select { // the backup starts once reads are being served
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("no read served within 30s")
	}
	return func() int64 {
		cancel()
		wg.Wait()
		ts.Close()
		return ok.Load()
	}
}

// checkCopy opens the backup at path and compares it with the original, table by table.
func checkCopy(t *testing.T, original *store.Store, path string) {
	t.Helper()
	ctx := context.Background()
	backup, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer backup.Close()
	if err := backup.Ready(ctx); err != nil {
		t.Errorf("backup not ready: %v", err)
	}
	if city, err := backup.GetCity(ctx, "leipzig"); err != nil || city.Name != "Leipzig" {
		t.Errorf("GetCity(leipzig) on the backup: %+v, %v", city, err)
	}
	if keys, err := backup.ListKeys(ctx); err != nil || len(keys) != 1 {
		t.Errorf("keys in the backup: %+v, %v", keys, err)
	}
	var tables []string
	if err := original.DB().Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").
		Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables: %q", len(tables), tables)
	}
	for _, table := range tables {
		var want, got int64
		q := `SELECT count(*) FROM "` + table + `"`
		if err := original.DB().Raw(q).Scan(&want).Error; err != nil {
			t.Fatal(err)
		}
		if err := backup.DB().Raw(q).Scan(&got).Error; err != nil {
			t.Errorf("%s in the backup: %v", table, err)
		}
		if got != want {
			t.Errorf("%s: %d rows in the backup, %d in the original", table, got, want)
		}
	}
}
