package synth

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// maxParams bounds the bound parameters of one statement: under SQLite's default limit
// (32,766) and PostgreSQL's (65,535).
const maxParams = 32_000

// maxRowsPerStatement bounds the rows of one INSERT statement.
const maxRowsPerStatement = 500

// writer writes rows through multi-row INSERT statements inside one transaction.
type writer struct {
	ctx      context.Context
	tx       *sql.Tx
	postgres bool
}

// table buffers the rows of one table and writes them a statement at a time.
type table struct {
	w       *writer
	name    string
	cols    []string
	perStmt int       // rows per full statement
	full    *sql.Stmt // prepared statement for perStmt rows
	args    []any
	rows    int // rows written or buffered
}

func (w *writer) table(name string, cols ...string) *table {
	per := min(maxParams/len(cols), maxRowsPerStatement)
	return &table{w: w, name: name, cols: cols, perStmt: per, args: make([]any, 0, per*len(cols))}
}

// add buffers one row; values are in the order of the table's columns.
func (t *table) add(values ...any) error {
	if len(values) != len(t.cols) {
		return fmt.Errorf("%s: %d values for %d columns", t.name, len(values), len(t.cols))
	}
	t.args = append(t.args, values...)
	t.rows++
	if len(t.args) == t.perStmt*len(t.cols) {
		return t.flushFull()
	}
	return nil
}

func (t *table) flushFull() error {
	if t.full == nil {
		stmt, err := t.w.tx.PrepareContext(t.w.ctx, t.insertSQL(t.perStmt))
		if err != nil {
			return fmt.Errorf("%s: prepare: %w", t.name, err)
		}
		t.full = stmt
	}
	if _, err := t.full.ExecContext(t.w.ctx, t.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", t.name, err)
	}
	t.args = t.args[:0]
	return nil
}

// close writes the rows still buffered and releases the prepared statement. It returns the
// number of rows written.
func (t *table) close() (int, error) {
	if t.full != nil {
		defer t.full.Close()
	}
	if len(t.args) == 0 {
		return t.rows, nil
	}
	n := len(t.args) / len(t.cols)
	if _, err := t.w.tx.ExecContext(t.w.ctx, t.insertSQL(n), t.args...); err != nil {
		return 0, fmt.Errorf("insert into %s: %w", t.name, err)
	}
	t.args = t.args[:0]
	return t.rows, nil
}

// insertSQL is an INSERT of rows rows into the table, with the backend's placeholders.
func (t *table) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	p := 0
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteByte(',')
			}
			p++
			if t.w.postgres {
				b.WriteString("$" + strconv.Itoa(p))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// null is a nullable text value: nil (SQL NULL) for "".
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}
