package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
)

// What every single-record write shares: who writes, the record ETag and If-Match, JSON Merge
// Patch, and telling the caches that the data changed.
//
// A writable record's ETag names its version: a GET of the record serves "v3.<ETag of the data
// version>" (cache.go: it still changes with every change of data, so a cached copy is never
// served stale), a write answers "v3". If-Match compares the record version only: a write
// elsewhere does not make an edit of this record stale, a write of this record does. Updates
// and deletes need If-Match (428 without it, 412 when the version it names is not current);
// "If-Match: *" matches any current version.

// recordVersionKey is where a record's GET handler leaves the record version for cache.go.
const recordVersionKey = "opencity.recordVersion"

// recordTag returns the ETag served for the representation tagged tag: with the record version
// the handler left, if it left one.
func recordTag(c echo.Context, tag string) string {
	v, ok := c.Get(recordVersionKey).(int64)
	if !ok {
		return ""
	}
	return `"v` + strconv.FormatInt(v, 10) + "." + strings.TrimPrefix(tag, `"`)
}

// recordETag is the ETag of a record at version.
func recordETag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// noVersion, as an expected version, matches no record: an If-Match that names no version of
// ours.
const noVersion int64 = -1

// expectedVersion returns the version If-Match names: opencity.AnyVersion for "*", noVersion
// for a tag that is not a record ETag (a weak one, another resource's). It returns ENEEDMATCH
// without If-Match and EINVALID for a header that lists more than one tag.
func expectedVersion(c echo.Context) (int64, error) {
	values := c.Request().Header.Values("If-Match")
	if len(values) == 0 {
		return 0, opencity.Errorf(opencity.ENEEDMATCH,
			"this write needs If-Match with the record's current ETag (GET the record: its ETag is like \"v3\"), or If-Match: *")
	}
	tag := strings.TrimSpace(strings.Join(values, ","))
	switch {
	case tag == "*":
		return opencity.AnyVersion, nil
	case strings.Contains(tag, ","):
		return 0, opencity.InvalidParameter("If-Match", "name one ETag")
	}
	digits, ok := strings.CutPrefix(tag, `"v`)
	digits, ok2 := strings.CutSuffix(digits, `"`)
	digits, _, _ = strings.Cut(digits, ".")
	n, err := strconv.ParseInt(digits, 10, 64)
	if !ok || !ok2 || err != nil || n < 1 {
		return noVersion, nil
	}
	return n, nil
}

// writerOf returns who writes: the key that requireScope let through.
func writerOf(c echo.Context) opencity.Writer {
	k, _ := keyOf(c)
	return opencity.Writer{KeyPrefix: k.Prefix}
}

// written answers a write with status, the record's ETag and v, after telling the caches.
func (h *Handler) written(c echo.Context, status int, version int64, v any) error {
	h.versions.Invalidate()
	c.Response().Header().Set("ETag", recordETag(version))
	return c.JSON(status, v)
}

// deleted answers a delete: 204, after telling the caches.
func (h *Handler) deleted(c echo.Context) error {
	h.versions.Invalidate()
	return c.NoContent(http.StatusNoContent)
}

// patchBase checks the version a patch is applied to against If-Match (expected) and returns
// the version the write must find: the one the patch was applied to.
func patchBase(what, slug string, expected, current int64) (int64, error) {
	if expected != opencity.AnyVersion && expected != current {
		return 0, opencity.Errorf(opencity.EPRECONDITION, "the %s %q is at version %d: read it again and retry", what, slug, current)
	}
	return current, nil
}

// mergePatch applies the JSON Merge Patch patch (RFC 7396) to target, both decoded JSON.
func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
		} else {
			tm[k] = mergePatch(tm[k], v)
		}
	}
	return tm
}

// patchBody reads a merge patch (Content-Type application/merge-patch+json, a JSON object),
// applies it to current and decodes the result strictly into out.
func patchBody[T any](c echo.Context, current T, out *T) error {
	body, err := readJSONBody(c, mediaMergePatch)
	if err != nil {
		return err
	}
	var patch any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&patch); err != nil {
		return opencity.Errorf(opencity.EINVALID, "the body is not well-formed JSON")
	}
	if _, ok := patch.(map[string]any); !ok {
		return opencity.Errorf(opencity.EINVALID, "a merge patch must be a JSON object")
	}
	base, err := json.Marshal(current)
	if err != nil {
		return err
	}
	var target any
	dec = json.NewDecoder(bytes.NewReader(base))
	dec.UseNumber()
	if err := dec.Decode(&target); err != nil {
		return err
	}
	merged, err := json.Marshal(mergePatch(target, patch))
	if err != nil {
		return err
	}
	return decodeStrict(merged, out)
}

