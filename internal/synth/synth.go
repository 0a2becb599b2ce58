// Package synth generates synthetic data for benchmarks: any number of made-up cities with
// their populations, survey responses and answers (over the real concepts of the default
// dataset), data partnerships with made-up organisations, and participations in made-up
// projects.
//
// Every generated record is marked: it names the synthetic source (slug SourceSlug, with
// synthetic = TRUE), its slug starts with SlugPrefix, and cities carry synthetic = TRUE. The
// default dataset is read (for its concepts and survey waves) and never changed. The output
// depends only on the options: the same seed and size give the same rows.
//
// Rows are written with multi-row INSERT statements in one transaction, which makes 100,000
// cities a matter of seconds on SQLite.
package synth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
	"gorm.io/gorm"
)

// SourceSlug is the slug of the source that every synthetic record names.
const SourceSlug = "synthetic-benchmark"

// SlugPrefix starts the slug of every synthetic record other than the source.
const SlugPrefix = "synth-"

// Sizes are the database sizes the benchmark kit uses, in cities.
var Sizes = []int{1_000, 10_000, 100_000}

// Options choose what Generate makes.
type Options struct {
	Cities int    // synthetic cities to add (≥ 1)
	Seed   uint64 // seed of the pseudo-random generator; the same seed gives the same data
}

// Stats count the rows Generate wrote, per table.
type Stats struct {
	Cities, Populations, SurveyResponses, Answers             int
	Organisations, DataPartnerships, Projects, Participations int
	Duration                                                  time.Duration // in all
	Steps                                                     []Step        // time per table, in the order written
}

// Step is the time it took to write the rows of one table (or two, written together).
type Step struct {
	Name     string
	Duration time.Duration
}

// Rows is the number of rows written, across tables (the source row not counted).
func (s Stats) Rows() int {
	return s.Cities + s.Populations + s.SurveyResponses + s.Answers + s.Organisations +
		s.DataPartnerships + s.Projects + s.Participations
}

// ErrNotEmpty is returned by Create for a database that already holds an OpenCity schema.
var ErrNotEmpty = errors.New("the database already holds OpenCity tables; synth writes only into a new database")

// ErrHasSynthetic is returned by Generate when the database already holds synthetic data.
var ErrHasSynthetic = errors.New("the database already holds synthetic data (source " + SourceSlug + ")")

// Create makes a new database at dsn (a SQLite file path or a postgres:// URL, as
// store.Open takes), migrates it, loads the default dataset and adds the synthetic data. It
// refuses, with ErrNotEmpty, a database that already has OpenCity's tables, so it never
// writes into a database in use.
func Create(ctx context.Context, dsn string, opts Options) (Stats, error) {
	st, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 1})
	if err != nil {
		return Stats{}, err
	}
	defer st.Close()
	if st.DB().Migrator().HasTable("cities") {
		return Stats{}, ErrNotEmpty
	}
	if err := st.Migrate(ctx); err != nil {
		return Stats{}, err
	}
	if err := seed.Load(ctx, st.DB()); err != nil {
		return Stats{}, fmt.Errorf("load default dataset: %w", err)
	}
	return Generate(ctx, st.DB(), opts)
}

