package api

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// Links are the paging links of a list.
type Links struct {
	Self string  `json:"self" example:"/v1/cities?limit=2"`                                                              // This page.
	Next *string `json:"next" example:"/v1/cities?cursor=eyJzIjoiL3YxL2NpdGllcyJ9.c2ln&limit=2" extensions:"x-nullable"` // The next page; null on the last page.
}

// ListMeta describes a page of a list.
type ListMeta struct {
	Limit  int                              `json:"limit" example:"50"` // The page size asked for (default 50, at most 500).
	Facets map[string][]opencity.FacetCount `json:"facets,omitempty"`   // With ?facets=: for each field, how many records of the filtered list have each value (paging aside; at most 100 values, most frequent first).
}

// listPage is the envelope of every list: the items, the paging links and the page size.
// Each resource names its own copy of this shape (CityList, ...) for the OpenAPI document.
type listPage[T any] struct {
	Data     []T       `json:"data"`
	Links    Links     `json:"links"`
	Meta     ListMeta  `json:"meta"`
	Included *Included `json:"included,omitempty"`
}

// Included holds, with ?include=sources, the records the page links to, so a client needs no
// further request to resolve them.
type Included struct {
	Sources []opencity.Source `json:"sources"` // Every source the page's records name, in slug order.
}

// listParams are the query parameters every list accepts besides its filters. format (json,
// csv, ndjson) is read by the negotiation (negotiate.go) before the handler runs; it is listed
// here so that the handler admits it and does not take it for a filter.
var listParams = []string{"limit", "cursor", "sort", "q", "facets", "include", "fields", "format"}

// fetcher reads one page of a list: its items and the keys the next page starts after (nil on
// the last page).
type fetcher[T any] func(context.Context, opencity.ListQuery) ([]T, []string, error)

// listOf answers a list request: it parses the query against the resource (paging, filters,
// search, sort), reads one keyset page through fetch and builds the envelope, with a next link
// when there is a next page. fixed filters (e.g. the vocabulary of /v1/innovation-roles) are
// applied on top of the client's.
func listOf[T any](c echo.Context, h *Handler, res opencity.Resource, fetch fetcher[T], fixed ...opencity.Filter) (listPage[T], error) {
	q, err := queryParams(c, isListParam)
	if err != nil {
		return listPage[T]{}, err
	}
	lq, err := parseListQuery(q, res)
	if err != nil {
		return listPage[T]{}, err
	}
	lq.Filters = append(lq.Filters, fixed...)
	scope := lq.Scope(c.Request().URL.Path)
	if cur := q.Get("cursor"); cur != "" {
		if lq.After, err = h.cursors.Decode(scope, cur); err != nil {
			return listPage[T]{}, err
		}
	}
	items, next, err := fetch(c.Request().Context(), lq)
	if err != nil {
		return listPage[T]{}, err
	}
	if items == nil {
		items = []T{}
	}
	out := listPage[T]{Data: items, Links: Links{Self: pageURL(c, q)}, Meta: ListMeta{Limit: lq.Limit}}
	if out.Meta.Facets, err = h.facets(c.Request().Context(), res, lq, q.Get("facets")); err != nil {
		return listPage[T]{}, err
	}
	if out.Included, err = h.included(c.Request().Context(), q.Get("include"), items); err != nil {
		return listPage[T]{}, err
	}
	if next != nil {
		nq := cloneValues(q)
		nq.Set("cursor", h.cursors.Encode(scope, next))
		link := pageURL(c, nq)
		out.Links.Next = &link
	}
	return out, nil
}

// facets counts the values of the fields the facets parameter names, if any.
func (h *Handler) facets(ctx context.Context, res opencity.Resource, lq opencity.ListQuery, param string) (map[string][]opencity.FacetCount, error) {
	fields, err := res.ParseFacets(param)
	if err != nil || len(fields) == 0 {
		return nil, err
	}
	lq.After = nil
	return h.store.Facets(ctx, res.Name, lq, fields)
}

var sourceHref = regexp.MustCompile(`"/v1/sources/([a-z0-9-]+)"`)

// included loads what the include parameter asks for: "sources" loads every source the items
// link to, in one query whatever the page size.
func (h *Handler) included(ctx context.Context, include string, items any) (*Included, error) {
	switch include {
	case "":
		return nil, nil
	case "sources":
	default:
		return nil, opencity.InvalidParameter("include", "only sources can be included")
	}
	encoded, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var slugs []string
	for _, m := range sourceHref.FindAllSubmatch(encoded, -1) {
		if slug := string(m[1]); !seen[slug] {
			seen[slug] = true
			slugs = append(slugs, slug)
		}
	}
	inc := &Included{Sources: []opencity.Source{}}
	if len(slugs) == 0 {
		return inc, nil
	}
	q := opencity.ListQuery{Page: opencity.Page{Limit: len(slugs)},
		Filters: []opencity.Filter{{Field: "slug", Op: opencity.OpEq, Values: slugs}}}
	inc.Sources, _, err = h.store.ListSources(ctx, q)
	return inc, err
}

