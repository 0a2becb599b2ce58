package opencity

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// FieldType is the type of a filterable or sortable field; it decides which operators apply
// and how values are parsed.
type FieldType int

// Field types.
const (
	TypeString FieldType = iota // equality and lists
	TypeInt                     // equality, lists and ranges
	TypeNumber                  // equality, lists and ranges; decimal
	TypeDate                    // ISO 8601 text (2019, 2019-04, 2019-04-01); equality, lists, ranges
	TypeBool                    // true or false
)

// Filter operators. A filter is written field=v1,v2 (OpEq) or field[op]=value.
const (
	OpEq   = "eq"   // any of a comma-separated list
	OpGt   = "gt"   // greater than
	OpGte  = "gte"  // greater than or equal
	OpLt   = "lt"   // less than
	OpLte  = "lte"  // less than or equal
	OpNull = "null" // true: the value is unknown (null); false: it is known
)

// Field is one field of a resource that lists can be filtered or sorted by.
type Field struct {
	Name     string
	Type     FieldType
	Nullable bool // values may be unknown: [null] applies; null sorts first ascending
	Sortable bool
	Facet    bool // ?facets= may count its values
}

// Resource describes what a list accepts: its filterable, sortable and facet fields, whether
// ?q= searches it, and the fields of its items (for ?fields=).
type Resource struct {
	Name       string
	Fields     []Field
	Searchable bool
}

// slugField is the filter every list has: its records' slugs, to fetch several at once.
var slugField = Field{Name: "slug", Type: TypeString}

// Field returns the field called name; every resource has the slug field.
func (r Resource) Field(name string) (Field, bool) {
	if name == "slug" {
		return slugField, true
	}
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

var (
	paramPattern = regexp.MustCompile(`^([a-z_]{1,64})(?:\[([a-z]{1,8})\])?$`)
	datePattern  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// Limits on what a client may ask for in one query.
const (
	MaxFilterValues = 100
	MaxSortKeys     = 3
	MaxSearchLength = 200
)

// ParseFilter parses one filter parameter (name is "field" or "field[op]") against r. It
// returns EINVALID naming the parameter for an unknown field or operator, or a malformed value.
func (r Resource) ParseFilter(name, value string) (Filter, error) {
	m := paramPattern.FindStringSubmatch(name)
	if m == nil {
		return Filter{}, InvalidParameter(name, "unknown parameter")
	}
	f, ok := r.Field(m[1])
	if !ok {
		return Filter{}, InvalidParameter(name, "unknown filter field; allowed: "+strings.Join(r.filterNames(), ", "))
	}
	op := m[2]
	if op == "" {
		op = OpEq
	}
	if err := checkOp(f, op); err != nil {
		return Filter{}, InvalidParameter(name, err.Error())
	}
	values := []string{value}
	if op == OpEq {
		values = strings.Split(value, ",")
	}
	if len(values) > MaxFilterValues {
		return Filter{}, InvalidParameter(name, "more than 100 values")
	}
	for _, v := range values {
		if err := checkValue(f, op, v); err != nil {
			return Filter{}, InvalidParameter(name, err.Error())
		}
	}
	return Filter{Field: f.Name, Op: op, Values: values}, nil
}

func checkOp(f Field, op string) error {
	switch op {
	case OpEq:
		return nil
	case OpNull:
		if !f.Nullable {
			return Errorf(EINVALID, "%s is never null; [null] does not apply", f.Name)
		}
		return nil
	case OpGt, OpGte, OpLt, OpLte:
		if f.Type == TypeString || f.Type == TypeBool {
			return Errorf(EINVALID, "ranges apply to numbers and dates only")
		}
		return nil
	}
	return Errorf(EINVALID, "unknown operator %q; allowed: eq (default), gt, gte, lt, lte, null", op)
}

func checkValue(f Field, op, v string) error {
	if op == OpNull || f.Type == TypeBool {
		if v != "true" && v != "false" {
			return Errorf(EINVALID, "must be true or false")
		}
		return nil
	}
	switch {
	case v == "":
		return Errorf(EINVALID, "empty value")
	case f.Type == TypeInt:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return Errorf(EINVALID, "must be a whole number")
		}
	case f.Type == TypeNumber:
		if n, err := strconv.ParseFloat(v, 64); err != nil || n != n {
			return Errorf(EINVALID, "must be a number")
		}
	case f.Type == TypeDate:
		if !datePattern.MatchString(v) {
			return Errorf(EINVALID, "must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD")
		}
	case len(v) > 200:
		return Errorf(EINVALID, "longer than 200 characters")
	}
	return nil
}

// ParseSort parses the sort parameter ("-population,name") against r and completes it with the
// slug as the unique tie-breaker (CompleteSort). "" means slug order.
func (r Resource) ParseSort(s string) ([]SortKey, error) {
	var keys []SortKey
	if s != "" {
		for _, part := range strings.Split(s, ",") {
			k := SortKey{Field: strings.TrimPrefix(part, "-"), Desc: strings.HasPrefix(part, "-")}
			if k.Field == "slug" {
				keys = append(keys, k)
				break
			}
			f, ok := r.Field(k.Field)
			if !ok || !f.Sortable {
				return nil, InvalidParameter("sort", "cannot sort by "+strconvQuote(part)+"; allowed: "+strings.Join(r.sortNames(), ", "))
			}
			if len(keys) == MaxSortKeys {
				return nil, InvalidParameter("sort", "at most 3 sort keys")
			}
			keys = append(keys, k)
		}
	}
	return CompleteSort(keys), nil
}

// CompleteSort returns keys ended by the slug, the unique tie-breaker, in the direction of the
// key before it (so that one index, read forwards or backwards, serves the whole order); keys
// already ended by the slug are returned as they are. No keys means slug order.
func CompleteSort(keys []SortKey) []SortKey {
	if len(keys) > 0 && keys[len(keys)-1].Field == "slug" {
		return keys
	}
	desc := len(keys) > 0 && keys[len(keys)-1].Desc
	return append(keys[:len(keys):len(keys)], SortKey{Field: "slug", Desc: desc})
}

// ParseSearch checks the q parameter: at most 200 characters, at least one letter or digit.
func ParseSearch(q string) (string, error) {
	q = strings.TrimSpace(q)
	if len([]rune(q)) > MaxSearchLength {
		return "", InvalidParameter("q", "longer than 200 characters")
	}
	if q != "" && len(SearchTerms(q)) == 0 {
		return "", InvalidParameter("q", "has no letter or digit to search for")
	}
	return q, nil
}

// SearchTerms splits a search into its words (letters and digits), lower-cased.
func SearchTerms(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r >= '0' && r <= '9') && !isLetter(r)
	})
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r > 0x7f && strings.ToUpper(string(r)) != strings.ToLower(string(r))
}

