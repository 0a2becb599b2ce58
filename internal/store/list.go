package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
	"gorm.io/gorm"
)

// column maps a field of a resource to SQL. expr is the value compared and sorted; within, when
// set, wraps the comparison (written {cond}) for fields that live in another table.
type column struct {
	expr   string
	within string
}

// listSpec is how one resource is read: its table, the columns it selects and the joins they
// need, and the SQL of each field a client may filter or sort by. Only these fields reach SQL.
type listSpec struct {
	table    string
	resource opencity.Resource
	selects  string // default: table.*
	joins    []string
	columns  map[string]column
	live     bool // the table has soft deletes: rows with deleted_at set are tombstones, never listed
}

// Keyset holds the sort-key values of a row, selected as k0..k3 so that the next page can start
// after it. Every row type read by listPage embeds it.
type Keyset struct {
	K0, K1, K2, K3 *string
}

func (k Keyset) values(n int) []string {
	return strs([]*string{k.K0, k.K1, k.K2, k.K3}[:n])
}

// keyed is a row that embeds keyset.
type keyed interface{ keys() Keyset }

func (k Keyset) keys() Keyset { return k }

func (sp listSpec) base(ctx context.Context, db *gorm.DB) *gorm.DB {
	q := db.WithContext(ctx).Table(sp.table)
	for _, j := range sp.joins {
		q = q.Joins(j)
	}
	if sp.live {
		q = q.Where(sp.table + ".deleted_at IS NULL")
	}
	return q
}

// scope applies the list's selects and joins to a query of its table, for child lists.
func (sp listSpec) scope(q *gorm.DB) *gorm.DB {
	for _, j := range sp.joins {
		q = q.Joins(j)
	}
	if sp.live {
		q = q.Where(sp.table + ".deleted_at IS NULL")
	}
	return q.Select(sp.selectList())
}

func (sp listSpec) selectList() string {
	if sp.selects != "" {
		return sp.selects
	}
	return sp.table + ".*"
}

// sortExpr is the SQL a sort key orders by; unknown (null) values sort as the lowest.
func (sp listSpec) sortExpr(k opencity.SortKey) (string, opencity.FieldType) {
	if k.Field == "slug" {
		return sp.table + ".slug", opencity.TypeString
	}
	f, _ := sp.resource.Field(k.Field)
	expr := sp.columns[k.Field].expr
	if f.Nullable {
		switch f.Type {
		case opencity.TypeInt, opencity.TypeNumber:
			expr = "COALESCE(" + expr + ", -1)"
		default:
			expr = "COALESCE(" + expr + ", '')"
		}
	}
	return expr, f.Type
}

// page reads rows of one page of the list asked for: filtered, searched, sorted, up to
// q.Limit+1 rows after q.After. It returns the rows and, when there is a next page, the keys
// it starts after.
func page[R keyed](ctx context.Context, s *Store, sp listSpec, lq opencity.ListQuery) ([]R, []string, error) {
	query, args, nkeys, err := s.pageSQL(sp, lq, sp.selectList())
	if err != nil {
		return nil, nil, err
	}
	var rows []R
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, nil, translate(err)
	}
	if len(rows) <= lq.Limit {
		return rows, nil, nil
	}
	return rows[:lq.Limit], rows[lq.Limit-1].keys().values(nkeys), nil
}

// PageSlugs returns the slugs of one page of the list of resource, in order, and the keys of
// the next page (nil on the last): the page a list of that resource would read, filtered,
// searched and sorted alike, selecting the sort keys only (the last is the slug), its SQL
// written without GORM's statement builder and its rows scanned without reflection. The API reads the records themselves from its cache of encoded records, and
// from the list for those it lacks. It returns EINVALID for a resource the store does not
// list.
func (s *Store) PageSlugs(ctx context.Context, resource string, lq opencity.ListQuery) ([]string, []string, error) {
	sp, ok := specs[resource]
	if !ok {
		return nil, nil, opencity.Errorf(opencity.EINVALID, "no list of %s", resource)
	}
	query, args, nkeys, err := s.pageSQL(sp, lq, "") // the last sort key is the slug
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.db.WithContext(ctx).ConnPool.QueryContext(ctx, s.forDriver(query), args...)
	if err != nil {
		return nil, nil, translate(err)
	}
	defer rows.Close()
	slugs := make([]string, 0, lq.Limit)
	raw := make([]sql.RawBytes, nkeys)
	dest := make([]any, nkeys)
	for i := range raw {
		dest[i] = &raw[i]
	}
	var last []string // the sort keys of the page's last row
	for rows.Next() {
		if len(slugs) == lq.Limit { // a row beyond the page: the next page starts after the last
			return slugs, last, nil
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, translate(err)
		}
		slugs = append(slugs, string(raw[nkeys-1]))
		if len(slugs) == lq.Limit {
			last = make([]string, nkeys)
			for i, r := range raw {
				last[i] = string(r) // "" for an unknown (NULL) value, as Keyset.values gives
			}
		}
	}
	return slugs, nil, translate(rows.Err())
}