// isListParam accepts the list parameters and anything shaped like a filter; the filter's
// field and operator are checked against the resource when it is parsed.
func isListParam(name string) bool {
	return contains(listParams, name) || filterParam.MatchString(name)
}

var filterParam = regexp.MustCompile(`^[a-z_]{1,64}(\[[a-z]{1,8}\])?$`)

// parseListQuery reads limit, sort, q and the filters from the checked query. The filters come
// out in parameter-name order, so equal queries get equal scopes.
func parseListQuery(q url.Values, res opencity.Resource) (opencity.ListQuery, error) {
	var lq opencity.ListQuery
	var err error
	if lq.Limit, err = opencity.ParseLimit(q.Get("limit")); err != nil {
		return lq, err
	}
	if lq.Sort, err = res.ParseSort(q.Get("sort")); err != nil {
		return lq, err
	}
	if lq.Search, err = opencity.ParseSearch(q.Get("q")); err != nil {
		return lq, err
	}
	if lq.Search != "" && !res.Searchable {
		return lq, opencity.InvalidParameter("q", "this list cannot be searched")
	}
	names := make([]string, 0, len(q))
	for name := range q {
		if !contains(listParams, name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		f, err := res.ParseFilter(name, q.Get(name))
		if err != nil {
			return lq, err
		}
		lq.Filters = append(lq.Filters, f)
	}
	return lq, nil
}

// itemOf answers a request for one record: it checks the slug and the query and reads the
// record through get.
func itemOf[T any](c echo.Context, get func(context.Context, string) (T, error)) (T, error) {
	var zero T
	if _, err := queryParams(c, isItemParam); err != nil {
		return zero, err
	}
	slug, err := slugParam(c)
	if err != nil {
		return zero, err
	}
	return get(c.Request().Context(), slug)
}

// isItemParam accepts the query parameters of a request for one record.
func isItemParam(name string) bool { return name == "fields" }

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,127}$`)

// slugParam returns the slug path parameter, or EINVALID when it cannot be a slug.
func slugParam(c echo.Context) (string, error) {
	slug := c.Param("slug")
	if !slugPattern.MatchString(slug) {
		return "", opencity.InvalidParameter("slug", "must be lower-case letters, digits and hyphens, at most 128 characters")
	}
	return slug, nil
}

// queryParams returns the query of the request after checking it: only the allowed parameters,
// each at most once, with valid UTF-8 and no NUL or control characters, at most 4096 bytes.
func queryParams(c echo.Context, allowed func(string) bool) (url.Values, error) {
	raw := c.Request().URL.RawQuery
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, malformedQuery(raw)
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := checkParam(name, q[name], allowed); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// malformedQuery names the first parameter of a query that url.ParseQuery refuses: one with
// a semicolon or a broken %-escape.
func malformedQuery(raw string) error {
	for _, pair := range strings.Split(raw, "&") {
		key, value, _ := strings.Cut(pair, "=")
		name, kerr := url.QueryUnescape(key)
		if kerr != nil {
			name = key
		}
		switch _, verr := url.QueryUnescape(value); {
		case strings.Contains(pair, ";"):
			return opencity.InvalidParameter(safeName(name), "contains a semicolon; separate parameters with &")
		case kerr != nil || verr != nil:
			return opencity.InvalidParameter(safeName(name), "has a malformed %-escape")
		}
	}
	return opencity.Errorf(opencity.EINVALID, "the query string is malformed")
}

func checkParam(name string, values []string, allowed func(string) bool) error {
	if !validText(name) {
		return opencity.InvalidParameter(safeName(name), "the parameter name is not valid UTF-8 text")
	}
	if !allowed(name) {
		return opencity.InvalidParameter(safeName(name), "unknown parameter")
	}
	if len(values) > 1 {
		return opencity.InvalidParameter(name, "given more than once")
	}
	if !validText(values[0]) {
		return opencity.InvalidParameter(name, "must be valid UTF-8 without control characters")
	}
	if len(values[0]) > 4096 {
		return opencity.InvalidParameter(name, "longer than 4096 bytes")
	}
	return nil
}

// validText reports whether s is valid UTF-8 with no NUL or other control characters.
func validText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// safeName returns a parameter name fit to quote in an error: invalid bytes replaced, cut to
// 64 bytes.
func safeName(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
	if len(s) > 64 {
		s = strings.ToValidUTF8(s[:64], "") + "…"
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// pageURL is the path of the request with the query q (encoded in sorted key order).
func pageURL(c echo.Context, q url.Values) string {
	if len(q) == 0 {
		return c.Request().URL.Path
	}
	return c.Request().URL.Path + "?" + q.Encode()
}