// FacetCount is how many records of a filtered list have one value of a field.
type FacetCount struct {
	Value *string `json:"value" example:"DE" extensions:"x-nullable"` // The value, as text; null for unknown.
	Count int     `json:"count" example:"1"`                          // Records with that value.
}

// ParseFacets parses the facets parameter: comma-separated facet fields of r, at most 5.
func (r Resource) ParseFacets(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	names := strings.Split(s, ",")
	if len(names) > 5 {
		return nil, InvalidParameter("facets", "at most 5 fields")
	}
	for _, n := range names {
		if f, ok := r.Field(n); !ok || !f.Facet {
			return nil, InvalidParameter("facets", "cannot count values of "+strconvQuote(n)+"; allowed: "+strings.Join(r.facetNames(), ", "))
		}
	}
	return names, nil
}

func (r Resource) facetNames() []string {
	var out []string
	for _, f := range r.Fields {
		if f.Facet {
			out = append(out, f.Name)
		}
	}
	return out
}

// SortString is the canonical text of a sort, for cursors and links.
func SortString(keys []SortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.Field
		if k.Desc {
			parts[i] = "-" + k.Field
		}
	}
	return strings.Join(parts, ",")
}

// Scope is the canonical text of what a list query selects and how it orders it (not where it
// starts): a cursor is valid only for the same scope.
func (q ListQuery) Scope(path string) string {
	v := url.Values{}
	for _, f := range q.Filters {
		v.Add(f.Field+"["+f.Op+"]", strings.Join(f.Values, ","))
	}
	v.Set("sort", SortString(q.Sort))
	v.Set("q", q.Search)
	return path + "?" + v.Encode()
}

func (r Resource) filterNames() []string {
	out := []string{"slug"}
	for _, f := range r.Fields {
		out = append(out, f.Name)
	}
	sort.Strings(out)
	return out
}

func (r Resource) sortNames() []string {
	out := []string{"slug"}
	for _, f := range r.Fields {
		if f.Sortable {
			out = append(out, f.Name)
		}
	}
	return out
}

func strconvQuote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strconv.Quote(strings.ToValidUTF8(s, "\uFFFD"))
}