// strs returns the values of ps, "" for nil.
func strs(ps []*string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if p != nil {
			out[i] = *p
		}
	}
	return out
}

// filtered is the list's query with its filters and search applied, before order and paging.
func (s *Store) filtered(ctx context.Context, sp listSpec, lq opencity.ListQuery) (*gorm.DB, error) {
	q := sp.base(ctx, s.db)
	for _, f := range lq.Filters {
		cond, args, err := sp.filterCondition(f)
		if err != nil {
			return nil, err
		}
		q = q.Where(cond, args...)
	}
	if lq.Search != "" {
		if !sp.resource.Searchable {
			return nil, opencity.InvalidParameter("q", "this list cannot be searched")
		}
		cond, args := s.searchCondition(sp.table, opencity.SearchTerms(lq.Search))
		q = q.Where(cond, args...)
	}
	return q, nil
}

var rangeOps = map[string]string{opencity.OpGt: ">", opencity.OpGte: ">=", opencity.OpLt: "<", opencity.OpLte: "<="}

// filterCondition is the SQL of one filter; values travel as bound parameters.
func (sp listSpec) filterCondition(f opencity.Filter) (string, []any, error) {
	field, ok := sp.resource.Field(f.Field)
	col, hasCol := sp.columns[f.Field]
	if f.Field == "slug" {
		col, hasCol = column{expr: sp.table + ".slug"}, true
	}
	if !ok || !hasCol {
		return "", nil, opencity.InvalidParameter(f.Field, "unknown filter field")
	}
	var cond string
	var args []any
	switch f.Op {
	case opencity.OpEq:
		vals := make([]any, len(f.Values))
		for i, v := range f.Values {
			vals[i] = typed(field.Type, v)
		}
		cond, args = col.expr+" IN ?", []any{vals}
	case opencity.OpNull:
		cond = col.expr + " IS NOT NULL"
		if f.Values[0] == "true" {
			cond = col.expr + " IS NULL"
		}
	default:
		op, ok := rangeOps[f.Op]
		if !ok {
			return "", nil, opencity.InvalidParameter(f.Field, "unknown operator")
		}
		cond, args = col.expr+" "+op+" ?", []any{typed(field.Type, f.Values[0])}
	}
	if col.within != "" {
		cond = strings.Replace(col.within, "{cond}", cond, 1)
	}
	return cond, args, nil
}

// typed converts a checked filter or cursor value to the Go type its column compares with.
func typed(t opencity.FieldType, v string) any {
	switch t {
	case opencity.TypeInt:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case opencity.TypeNumber:
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	case opencity.TypeBool:
		return v == "true" || v == "1"
	}
	return v
}

// keysetCondition is the SQL that keeps the rows after the one whose sort keys are after:
// (k0 > a) OR (k0 = a AND k1 > b) OR ... with < for descending keys.
func keysetCondition(sorts []opencity.SortKey, exprs []string, types []opencity.FieldType, after []string) (string, []any, error) {
	if len(after) != len(sorts) {
		return "", nil, opencity.InvalidParameter("cursor", "was issued for another sort")
	}
	var ors []string
	var args []any
	for i := range sorts {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, exprs[j]+" = ?")
			args = append(args, typed(types[j], after[j]))
		}
		op := " > ?"
		if sorts[i].Desc {
			op = " < ?"
		}
		ands = append(ands, exprs[i]+op)
		args = append(args, typed(types[i], after[i]))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args, nil
}

// one reads the row with slug of the list, or ENOTFOUND naming what.
func one[R any](ctx context.Context, s *Store, sp listSpec, what, slug string) (R, error) {
	var rows []R
	q := sp.base(ctx, s.db).Select(sp.selectList()).Where(sp.table+".slug = ?", slug).Limit(1)
	if err := q.Find(&rows).Error; err != nil {
		var zero R
		return zero, translate(err)
	}
	if len(rows) == 0 {
		var zero R
		return zero, s.missing(ctx, sp, what, slug)
	}
	return rows[0], nil
}

// checkColumns reports fields of the resource that have no SQL: a programming error that
// tests catch.
func (sp listSpec) checkColumns() error {
	for _, f := range sp.resource.Fields {
		if _, ok := sp.columns[f.Name]; !ok {
			return fmt.Errorf("%s: field %s has no column", sp.table, f.Name)
		}
	}
	return nil
}

// missing returns why no live row of the list has slug: EGONE when a tombstone holds it,
// else ENOTFOUND.
func (s *Store) missing(ctx context.Context, sp listSpec, what, slug string) error {
	if sp.live {
		var n int64
		err := s.db.WithContext(ctx).Table(sp.table).Where("slug = ? AND deleted_at IS NOT NULL", slug).Count(&n).Error
		if err != nil {
			return translate(err)
		}
		if n > 0 {
			return opencity.Errorf(opencity.EGONE, "the %s %q was deleted", what, slug)
		}
	}
	return opencity.Errorf(opencity.ENOTFOUND, "no %s with slug %q", what, slug)
}
