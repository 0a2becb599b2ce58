package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

// Bulk imports run in one write transaction (Store.write), so an import is all or nothing,
// serialised with every other write, and bumps the data version once. Each record it creates or
// replaces gets its version (1, or one more than before) and its own entry in the change feed,
// so that the feed replays it like any other write; a city whose population figures change is
// touched once per import. The audit log gets one entry per import (collection "imports",
// the counts in its after value), not one per row: an entry per row would store each row's
// before and after as JSON, which would more than halve the import's speed and double the
// database's growth for records that the file itself documents.
//
// Rows travel in batches: one query reads what exists of a batch, one multi-row INSERT ... ON
// CONFLICT (slug) DO UPDATE upserts it, one multi-row INSERT appends its changes. Statements go
// straight to the transaction's connection, prepared once per shape (the gorm handle caches them).

// Import runs fn with an import transaction for who. fn's error rolls everything back and is
// returned (a dry run ends with an error of its own for that reason); otherwise the import's
// audit entry is written, its job (who.ImportJob, if any) notes the commit, and the
// transaction commits.
func (s *Store) Import(ctx context.Context, who opencity.Writer, typ string, fn func(opencity.ImportTx) error) error {
	return s.write(ctx, func(w *writeTx) error {
		t := &importTx{w: w, pg: s.dialect == goose.DialectPostgres, touched: map[string]bool{}}
		defer t.close()
		if err := t.begin(ctx); err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		if err := t.touchCities(ctx); err != nil {
			return err
		}
		if err := t.audit(ctx, who, typ); err != nil {
			return err
		}
		return w.noteJobCommit(who.ImportJob)
	})
}

// importTx is the store's opencity.ImportTx.
type importTx struct {
	w                *writeTx
	pg               bool
	sources          map[string]bool
	seq              int64
	created, updated int
	touched          map[string]bool
	touchOrder       []string
	stmts            map[string]*sql.Stmt
}

