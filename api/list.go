package api

import (
	"context"
	"encoding/json"
	"net/http"
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

// listRequest is a list request, checked: its query, the list query it asks for (with the
// route's fixed filters) and the scope its cursors are bound to.
type listRequest struct {
	q     url.Values
	lq    opencity.ListQuery
	scope string
}

// parseList checks a list request against the resource: paging, filters, search, sort and the
// cursor. fixed filters (e.g. the vocabulary of /v1/innovation-roles) are applied on top of
// the client's.
func parseList(c echo.Context, h *Handler, res opencity.Resource, fixed []opencity.Filter) (listRequest, error) {
	q, err := queryParams(c, isListParam)
	if err != nil {
		return listRequest{}, err
	}
	lq, err := parseListQuery(q, res)
	if err != nil {
		return listRequest{}, err
	}
	lq.Filters = append(lq.Filters, fixed...)
	r := listRequest{q: q, lq: lq, scope: lq.Scope(c.Request().URL.Path)}
	if cur := q.Get("cursor"); cur != "" {
		if r.lq.After, err = h.cursors.Decode(r.scope, cur); err != nil {
			return listRequest{}, err
		}
	}
	return r, nil
}

// envelope returns the links and meta of the page of r whose next page starts after next (nil
// on the last page), with the facets r asks for.
func (r listRequest) envelope(c echo.Context, h *Handler, res opencity.Resource, next []string) (Links, ListMeta, error) {
	links := Links{Self: pageURL(c, r.q)}
	meta := ListMeta{Limit: r.lq.Limit}
	var err error
	if meta.Facets, err = h.facets(c.Request().Context(), res, r.lq, r.q.Get("facets")); err != nil {
		return Links{}, ListMeta{}, err
	}
	if next != nil {
		nq := cloneValues(r.q)
		nq.Set("cursor", h.cursors.Encode(r.scope, next))
		link := pageURL(c, nq)
		links.Next = &link
	}
	return links, meta, nil
}

// listOf answers a list request by reading one keyset page through fetch: the envelope of the
// items, with a next link when there is a next page.
func listOf[T any](c echo.Context, h *Handler, res opencity.Resource, fetch fetcher[T], fixed ...opencity.Filter) (listPage[T], error) {
	r, err := parseList(c, h, res, fixed)
	if err != nil {
		return listPage[T]{}, err
	}
	return readPage(c, h, res, r, fetch)
}

// readPage reads the page r asks for through fetch, with its envelope.
func readPage[T any](c echo.Context, h *Handler, res opencity.Resource, r listRequest, fetch fetcher[T]) (listPage[T], error) {
	items, next, err := fetch(c.Request().Context(), r.lq)
	if err != nil {
		return listPage[T]{}, err
	}
	if items == nil {
		items = []T{}
	}
	out := listPage[T]{Data: items}
	if out.Links, out.Meta, err = r.envelope(c, h, res, next); err != nil {
		return listPage[T]{}, err
	}
	if r.q.Get("include") != "" {
		encoded, err := json.Marshal(items)
		if err != nil {
			return listPage[T]{}, err
		}
		if out.Included, err = h.included(c.Request().Context(), r.q.Get("include"), encoded); err != nil {
			return listPage[T]{}, err
		}
	}
	return out, nil
}

// serveList answers a request for a list the store holds (every list but the computed
// statistics): from the record cache (recordcache.go) for JSON and NDJSON of whole records, else
// by reading the page through fetch.
func serveList[T any](c echo.Context, h *Handler, res opencity.Resource, fetch fetcher[T], fixed ...opencity.Filter) error {
	r, err := parseList(c, h, res, fixed)
	if err != nil {
		return err
	}
	v, ok := versionOf(c)
	if f := formatOf(c); !ok || f == formatCSV || r.q.Get("fields") != "" || !h.records.enabled() {
		page, err := readPage(c, h, res, r, fetch)
		if err != nil {
			return err
		}
		return writeList(c, page)
	}
	if err := envelopeOnly(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	slugs, next, err := h.store.PageSlugs(ctx, res.Name, r.lq)
	if err != nil {
		return err
	}
	recs, err := encodedRecords(ctx, h, c.Path(), v.Number, slugs, fetch, fixed)
	if err != nil {
		return err
	}
	page := encodedPage{records: recs}
	if page.Links, page.Meta, err = r.envelope(c, h, res, next); err != nil {
		return err
	}
	if page.Included, err = h.included(ctx, r.q.Get("include"), recs...); err != nil {
		return err
	}
	return page.write(c)
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

// included loads what the include parameter asks for: "sources" loads every source the
// records (as encoded) link to, in one query whatever the page size.
func (h *Handler) included(ctx context.Context, include string, encoded ...[]byte) (*Included, error) {
	switch include {
	case "":
		return nil, nil
	case "sources":
	default:
		return nil, opencity.InvalidParameter("include", "only sources can be included")
	}
	seen := map[string]bool{}
	var slugs []string
	for _, rec := range encoded {
		for _, m := range sourceHref.FindAllSubmatch(rec, -1) {
			if slug := string(m[1]); !seen[slug] {
				seen[slug] = true
				slugs = append(slugs, slug)
			}
		}
	}

	inc := &Included{Sources: []opencity.Source{}}
	if len(slugs) == 0 {
		return inc, nil
	}
	q := opencity.ListQuery{Page: opencity.Page{Limit: len(slugs)},
		Filters: []opencity.Filter{{Field: "slug", Op: opencity.OpEq, Values: slugs}}}
	sources, _, err := h.store.ListSources(ctx, q)
	inc.Sources = sources
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

// serveItem answers a request for one record: from the record cache (recordcache.go) when the
// whole record is asked for, else read through get. A record of a writable collection (one
// with a version) is served with its version in the ETag.
func serveItem[T any](c echo.Context, h *Handler, get func(context.Context, string) (T, error)) error {
	if _, err := queryParams(c, isItemParam); err != nil {
		return err
	}
	slug, err := slugParam(c)
	if err != nil {
		return err
	}
	v, ok := versionOf(c)
	if !ok || c.QueryParam("fields") != "" || !h.records.enabled() {
		rec, err := get(c.Request().Context(), slug)
		if err != nil {
			return err
		}
		if n := recordVersion(rec); n >= 0 {
			c.Set(recordVersionKey, n)
		}
		return writeItem(c, rec)
	}
	e, err := encodedRecord(c.Request().Context(), h, recordKey(v.Number, c.Path(), slug), slug, get)
	if err != nil {
		return err
	}
	if e.record >= 0 {
		c.Set(recordVersionKey, e.record)
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, formatJSON.contentType)
	res.WriteHeader(http.StatusOK)
	if _, err := res.Write(e.body); err != nil {
		return err
	}
	_, err = res.Write([]byte{'\n'}) // as c.JSON ends the body
	return err
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
