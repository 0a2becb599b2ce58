package api

import (
	"context"
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
	Limit int `json:"limit" example:"50"` // The page size asked for (default 50, at most 500).
}

// listPage is the envelope of every list: the items, the paging links and the page size.
// Each resource names its own copy of this shape (CityList, ...) for the OpenAPI document.
type listPage[T any] struct {
	Data  []T      `json:"data"`
	Links Links    `json:"links"`
	Meta  ListMeta `json:"meta"`
}

// listParams are the query parameters every list accepts.
var listParams = []string{"limit", "cursor"}

// listOf answers a list request: it checks the query, reads one keyset page through fetch and
// builds the envelope, with a next link when fetch returned more than the limit. key returns a
// record's keyset position (its slug).
func listOf[T any](c echo.Context, h *Handler, fetch func(context.Context, opencity.ListQuery) ([]T, error), key func(T) string) (listPage[T], error) {
	q, err := queryParams(c, listParams...)
	if err != nil {
		return listPage[T]{}, err
	}
	limit, err := opencity.ParseLimit(q.Get("limit"))
	if err != nil {
		return listPage[T]{}, err
	}
	scope := c.Request().URL.Path
	page := opencity.ListQuery{Page: opencity.Page{Limit: limit}}
	if cur := q.Get("cursor"); cur != "" {
		if page.After, err = h.cursors.Decode(scope, cur); err != nil {
			return listPage[T]{}, err
		}
	}
	items, err := fetch(c.Request().Context(), page)
	if err != nil {
		return listPage[T]{}, err
	}
	out := listPage[T]{Data: items, Links: Links{Self: pageURL(c, q)}, Meta: ListMeta{Limit: limit}}
	if len(items) > limit {
		out.Data = items[:limit]
		next := cloneValues(q)
		next.Set("cursor", h.cursors.Encode(scope, []string{key(items[limit-1])}))
		link := pageURL(c, next)
		out.Links.Next = &link
	}
	return out, nil
}

// itemOf answers a request for one record: it checks the slug and the query and reads the
// record through get.
func itemOf[T any](c echo.Context, get func(context.Context, string) (T, error)) (T, error) {
	var zero T
	if _, err := queryParams(c); err != nil {
		return zero, err
	}
	slug, err := slugParam(c)
	if err != nil {
		return zero, err
	}
	return get(c.Request().Context(), slug)
}

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
func queryParams(c echo.Context, allowed ...string) (url.Values, error) {
	raw := c.Request().URL.RawQuery
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, opencity.Errorf(opencity.EINVALID, "the query string is malformed: %s", strings.TrimPrefix(err.Error(), "invalid "))
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

func checkParam(name string, values []string, allowed []string) error {
	if !validText(name) {
		return opencity.InvalidParameter(safeName(name), "the parameter name is not valid UTF-8 text")
	}
	if !contains(allowed, name) {
		if len(allowed) == 0 {
			return opencity.InvalidParameter(safeName(name), "unknown parameter: this path takes no query parameters")
		}
		return opencity.InvalidParameter(safeName(name), "unknown parameter; allowed: "+strings.Join(allowed, ", "))
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
