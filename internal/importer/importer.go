// Package importer reads bulk imports — CSV with a header row, or NDJSON, one record type per
// file — validates every row as a single write would be validated, and applies the file all or
// nothing through the store's import transaction: nothing is written when any row is refused,
// and a dry run validates everything (the store's checks included) and writes nothing.
//
// Parsing is streamed: rows go to the store in batches of BatchSize while the file is read,
// so memory stays bounded by a batch, the slugs seen (to refuse a slug given twice) and the
// first MaxRejections refusals.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/opencity/opencity/internal/opencity"
)

// BatchSize is how many rows go to the store at a time.
const BatchSize = 500

// MaxRejections is how many refused rows a report lists; it counts them all.
const MaxRejections = 1000

// Store runs an import transaction: fn's error rolls it back and is returned.
type Store interface {
	Import(ctx context.Context, who opencity.Writer, typ string, fn func(opencity.ImportTx) error) error
}

// Options say what a file holds and what to do with it.
type Options struct {
	Type     string          // opencity.ImportCities or opencity.ImportPopulations
	Format   string          // FormatCSV or FormatNDJSON
	DryRun   bool            // validate and report, write nothing
	Progress func(rows int)  // called every BatchSize rows, when set
	Who      opencity.Writer // for the audit log
}

// errNotWritten ends the transaction of a dry run or of a file with refused rows.
var errNotWritten = errors.New("import not written")

// Run imports the file r as opts say and reports what it did. The error is for a file that
// could not be read (an EINVALID for an unknown type or format) or a failing store; refused
// rows are in the report, with Committed false.
func Run(ctx context.Context, st Store, r io.Reader, opts Options) (opencity.ImportReport, error) {
	rep := opencity.ImportReport{Type: opts.Type, DryRun: opts.DryRun, Rejected: []opencity.ImportRejection{}}
	columns, _ := columnsOf(opts.Type)
	if columns == nil {
		return rep, opencity.Errorf(opencity.EINVALID, "unknown import type %q: cities or populations", opts.Type)
	}
	rows, err := newReader(opts.Format, r, columns)
	if err != nil {
		return rep, opencity.Errorf(opencity.EINVALID, "%s", err.Error())
	}
	err = st.Import(ctx, opts.Who, opts.Type, func(tx opencity.ImportTx) error {
		b := &batcher{tx: tx, rep: &rep, typ: opts.Type, seen: map[string]int{}}
		if err := b.readAll(ctx, rows, opts.Progress); err != nil {
			return err
		}
		rep.Created, rep.Updated = tx.Counts()
		if rep.RejectedCount > 0 || opts.DryRun {
			return errNotWritten
		}
		return nil
	})
	switch {
	case errors.Is(err, errNotWritten):
		return rep, nil
	case err != nil:
		return rep, err
	}
	rep.Committed = true
	return rep, nil
}

// batcher validates rows (in one goroutine) while the store writes the batches before
// (in another): parsing and writing overlap.
type batcher struct {
	tx   opencity.ImportTx
	rep  *opencity.ImportReport
	typ  string
	seen map[string]int // slug → line that gave it
	cur  batch

	// What the producer refuses, and what the store refuses.
	parseCount, storeCount int
	parseBad, storeBad     []opencity.ImportRejection
}

// batch is rows ready for the store, with the line of each.
type batch struct {
	lines  []int
	cities []opencity.CityDraft
	pops   []opencity.PopulationDraft
}

func keep(list []opencity.ImportRejection, rs ...opencity.ImportRejection) []opencity.ImportRejection {
	for _, r := range rs {
		if len(list) < MaxRejections {
			list = append(list, r)
		}
	}
	return list
}

func (b *batcher) readAll(ctx context.Context, rows rowReader, progress func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 4)
	errc := make(chan error, 1)
	go func() {
		err := b.produce(ctx, rows, progress, batches)
		close(batches)
		errc <- err
	}()
	var werr error
	for bt := range batches {
		if werr == nil {
			if werr = b.flush(ctx, bt); werr != nil {
				cancel()
			}
		}
	}
	if perr := <-errc; werr == nil && perr != nil {
		werr = perr
	}
	if werr != nil {
		return werr
	}
	b.rep.RejectedCount = b.parseCount + b.storeCount
	b.rep.Accepted = b.rep.Rows - b.rep.RejectedCount
	all := append(b.parseBad, b.storeBad...)
	slices.SortStableFunc(all, func(x, y opencity.ImportRejection) int { return x.Line - y.Line })
	b.rep.Rejected = append([]opencity.ImportRejection{}, all[:min(len(all), MaxRejections)]...)
	return nil
}

// produce reads and validates every row, sending full batches to out.
func (b *batcher) produce(ctx context.Context, rows rowReader, progress func(int), out chan<- batch) error {
	send := func() error {
		if len(b.cur.lines) == 0 {
			return nil
		}
		select {
		case out <- b.cur:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.cur = batch{}
		return nil
	}
	for {
		r, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if r.headerFault {
			b.parseCount++
			b.parseBad = keep(b.parseBad, *r.bad)
			return nil // without a usable header no row can be read
		}
		b.rep.Rows++
		b.add(r)
		if len(b.cur.lines) >= BatchSize {
			if err := send(); err != nil {
				return err
			}
		}
		if progress != nil && b.rep.Rows%BatchSize == 0 {
			progress(b.rep.Rows)
		}
	}
	return send()
}

// add validates r and queues it.
func (b *batcher) add(r row) {
	if r.bad != nil {
		b.parseCount++
		b.parseBad = keep(b.parseBad, *r.bad)
		return
	}
	var (
		slug string
		bad  []opencity.ImportRejection
		city opencity.CityDraft
		pop  opencity.PopulationDraft
	)
	if b.typ == opencity.ImportCities {
		city, bad = cityOf(r)
		slug = city.Slug
	} else {
		pop, bad = populationOf(r)
		slug = pop.Slug
	}
	if first, dup := b.seen[slug]; dup && len(bad) == 0 {
		bad = []opencity.ImportRejection{{Line: r.line, Field: "slug",
			Reason: fmt.Sprintf("the slug %q is already given on line %d: each record once per file", slug, first)}}
	}
	if len(bad) > 0 {
		b.parseCount++
		b.parseBad = keep(b.parseBad, bad...)
		return
	}
	b.seen[slug] = r.line
	b.cur.lines = append(b.cur.lines, r.line)
	if b.typ == opencity.ImportCities {
		b.cur.cities = append(b.cur.cities, city)
	} else {
		b.cur.pops = append(b.cur.pops, pop)
	}
}

// flush sends a batch to the store and notes the rows it refuses.
func (b *batcher) flush(ctx context.Context, bt batch) error {
	var (
		refused []opencity.RowRefusal
		err     error
	)
	if b.typ == opencity.ImportCities {
		refused, err = b.tx.UpsertCities(ctx, bt.cities)
	} else {
		refused, err = b.tx.UpsertPopulations(ctx, bt.pops)
	}
	if err != nil {
		return err
	}
	slices.SortStableFunc(refused, func(x, y opencity.RowRefusal) int { return x.Index - y.Index })
	for i, rf := range refused {
		if i == 0 || rf.Index != refused[i-1].Index {
			b.storeCount++
		}
		b.storeBad = keep(b.storeBad, opencity.ImportRejection{Line: bt.lines[rf.Index], Field: rf.Field, Reason: rf.Reason})
	}
	return nil
}
