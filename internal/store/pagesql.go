package store

import (
	"strconv"
	"strings"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/pressly/goose/v3"
)

// pageSQL is the query of one keyset page of the list, as SQL text and its arguments: filtered,
// searched, sorted, up to lq.Limit+1 rows after lq.After, selecting sel (if any) and the sort
// keys (k0, k1, ...; the last is the slug). It is written directly, not through GORM's
// statement builder, which cost as much as SQLite's reading of a page of slugs. It returns the
// number of sort keys too. Placeholders are ?, as GORM takes them; see forDriver.
func (s *Store) pageSQL(sp listSpec, lq opencity.ListQuery, sel string) (string, []any, int, error) {
	sorts := opencity.CompleteSort(lq.Sort)
	exprs := make([]string, len(sorts))
	types := make([]opencity.FieldType, len(sorts))
	var cols []string
	if sel != "" {
		cols = append(cols, sel)
	}
	order := make([]string, len(sorts))
	for i, k := range sorts {
		exprs[i], types[i] = sp.sortExpr(k)
		cols = append(cols, exprs[i]+" AS k"+strconv.Itoa(i))
		order[i] = exprs[i] + direction(k)
	}
	var conds []string
	var args []any
	if sp.live {
		conds = append(conds, sp.table+".deleted_at IS NULL")
	}
	add := func(cond string, a []any) {
		conds = append(conds, "("+cond+")")
		args = append(args, a...)
	}
	for _, f := range lq.Filters {
		cond, a, err := sp.filterCondition(f)
		if err != nil {
			return "", nil, 0, err
		}
		add(cond, a)
	}
	if lq.Search != "" {
		if !sp.resource.Searchable {
			return "", nil, 0, opencity.InvalidParameter("q", "this list cannot be searched")
		}
		add(s.searchCondition(sp.table, opencity.SearchTerms(lq.Search)))
	}
	if len(lq.After) > 0 {
		cond, a, err := keysetCondition(sorts, exprs, types, lq.After)
		if err != nil {
			return "", nil, 0, err
		}
		add(cond, a)
	}
	var b strings.Builder
	b.WriteString("SELECT " + strings.Join(cols, ", ") + " FROM " + sp.table)
	for _, j := range sp.joins {
		b.WriteString(" " + j)
	}
	if len(conds) > 0 {
		b.WriteString(" WHERE " + strings.Join(conds, " AND "))
	}
	b.WriteString(" ORDER BY " + strings.Join(order, ", ") + " LIMIT " + strconv.Itoa(lq.Limit+1))
	query, flat := expandLists(b.String(), args)
	return query, flat, len(sorts), nil
}

// direction is the SQL of the direction of k.
func direction(k opencity.SortKey) string {
	if k.Desc {
		return " DESC"
	}
	return " ASC"
}

// expandLists replaces the placeholder of each list argument ([]any, for IN ?) with one
// placeholder per element, in parentheses, as GORM does, and flattens the arguments. The SQL
// is the store's own (allowlisted fields, values bound), so every ? is a placeholder.
func expandLists(query string, args []any) (string, []any) {
	var b strings.Builder
	flat := make([]any, 0, len(args))
	i := 0
	for _, r := range query {
		if r != '?' || i >= len(args) {
			b.WriteRune(r)
			continue
		}
		list, ok := args[i].([]any)
		i++
		if !ok {
			b.WriteByte('?')
			flat = append(flat, args[i-1])
			continue
		}
		b.WriteString("(" + strings.TrimSuffix(strings.Repeat("?,", len(list)), ",") + ")")
		flat = append(flat, list...)
	}
	return b.String(), flat
}

// forDriver returns query with its placeholders as the database driver takes them: ? for
// SQLite, $1, $2, ... for PostgreSQL (GORM does this itself for the queries it runs).
func (s *Store) forDriver(query string) string {
	if s.dialect != goose.DialectPostgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
