package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/store"
)

// writeCities writes a CSV file of n cities whose slugs start with prefix.
func writeCities(t *testing.T, path, prefix string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("slug,name,country_code,country_name,region,mayor,mayor_source,source\n")
	for i := range n {
		fmt.Fprintf(&b, "%s-%d,City %d,DE,Germany,Saxony,,,oecd-profile-leipzig\n", prefix, i, i)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db, file := filepath.Join(dir, "db.sqlite"), filepath.Join(dir, "cities.csv")
	writeCities(t, file, "cmd", 1200)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", "--type", "cities", "--database", db, file}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), `"committed": true`) || !strings.Contains(errOut.String(), "rows/s") {
		t.Errorf("stdout %s\nstderr %s", out.String(), errOut.String())
	}
	if err := os.WriteFile(file, []byte("slug,name\nx,\"X\"y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"import", "--type", "cities", "--database", db, file}, env(nil), &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), `"line": 2`) {
		t.Errorf("a refused file: error %v, report %s", err, out.String())
	}
}

// crashRows is how many rows each crash run imports, as the issue asks.
const crashRows = 100_000

// TestImportCrash kills an import (this test binary, re-run as `opencity import`) with SIGKILL
// at random points; after each kill the database must open cleanly, pass SQLite's integrity
// check and hold all of that import or none of it. A first import runs to its end, to time one:
// the kills fall anywhere from its start to a little after its end, so both outcomes occur.
func TestImportCrash(t *testing.T) {
	if args := os.Getenv("OPENCITY_IMPORT_CHILD"); args != "" {
		if err := run(context.Background(), strings.Split(args, "\n"), os.Getenv, io.Discard, io.Discard); err != nil {
			os.Exit(2)
		}
		os.Exit(0)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "db.sqlite")
	if err := run(context.Background(), []string{"migrate", "--database", db}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := startImport(t, dir, db, "whole").Wait(); err != nil {
		t.Fatalf("an import left to finish: %v", err)
	}
	took := time.Since(start)
	if n := countAfterCrash(t, db, "whole"); n != crashRows {
		t.Fatalf("an import left to finish holds %d of %d rows", n, crashRows)
	}
	all, none := 0, 0
	for i := range 5 {
		prefix := fmt.Sprintf("crash%d", i)
		cmd := startImport(t, dir, db, prefix)
		time.Sleep(50*time.Millisecond + rand.N(took*13/10))
		_ = cmd.Process.Signal(syscall.SIGKILL) // fails if the import has ended: then it must all be there
		_ = cmd.Wait()
		switch n := countAfterCrash(t, db, prefix); n {
		case 0:
			none++
		case crashRows:
			all++
		default:
			t.Fatalf("run %d: %d of %d rows after SIGKILL: the import was not atomic", i, n, crashRows)
		}
	}
	t.Logf("an import takes %v; %d runs killed: %d held the whole import, %d none of it", took.Round(time.Millisecond), all+none, all, none)
}

// startImport writes crashRows cities named prefix-... to a file in dir and starts a child
// process importing it into db.
func startImport(t *testing.T, dir, db, prefix string) *exec.Cmd {
	t.Helper()
	file := filepath.Join(dir, prefix+".csv")
	writeCities(t, file, prefix, crashRows)
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrash$")
	cmd.Env = append(os.Environ(), "OPENCITY_IMPORT_CHILD="+strings.Join([]string{"import", "--type", "cities", "--database", db, file}, "\n"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// countAfterCrash opens db as a restart would, checks it, and counts the cities of prefix.
func countAfterCrash(t *testing.T, db, prefix string) int64 {
	t.Helper()
	var n int64
	withStore(t, db, func(ctx context.Context, st *store.Store) {
		if err := st.Ready(ctx); err != nil {
			t.Fatal(err)
		}
		var check string
		if err := st.DB().Raw("PRAGMA integrity_check").Scan(&check).Error; err != nil || check != "ok" {
			t.Fatalf("integrity check: %q, %v", check, err)
		}
		if err := st.DB().Table("cities").Where("slug LIKE ?", prefix+"-%").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
	})
	return n
}

// withStore opens the database db, runs fn with it and closes it.
func withStore(t *testing.T, db string, fn func(ctx context.Context, st *store.Store)) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fn(ctx, st)
}
