package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opencity/opencity/internal/opencity"
)

// The rules here are those the API's single writes apply (api/city_write.go's validate tags):
// slugs, text without control characters or surrounding space, lengths, ISO 3166-1 codes, a
// person with the source naming them. Whether sources and cities exist is the store's check.

// Columns of each import type, in the order a CSV export would give them.
var (
	CityColumns       = []string{"slug", "name", "country_code", "country_name", "region", "mayor", "mayor_source", "source"}
	PopulationColumns = []string{"city", "year", "value", "approximate", "as_printed", "source"}
)

// columnsOf returns the columns of import type typ, and the ones a row must have.
func columnsOf(typ string) (all, required []string) {
	switch typ {
	case opencity.ImportCities:
		return CityColumns, []string{"slug", "name", "country_code", "country_name", "source"}
	case opencity.ImportPopulations:
		return PopulationColumns, []string{"city", "year", "value", "as_printed", "source"}
	}
	return nil, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,127}$`)

// fields reads the values of one row, noting the first fault of each field.
type fields struct {
	r   row
	bad []opencity.ImportRejection
}

func (f *fields) fail(name, reason string) {
	f.bad = append(f.bad, opencity.ImportRejection{Line: f.r.line, Column: f.r.values[name].column, Field: name, Reason: reason})
}

// text returns the text of name (nil when absent or null), checked to be text of at most max
// characters; required names a field that must be there.
func (f *fields) text(name string, max int, required bool) *string {
	c, ok := f.r.values[name]
	switch {
	case !ok || c.kind == kindNull:
		if required {
			f.fail(name, "required")
		}
		return nil
	case c.kind != kindText && c.kind != kindCell:
		f.fail(name, "must be a string")
		return nil
	case !utf8.ValidString(c.text):
		f.fail(name, "not valid UTF-8")
	case strings.TrimSpace(c.text) != c.text || strings.IndexFunc(c.text, unicode.IsControl) >= 0:
		f.fail(name, "must be text without control characters or leading or trailing space")
	case utf8.RuneCountInString(c.text) > max:
		f.fail(name, fmt.Sprintf("must be at most %d characters", max))
	default:
		return &c.text
	}
	return nil
}

func (f *fields) slug(name string, required bool) *string {
	s := f.text(name, 128, required)
	if s != nil && !slugPattern.MatchString(*s) {
		f.fail(name, "must be a slug: lower-case letters, digits and hyphens, at most 128 characters")
		return nil
	}
	return s
}

// integer returns the whole number of name within [lo, hi]: a JSON number or a CSV cell.
func (f *fields) integer(name string, lo, hi int64) int64 {
	c, ok := f.r.values[name]
	if !ok || c.kind == kindNull {
		f.fail(name, "required")
		return 0
	}
	n, err := strconv.ParseInt(c.text, 10, 64)
	switch {
	case c.kind != kindCell && c.kind != kindNumber, err != nil:
		f.fail(name, "must be a whole number")
	case n < lo || n > hi:
		f.fail(name, fmt.Sprintf("must be between %d and %d", lo, hi))
	}
	return n
}

// boolean returns the truth of name: absent or null is false; CSV gives true or false.
func (f *fields) boolean(name string) bool {
	c, ok := f.r.values[name]
	if !ok || c.kind == kindNull {
		return false
	}
	if (c.kind == kindCell || c.kind == kindBool) && (c.text == "true" || c.text == "false") {
		return c.text == "true"
	}
	f.fail(name, "must be true or false")
	return false
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// cityOf validates a city row.
func cityOf(r row) (opencity.CityDraft, []opencity.ImportRejection) {
	f := &fields{r: r}
	d := opencity.CityDraft{
		Slug: str(f.slug("slug", true)), Name: str(f.text("name", 200, true)),
		CountryCode: str(f.text("country_code", 2, true)), CountryName: str(f.text("country_name", 100, true)),
		Region: f.text("region", 200, false), Mayor: f.text("mayor", 200, false),
		MayorSource: f.slug("mayor_source", false), Source: str(f.slug("source", true)),
	}
	if d.CountryCode != "" && !isoCountries[d.CountryCode] {
		f.fail("country_code", "must be an ISO 3166-1 alpha-2 code (upper case)")
	}
	if (d.Mayor == nil) != (d.MayorSource == nil) && len(f.bad) == 0 {
		f.fail("mayor_source", "a mayor and the source naming them go together: give both or neither")
	}
	return d, f.bad
}

// populationOf validates a population row; its slug is <city>-<year>-<source>, as for a
// single write without a slug.
func populationOf(r row) (opencity.PopulationDraft, []opencity.ImportRejection) {
	f := &fields{r: r}
	d := opencity.PopulationDraft{
		City: str(f.slug("city", true)), Year: int(f.integer("year", 1000, 9999)),
		Value: f.integer("value", 0, 1<<53), Approximate: f.boolean("approximate"),
		AsPrinted: str(f.text("as_printed", 200, true)), Source: str(f.slug("source", true)),
	}
	d.Slug = defaultSlug(d.City, strconv.Itoa(d.Year), d.Source)
	return d, f.bad
}

// defaultSlug joins parts with hyphens, cut to 128 characters (api/city_write.go's rule).
func defaultSlug(parts ...string) string {
	s := strings.Join(parts, "-")
	if len(s) > 128 {
		s = s[:128]
	}
	return strings.TrimRight(s, "-")
}