// exec runs q with args on the transaction, prepared once per import.
func (t *importTx) exec(ctx context.Context, q string, args ...any) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// query is exec for a query.
func (t *importTx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// stmt returns q prepared on the transaction's connection (gorm's statement cache prepares on
// the pool and re-prepares on the transaction's connection at every use).
func (t *importTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	tx, err := t.sqlTx()
	if err != nil {
		return nil, err
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

// sqlTx returns the SQL transaction under the gorm handle.
func (t *importTx) sqlTx() (*sql.Tx, error) {
	var tx *sql.Tx
	switch p := t.w.tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		tx = p
	case *gorm.PreparedStmtTX:
		tx, _ = p.Tx.(*sql.Tx)
	}
	if tx == nil {
		return nil, fmt.Errorf("import: no SQL transaction under %T", t.w.tx.Statement.ConnPool)
	}
	return tx, nil
}

// close closes the import's statements.
func (t *importTx) close() {
	for _, st := range t.stmts {
		_ = st.Close()
	}
}

func (t *importTx) begin(ctx context.Context) error {
	var slugs []string
	if err := t.w.tx.Raw("SELECT slug FROM sources WHERE deleted_at IS NULL").Scan(&slugs).Error; err != nil {
		return fmt.Errorf("read sources: %w", err)
	}
	t.sources = make(map[string]bool, len(slugs))
	for _, s := range slugs {
		t.sources[s] = true
	}
	return t.w.tx.Raw("SELECT COALESCE(MAX(seq), 0) FROM changes").Scan(&t.seq).Error
}

// Counts returns the records created and updated so far.
func (t *importTx) Counts() (created, updated int) { return t.created, t.updated }

// values returns n copies of tmpl joined by ", ", for a multi-row VALUES list or an IN list:
// each '#' in tmpl becomes the next bound parameter (numbered from shared+1) and "@k" the shared
// parameter k (1 ≤ k ≤ shared ≤ 9), which each row repeats without binding it again:
// values(2, 1, "(#, @1)") is "(?2, ?1), (?3, ?1)" on SQLite and "($2, $1), ($3, $1)" on PostgreSQL.
func (t *importTx) values(n, shared int, tmpl string) string {
	mark := "?"
	if t.pg {
		mark = "$"
	}
	var b strings.Builder
	k := shared
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		for j := 0; j < len(tmpl); j++ {
			switch c := tmpl[j]; {
			case c == '#':
				k++
				b.WriteString(mark + strconv.Itoa(k))
			case c == '@' && j+1 < len(tmpl):
				j++
				b.WriteString(mark + tmpl[j:j+1])
			default:
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// row is a template for values: width parameters in parentheses, then the literal extra.
func row(width int, extra string) string {
	return "(" + strings.Repeat("#, ", width-1) + "#" + extra + ")"
}

type existing struct {
	version int64
	deleted bool
}

// existingRows returns the version and state of the rows of table with the given slugs.
func (t *importTx) existingRows(ctx context.Context, table string, slugs []string) (map[string]existing, error) {
	args := make([]any, len(slugs))
	for i, s := range slugs {
		args[i] = s
	}
	rows, err := t.query(ctx, "SELECT slug, version, deleted_at IS NOT NULL FROM "+table+" WHERE slug IN ("+t.values(len(slugs), 0, "#")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	out := make(map[string]existing, len(slugs))
	for rows.Next() {
		var (
			slug string
			e    existing
		)
		if err := rows.Scan(&slug, &e.version, &e.deleted); err != nil {
			return nil, err
		}
		out[slug] = e
	}
	return out, rows.Err()
}

// upsert inserts or replaces the rows (each of len(cols) values, the slug first) of table and
// appends their changes; versions are the rows' new versions.
func (t *importTx) upsert(ctx context.Context, table string, cols []string, rows [][]any, versions []int64) error {
	var set []string
	for _, c := range cols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	set = append(set, "version = "+table+".version + 1")
	args := make([]any, 0, len(rows)*len(cols))
	for _, r := range rows {
		args = append(args, r...)
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ", version) VALUES " +
		t.values(len(rows), 0, row(len(cols), ", 1")) + " ON CONFLICT (slug) DO UPDATE SET " + strings.Join(set, ", ")
	if err := t.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("upsert %s: %w", table, err)
	}
	slugs := make([]string, len(rows))
	for i, r := range rows {
		slugs[i] = r[0].(string)
	}
	return t.changes(ctx, table, slugs, versions)
}

// changes appends one update or create per slug to the change feed.
func (t *importTx) changes(ctx context.Context, collection string, slugs []string, versions []int64) error {
	args := make([]any, 0, 2+len(slugs)*4)
	args = append(args, collection, t.w.at)
	for i, slug := range slugs {
		t.seq++
		op := opencity.OpUpdate
		if versions[i] == 1 {
			op = opencity.OpCreate
		}
		args = append(args, t.seq, slug, op, versions[i])
	}
	q := "INSERT INTO changes (seq, collection, slug, operation, version, changed_at) VALUES " +
		t.values(len(slugs), 2, "(#, @1, #, #, #, @2)")
	if err := t.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("append changes: %w", err)
	}
	return nil
}

// versionsOf checks rows' slugs against what exists: a deleted record keeps its slug and is
// refused; the others get their new versions, and the counts grow.
func (t *importTx) versionsOf(ctx context.Context, table, what string, slugs []string, refused []opencity.RowRefusal) ([]int64, []opencity.RowRefusal, error) {
	have, err := t.existingRows(ctx, table, slugs)
	if err != nil {
		return nil, nil, err
	}
	versions := make([]int64, len(slugs))
	created, updated := 0, 0
	for i, slug := range slugs {
		switch e, ok := have[slug]; {
		case !ok:
			versions[i] = 1
			created++
		case e.deleted:
			refused = append(refused, opencity.RowRefusal{Index: i, Field: "slug",
				Reason: fmt.Sprintf("the %s %q was deleted; a deleted record keeps its slug", what, slug)})
		default:
			versions[i] = e.version + 1
			updated++
		}
	}
	if len(refused) == 0 {
		t.created += created
		t.updated += updated
	}
	return versions, refused, nil
}

func (t *importTx) checkSource(refused []opencity.RowRefusal, i int, field string, slug *string) []opencity.RowRefusal {
	if slug != nil && !t.sources[*slug] {
		refused = append(refused, opencity.RowRefusal{Index: i, Field: field, Reason: fmt.Sprintf("no source with slug %q", *slug)})
	}
	return refused
}

var cityImportCols = []string{"slug", "name", "country_code", "country_name", "region", "region_note", "mayor",
	"mayor_source", "lead_innovation_officer", "lead_innovation_officer_source", "source"}

// UpsertCities creates or replaces the cities of a batch by slug.
func (t *importTx) UpsertCities(ctx context.Context, batch []opencity.CityDraft) ([]opencity.RowRefusal, error) {
	var refused []opencity.RowRefusal
	slugs := make([]string, len(batch))
	rows := make([][]any, len(batch))
	for i, d := range batch {
		refused = t.checkSource(refused, i, "source", &d.Source)
		refused = t.checkSource(refused, i, "mayor_source", d.MayorSource)
		refused = t.checkSource(refused, i, "lead_innovation_officer_source", d.LeadInnovationOfficerSource)
		slugs[i] = d.Slug
		rows[i] = []any{d.Slug, d.Name, d.CountryCode, d.CountryName, nullable(d.Region), nullable(d.RegionNote),
			nullable(d.Mayor), nullable(d.MayorSource), nullable(d.LeadInnovationOfficer),
			nullable(d.LeadInnovationOfficerSource), d.Source}
	}
	versions, refused, err := t.versionsOf(ctx, "cities", "city", slugs, refused)
	if err != nil || len(refused) > 0 {
		return refused, err
	}
	return nil, t.upsert(ctx, "cities", cityImportCols, rows, versions)
}

var populationImportCols = []string{"slug", "city", "value", "year", "approximate", "as_printed", "source"}

// UpsertPopulations creates or replaces the population figures of a batch by slug; their
// cities are touched when the import ends.
func (t *importTx) UpsertPopulations(ctx context.Context, batch []opencity.PopulationDraft) ([]opencity.RowRefusal, error) {
	var refused []opencity.RowRefusal
	cities := make([]string, 0, len(batch))
	for _, d := range batch {
		if !slices.Contains(cities, d.City) && !t.touched[d.City] {
			cities = append(cities, d.City)
		}
	}
	live := map[string]existing{}
	if len(cities) > 0 {
		var err error
		if live, err = t.existingRows(ctx, "cities", cities); err != nil {
			return nil, err
		}
	}
	slugs := make([]string, len(batch))
	rows := make([][]any, len(batch))
	for i, d := range batch {
		refused = t.checkSource(refused, i, "source", &d.Source)
		if e, ok := live[d.City]; !t.touched[d.City] && (!ok || e.deleted) {
			refused = append(refused, opencity.RowRefusal{Index: i, Field: "city", Reason: fmt.Sprintf("no city with slug %q", d.City)})
		}
		slugs[i] = d.Slug
		rows[i] = []any{d.Slug, d.City, d.Value, d.Year, d.Approximate, d.AsPrinted, d.Source}
	}
	versions, refused, err := t.versionsOf(ctx, "populations", "population figure", slugs, refused)
	if err != nil || len(refused) > 0 {
		return refused, err
	}
	for _, d := range batch {
		if !t.touched[d.City] {
			t.touched[d.City] = true
			t.touchOrder = append(t.touchOrder, d.City)
		}
	}
	return nil, t.upsert(ctx, "populations", populationImportCols, rows, versions)
}

// touchCities bumps the version of every city whose population figures changed, and records
// the update in the feed.
func (t *importTx) touchCities(ctx context.Context) error {
	for chunk := range slices.Chunk(t.touchOrder, 500) {
		args := make([]any, len(chunk))
		for i, s := range chunk {
			args[i] = s
		}
		rows, err := t.query(ctx, "UPDATE cities SET version = version + 1 WHERE slug IN ("+t.values(len(chunk), 0, "#")+") RETURNING slug, version", args...)
		if err != nil {
			return fmt.Errorf("touch cities: %w", err)
		}
		versionOf := map[string]int64{}
		for rows.Next() {
			var (
				slug string
				v    int64
			)
			if err := rows.Scan(&slug, &v); err != nil {
				rows.Close()
				return err
			}
			versionOf[slug] = v
		}
		if err := rows.Close(); err != nil {
			return err
		}
		versions := make([]int64, len(chunk))
		for i, s := range chunk {
			versions[i] = max(versionOf[s], 2) // an update, never a create, in the feed
		}
		if err := t.changes(ctx, "cities", chunk, versions); err != nil {
			return err
		}
	}
	return nil
}

// audit writes the import's one audit entry.
func (t *importTx) audit(ctx context.Context, who opencity.Writer, typ string) error {
	after, err := json.Marshal(map[string]any{"type": typ, "created": t.created, "updated": t.updated})
	if err != nil {
		return err
	}
	slug := "import-" + t.w.at.UTC().Format("20060102t150405.000000000z")
	slug = strings.ReplaceAll(slug, ".", "-")
	return t.w.tx.Exec("INSERT INTO audit_log (id, key_prefix, at, operation, collection, slug, before, after) "+
		"SELECT COALESCE(MAX(id), 0) + 1, ?, ?, ?, ?, ?, NULL, ? FROM audit_log",
		who.KeyPrefix, t.w.at, opencity.OpCreate, "imports", slug, string(after)).Error
}

// nullable is s or NULL (nil: no driver.Valuer on the hot path).
func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
