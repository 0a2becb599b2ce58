package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressly/goose/v3"
)

// searchColumns lists, for each searchable table, the text columns ?q= searches: names,
// labels and descriptions.
var searchColumns = map[string][]string{
	"cities":                {"name", "country_name", "region", "mayor", "lead_innovation_officer"},
	"concepts":              {"label", "alt_label", "definition"},
	"vocabularies":          {"name", "description"},
	"sources":               {"title", "publisher", "note"},
	"comparisons":           {"statement", "as_printed"},
	"organisations":         {"name", "name_as_printed", "description"},
	"projects":              {"name", "programme", "description"},
	"participation_formats": {"name", "description"},
	"initiatives":           {"name", "description"},
	"media":                 {"caption", "credit"},
	"org_units":             {"name", "description"},
}

// searchMigration is migration 2: the search indexes and the city's latest population, which
// need SQL that differs between SQLite and PostgreSQL.
//
// SQLite: an FTS4 table per searchable table (tokenizer unicode61, which folds case and
// diacritics, so "horning" finds "Hörning"), keyed by the row's rowid and kept current by
// triggers. PostgreSQL: a search_text column (lower-cased, unaccented) per searchable table, kept
// by a trigger, with a trigram GIN index (pg_trgm) so substring matches stay indexed.
func searchMigration(dialect goose.Dialect) *goose.Migration {
	script := sqliteSearchSQL
	if dialect == goose.DialectPostgres {
		script = postgresSearchSQL
	}
	up := func(ctx context.Context, tx *sql.Tx) error {
		for _, stmt := range script() {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", firstLine(stmt), err)
			}
		}
		return nil
	}
	return goose.NewGoMigration(2, &goose.GoFunc{RunTx: up}, nil)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// latestPopulation is the SQL of a city's latest population figure (value or year).
func latestPopulation(col, city string) string {
	return "(SELECT " + col + " FROM populations p WHERE p.city = " + city +
		" ORDER BY p.year DESC, p.slug DESC LIMIT 1)"
}

func populationColumnsSQL() []string {
	return []string{
		"ALTER TABLE cities ADD COLUMN population BIGINT",
		"ALTER TABLE cities ADD COLUMN population_year INTEGER",
		"UPDATE cities SET population = " + latestPopulation("value", "cities.slug") +
			", population_year = " + latestPopulation("year", "cities.slug"),
	}
}

// setPopulation updates the denormalised latest population of the cities matched by where.
func setPopulation(where string) string {
	return "UPDATE cities SET population = " + latestPopulation("value", "cities.slug") +
		", population_year = " + latestPopulation("year", "cities.slug") + " WHERE " + where
}

func sqliteSearchSQL() []string {
	out := populationColumnsSQL()
	out = append(out,
		"CREATE TRIGGER populations_ai AFTER INSERT ON populations BEGIN "+setPopulation("slug = new.city")+"; END",
		"CREATE TRIGGER populations_au AFTER UPDATE ON populations BEGIN "+setPopulation("slug IN (old.city, new.city)")+"; END",
		"CREATE TRIGGER populations_ad AFTER DELETE ON populations BEGIN "+setPopulation("slug = old.city")+"; END",
	)
	for _, table := range searchTables() {
		fts, body := table+"_search", sqliteBody(searchColumns[table], "new.")
		out = append(out,
			"CREATE VIRTUAL TABLE "+fts+" USING fts4(body, tokenize=unicode61)",
			"INSERT INTO "+fts+" (docid, body) SELECT rowid, "+sqliteBody(searchColumns[table], "")+" FROM "+table,
			"CREATE TRIGGER "+fts+"_ai AFTER INSERT ON "+table+" BEGIN INSERT INTO "+fts+" (docid, body) VALUES (new.rowid, "+body+"); END",
			"CREATE TRIGGER "+fts+"_au AFTER UPDATE OF "+strings.Join(searchColumns[table], ", ")+" ON "+table+
				" BEGIN DELETE FROM "+fts+" WHERE docid = old.rowid; "+
				"INSERT INTO "+fts+" (docid, body) VALUES (new.rowid, "+body+"); END",
			"CREATE TRIGGER "+fts+"_bd BEFORE DELETE ON "+table+" BEGIN DELETE FROM "+fts+" WHERE docid = old.rowid; END",
		)
	}
	return out
}

func sqliteBody(cols []string, prefix string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "coalesce(" + prefix + c + ", '')"
	}
	return strings.Join(parts, " || ' ' || ")
}

func postgresSearchSQL() []string {
	// The extensions live in schema public, shared by every schema of the database; the lock
	// keeps concurrent first migrations from racing to create them.
	out := []string{
		"SELECT pg_advisory_xact_lock(7274720)",
		"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
		"CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
	}
	out = append(out, populationColumnsSQL()...)
	out = append(out, `CREATE FUNCTION populations_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN `+setPopulation("slug = OLD.city")+`; END IF;
	IF TG_OP <> 'DELETE' THEN `+setPopulation("slug = NEW.city")+`; END IF;
	RETURN NULL;
END $$`,
		"CREATE TRIGGER populations_latest AFTER INSERT OR UPDATE OR DELETE ON populations FOR EACH ROW EXECUTE FUNCTION populations_latest()")
	for _, table := range searchTables() {
		fn := table + "_search_text"
		out = append(out,
			"ALTER TABLE "+table+" ADD COLUMN search_text TEXT",
			"CREATE FUNCTION "+fn+"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search_text := "+
				postgresBody(searchColumns[table], "NEW.")+"; RETURN NEW; END $$",
			"CREATE TRIGGER "+fn+" BEFORE INSERT OR UPDATE OF "+strings.Join(searchColumns[table], ", ")+" ON "+table+
				" FOR EACH ROW EXECUTE FUNCTION "+fn+"()",
			"UPDATE "+table+" SET search_text = "+postgresBody(searchColumns[table], ""),
			"CREATE INDEX "+table+"_search_trgm ON "+table+" USING gin (search_text public.gin_trgm_ops)",
		)
	}
	return out
}

func postgresBody(cols []string, prefix string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = prefix + c
	}
	return "lower(public.unaccent(concat_ws(' ', " + strings.Join(parts, ", ") + ")))"
}

// searchTables returns the searchable tables in a fixed order.
func searchTables() []string {
	return []string{"cities", "concepts", "vocabularies", "sources", "comparisons", "organisations",
		"projects", "participation_formats", "initiatives", "media", "org_units"}
}

// searchCondition returns the SQL condition and arguments that keep the rows of table matching
// every term of a search (terms: letters and digits only, see opencity.SearchTerms).
func (s *Store) searchCondition(table string, terms []string) (string, []any) {
	if s.dialect == goose.DialectPostgres {
		conds := make([]string, len(terms))
		args := make([]any, len(terms))
		for i, t := range terms {
			conds[i] = table + ".search_text LIKE '%' || lower(public.unaccent(?)) || '%'"
			args[i] = t
		}
		return strings.Join(conds, " AND "), args
	}
	match := make([]string, len(terms))
	for i, t := range terms {
		match[i] = t + "*"
	}
	return table + ".rowid IN (SELECT docid FROM " + table + "_search WHERE " + table + "_search MATCH ?)",
		[]any{strings.Join(match, " ")}
}