// Generate adds opts.Cities synthetic cities and their records to db, a migrated database
// holding the default dataset, in one transaction. It returns ErrHasSynthetic when db already
// holds synthetic data.
func Generate(ctx context.Context, db *gorm.DB, opts Options) (Stats, error) {
	start := time.Now()
	if opts.Cities < 1 {
		return Stats{}, fmt.Errorf("synth: cities must be at least 1, got %d", opts.Cities)
	}
	var n int64
	if err := db.WithContext(ctx).Table("sources").Where("slug = ?", SourceSlug).Count(&n).Error; err != nil {
		return Stats{}, fmt.Errorf("synth: %w", err)
	}
	if n > 0 {
		return Stats{}, ErrHasSynthetic
	}
	vocab, err := readVocabulary(ctx, db)
	if err != nil {
		return Stats{}, err
	}
	sqlite := db.Dialector.Name() == "sqlite"
	var (
		stats  Stats
		filled time.Time
	)
	err = inTransaction(ctx, db, sqlite, func(tx *sql.Tx) error {
		g := &generator{
			rnd:   rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
			w:     &writer{ctx: ctx, tx: tx, postgres: !sqlite},
			vocab: vocab,
		}
		err := g.run(opts.Cities)
		stats, filled = g.stats, time.Now()
		return err
	})
	if err != nil {
		return Stats{}, err
	}
	stats.Steps = append(stats.Steps, Step{Name: "check and commit", Duration: time.Since(filled)})
	stats.Duration = time.Since(start)
	return stats, nil
}

// inTransaction runs fill in one transaction on a connection of its own and commits. On
// SQLite the connection gets a bigger page cache (128 MiB) for the one big transaction, and
// foreign keys are checked once, before the commit, instead of row by row; both settings are
// restored before the connection goes back to the pool.
func inTransaction(ctx context.Context, db *gorm.DB, sqlite bool, fill func(*sql.Tx) error) (err error) {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	defer conn.Close()
	if sqlite {
		if err := pragmas(ctx, conn, "cache_size = -131072", "foreign_keys = OFF"); err != nil {
			return err
		}
		defer func() {
			if rerr := pragmas(context.WithoutCancel(ctx), conn, "cache_size = -2000", "foreign_keys = ON"); err == nil {
				err = rerr
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("synth: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	if err := fill(tx); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	if sqlite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("synth: commit: %w", err)
	}
	return nil
}

func pragmas(ctx context.Context, conn *sql.Conn, settings ...string) error {
	for _, p := range settings {
		if _, err := conn.ExecContext(ctx, "PRAGMA "+p); err != nil {
			return fmt.Errorf("synth: PRAGMA %s: %w", p, err)
		}
	}
	return nil
}

// foreignKeyCheck fails when any row names a missing parent.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("synth: foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("synth: foreign key check: %w", err)
		}
		return fmt.Errorf("synth: a row of %s (rowid %d) names a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// vocabulary is what the answers are made from: the concepts of each question, and whether
// each wave offered them.
type vocabulary struct {
	concepts map[string][]string // vocabulary slug → concept slugs, in slug order
	offered  map[[2]string]bool  // {concept, wave} → offered; a missing pair is unknown
}

// questions maps each survey question to the vocabulary of its options.
var questions = opencity.Questions

// waves are the survey waves synthetic cities answer.
var waves = []string{"2018", "2020"}

func readVocabulary(ctx context.Context, db *gorm.DB) (vocabulary, error) {
	var concepts []struct{ Slug, Vocabulary string }
	if err := db.WithContext(ctx).Table("concepts").Select("slug, vocabulary").Order("slug").Find(&concepts).Error; err != nil {
		return vocabulary{}, fmt.Errorf("synth: read concepts: %w", err)
	}
	var cw []struct {
		Concept, Wave string
		Offered       bool
	}
	if err := db.WithContext(ctx).Table("concept_waves").Select("concept, wave, offered").Find(&cw).Error; err != nil {
		return vocabulary{}, fmt.Errorf("synth: read concept waves: %w", err)
	}
	v := vocabulary{concepts: map[string][]string{}, offered: map[[2]string]bool{}}
	for _, c := range concepts {
		v.concepts[c.Vocabulary] = append(v.concepts[c.Vocabulary], c.Slug)
	}
	for _, c := range cw {
		v.offered[[2]string{c.Concept, c.Wave}] = c.Offered
	}
	if len(v.concepts) == 0 {
		return vocabulary{}, errors.New("synth: the database holds no concepts: load the default dataset first")
	}
	return v, nil
}