// idemStore is what Idempotency-Key handling needs from the store.
type idemStore interface {
	BeginIdempotent(ctx context.Context, prefix, key, hash string) (opencity.IdempotencyClaim, *opencity.StoredResponse, error)
	FinishIdempotent(ctx context.Context, claim opencity.IdempotencyClaim, r opencity.StoredResponse) error
	ReleaseIdempotent(ctx context.Context, claim opencity.IdempotencyClaim) error
}

// recordWrites are the steps the handlers of one kind of record share: W is its request type,
// D its draft and T the record. check validates a body for the record at pathSlug ("" to
// create: 422 listing every failing field); draft and writeOf convert between body and draft;
// meta gives a record's path and version; the rest are the store's writes.
type recordWrites[W, D, T any] struct {
	what    string
	check   func(w W, pathSlug string) error
	draft   func(w W, slug string) D
	writeOf func(d D) W
	meta    func(T) (href string, version int64)
	create  func(ctx context.Context, who opencity.Writer, d D) (T, error)
	replace func(ctx context.Context, who opencity.Writer, slug string, expected int64, d D) (T, error)
	remove  func(ctx context.Context, who opencity.Writer, slug string, expected int64) error
	draftOf func(ctx context.Context, slug string) (D, int64, error)
}

// recordBody reads a JSON body strictly into a W and validates it with check for the record
// at pathSlug ("" to create).
func recordBody[W any](c echo.Context, check func(W, string) error, pathSlug string) (W, error) {
	var w W
	body, err := readJSONBody(c, mediaJSON)
	if err != nil {
		return w, err
	}
	if err := decodeStrict(body, &w); err != nil {
		return w, err
	}
	return w, check(w, pathSlug)
}

// createIn answers a create: 201 with the record, its Location and ETag.
func (rw recordWrites[W, D, T]) createIn(h *Handler, c echo.Context, slugOf func(W) string) error {
	w, err := recordBody(c, rw.check, "")
	if err != nil {
		return err
	}
	v, err := rw.create(c.Request().Context(), writerOf(c), rw.draft(w, slugOf(w)))
	if err != nil {
		return err
	}
	href, version := rw.meta(v)
	c.Response().Header().Set(echo.HeaderLocation, href)
	return h.written(c, http.StatusCreated, version, v)
}

// replaceIn answers a replace (PUT) of the record at the path.
func (rw recordWrites[W, D, T]) replaceIn(h *Handler, c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	w, err := recordBody(c, rw.check, slug)
	if err != nil {
		return err
	}
	return rw.save(h, c, slug, expected, w)
}

// patchIn answers a JSON Merge Patch of the record at the path: the patch applies to its
// current values, and the result must be a valid body.
func (rw recordWrites[W, D, T]) patchIn(h *Handler, c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	current, version, err := rw.draftOf(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	if expected, err = patchBase(rw.what, slug, expected, version); err != nil {
		return err
	}
	var w W
	if err := patchBody(c, rw.writeOf(current), &w); err != nil {
		return err
	}
	if err := rw.check(w, slug); err != nil {
		return err
	}
	return rw.save(h, c, slug, expected, w)
}

func (rw recordWrites[W, D, T]) save(h *Handler, c echo.Context, slug string, expected int64, w W) error {
	v, err := rw.replace(c.Request().Context(), writerOf(c), slug, expected, rw.draft(w, slug))
	if err != nil {
		return err
	}
	_, version := rw.meta(v)
	return h.written(c, http.StatusOK, version, v)
}

// deleteIn answers a delete of the record at the path: 204.
func (rw recordWrites[W, D, T]) deleteIn(h *Handler, c echo.Context) error {
	slug, expected, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := rw.remove(c.Request().Context(), writerOf(c), slug, expected); err != nil {
		return err
	}
	return h.deleted(c)
}

// checkDated validates the body w, with slug, of a record with a period for the record at
// pathSlug ("" to create): the period must not end before it starts (ISO dates or months
// compare as text).
func checkDated(w any, slug, pathSlug string, startsOn, endsOn *string) error {
	extra := slugErrors(slug, pathSlug)
	if startsOn != nil && endsOn != nil && *endsOn < *startsOn {
		extra = append(extra, opencity.FieldError{Pointer: "/ends_on", Reason: "must not be before starts_on"})
	}
	return checkValues(w, extra...)
}
