package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// changeStore is what the change feed and the audit log need from the store.
type changeStore interface {
	Changes(ctx context.Context, since int64, limit int) ([]opencity.Change, error)
	Audit(ctx context.Context, since int64, limit int) ([]opencity.AuditEntry, error)
}

// FeedLinks are the paging links of the change feed and the audit log.
type FeedLinks struct {
	Self string `json:"self" example:"/v1/changes?since=40&limit=2"` // This page.
	Next string `json:"next" example:"/v1/changes?since=42&limit=2"` // The page after this one. On the last page it is where new entries will appear: poll it.
}

// ChangeList is a page of the change feed.
type ChangeList struct {
	Data  []opencity.Change `json:"data"`  // Changes in commit order.
	Links FeedLinks         `json:"links"` // Paging links.
}

// AuditList is a page of the audit log.
type AuditList struct {
	Data  []opencity.AuditEntry `json:"data"`  // Accepted writes, oldest first.
	Links FeedLinks             `json:"links"` // Paging links.
}

// feedQuery parses ?since= (a position, 0 for the start) and ?limit= (1 to 500, default 50).
func feedQuery(c echo.Context) (since int64, limit int, err error) {
	q, err := queryParams(c, func(n string) bool { return n == "since" || n == "limit" || n == "fields" })
	if err != nil {
		return 0, 0, err
	}
	limit = 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return 0, 0, opencity.InvalidParameter("limit", "must be an integer from 1 to 500")
		}
		limit = n
	}
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, opencity.InvalidParameter("since", "must be a position from a previous page (an integer, 0 for the start)")
		}
		since = n
	}
	return since, limit, nil
}

func feedLinks(path string, since, last int64, limit int) FeedLinks {
	link := func(s int64) string {
		return path + "?" + url.Values{"since": {strconv.FormatInt(s, 10)}, "limit": {strconv.Itoa(limit)}}.Encode()
	}
	return FeedLinks{Self: link(since), Next: link(last)}
}

// listChanges lists the change feed.
//
//	@Summary		List changes
//	@Description	Every create, update and delete of a record, in commit order, keyset-paged: start with since=0 (or no since), follow links.next, and keep the last next to poll for new changes. Deletes appear too (the record's GET then answers 410), so a mirror replaying the feed from the start stays in sync. Adding or deleting a population figure also shows an update of its city, whose representation changed.
//	@Tags			sync
//	@Produce		json
//	@Param			since	query		int	false	"Position after which to list: seq of the last change seen"	minimum(0)	default(0)
//	@Param			limit	query		int	false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Success		200		{object}	ChangeList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/changes [get]
func (h *Handler) listChanges(c echo.Context) error {
	since, limit, err := feedQuery(c)
	if err != nil {
		return err
	}
	changes, err := h.store.Changes(c.Request().Context(), since, limit)
	if err != nil {
		return err
	}
	last := since
	if changes == nil {
		changes = []opencity.Change{}
	}
	if len(changes) > 0 {
		last = changes[len(changes)-1].Seq
	}
	return writeFeed(c, changes, feedLinks("/v1/changes", since, last, limit))
}

// listAudit lists the audit log.
//
//	@Summary		List the audit log
//	@Description	Every accepted write, oldest first: the prefix of the key that made it, when, the operation, the record, and the record before and after. Keyset-paged like the change feed. Needs a key with the admin scope.
//	@Tags			sync
//	@Produce		json
//	@Security		bearerAuth[admin]
//	@Param			since	query		int	false	"Position after which to list: id of the last entry seen"	minimum(0)	default(0)
//	@Param			limit	query		int	false	"Page size, 1 to 500"	minimum(1)	maximum(500)	default(50)
//	@Success		200		{object}	AuditList
//	@Header			200		{string}	Request-Id	"Id of this request"
//	@Failure		400		{object}	Problem
//	@Failure		401		{object}	Problem
//	@Failure		403		{object}	Problem
//	@Failure		406		{object}	Problem
//	@Failure		500		{object}	Problem
//	@Router			/v1/audit [get]
func (h *Handler) listAudit(c echo.Context) error {
	since, limit, err := feedQuery(c)
	if err != nil {
		return err
	}
	entries, err := h.store.Audit(c.Request().Context(), since, limit)
	if err != nil {
		return err
	}
	last := since
	if entries == nil {
		entries = []opencity.AuditEntry{}
	}
	if len(entries) > 0 {
		last = entries[len(entries)-1].ID
	}
	return writeFeed(c, entries, feedLinks("/v1/audit", since, last, limit))
}

// writeFeed writes a page of the change feed or the audit log (ChangeList, AuditList); ?fields=
// cuts each entry down.
func writeFeed[T any](c echo.Context, data []T, links FeedLinks) error {
	fields, err := sparseFields(c, reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if fields == nil {
		return c.JSON(http.StatusOK, feedPage[T]{Data: data, Links: links})
	}
	sparse := make([]map[string]json.RawMessage, len(data))
	for i, d := range data {
		if sparse[i], err = project(d, fields); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, feedPage[map[string]json.RawMessage]{Data: sparse, Links: links})
}

// feedPage is the shape of ChangeList and AuditList.
type feedPage[T any] struct {
	Data  []T       `json:"data"`
	Links FeedLinks `json:"links"`
}
