// Command synth creates a new OpenCity database holding the default dataset plus synthetic
// cities for benchmarks (see package internal/synth):
//
//	go run ./internal/tools/synth --cities 10000 --database /tmp/opencity-10k.db
//	go run ./internal/tools/synth --cities 1000 --database 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=bench'
//
// It refuses a database that already has OpenCity's tables, so it cannot add made-up cities
// to a database in use; it never writes the default dataset's files. It is a tool of its own,
// not a subcommand of opencity, so the product binary carries no benchmark code.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cities := fs.Int("cities", 1000, "synthetic cities to generate")
	database := fs.String("database", "", "new SQLite file path, or a postgres:// URL of a database (schema) without OpenCity tables (required)")
	seed := fs.Uint64("seed", 1, "seed of the pseudo-random generator: the same seed and size give the same data")
	schemaKey := fs.Bool("schema-key", false, "print a digest of the schema (as migrated on SQLite) and of the default dataset, then exit: a generated database is current while it is unchanged")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *schemaKey {
		key, err := schemaDigest(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, key)
		return nil
	}
	if *database == "" {
		return errors.New("--database is required (a new SQLite file path or a postgres:// URL)")
	}
	if *cities < 1 {
		return fmt.Errorf("--cities must be at least 1, got %d", *cities)
	}
	st, err := synth.Create(ctx, *database, synth.Options{Cities: *cities, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "synth: %d cities, %d populations, %d survey responses, %d answers, "+
		"%d organisations, %d data partnerships, %d projects, %d participations (%d rows) in %s\n",
		st.Cities, st.Populations, st.SurveyResponses, st.Answers, st.Organisations,
		st.DataPartnerships, st.Projects, st.Participations, st.Rows(), st.Duration.Round(time.Millisecond))
	for _, s := range st.Steps {
		fmt.Fprintf(stdout, "  %-26s %s\n", s.Name, s.Duration.Round(time.Millisecond))
	}
	return nil
}

// schemaDigest migrates a throwaway SQLite database and hashes its schema with the default
// dataset's hash.
func schemaDigest(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "synth-schema-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "schema.db"), store.Options{MaxOpenConns: 1})
	if err != nil {
		return "", err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return "", err
	}
	var schema []string
	if err := st.DB().Raw("SELECT coalesce(sql, name) FROM sqlite_master ORDER BY type, name").Scan(&schema).Error; err != nil {
		return "", err
	}
	_, dataset, err := seed.Dataset()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintln(h, dataset)
	for _, s := range schema {
		fmt.Fprintln(h, s)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
