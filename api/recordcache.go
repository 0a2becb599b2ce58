package api

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/opencity/opencity/internal/opencity"
)

// The record cache keeps records as the JSON representation encodes them, so that a page no
// request has asked for yet (another sort, filter, cursor or page size) is served without
// reading and encoding its records again: the page's slugs come from the database (one keyset
// query on an index, Store.PageSlugs), the records from this cache, and only those it lacks
// are read (by slug, through the list's own fetcher) and encoded.
//
// A record's encoding depends on more than its row (a city lists its populations and links to
// its responses), so entries are keyed by the data version, which every write bumps: a write
// makes every entry of the old version unreachable, and they age out of the LRU. Records of a
// list and records served one at a time are kept apart (their representations may differ).

// DefaultRecordCacheBytes bounds the record cache when Options.RecordCacheBytes is 0: enough
// for the JSON of 10,000 cities.
const DefaultRecordCacheBytes = 16 << 20

// recordStore is what the record cache asks of the store: the slugs of a page of a list.
type recordStore interface {
	PageSlugs(ctx context.Context, resource string, q opencity.ListQuery) ([]string, []string, error)
}

// recordKey names the encoding of the record slug served under route (the list's or the
// record's route path) at data version v.
func recordKey(v int64, route, slug string) string { return recordPrefix(v, route) + slug }

// recordPrefix is what the keys of the records served under route at version v begin with.
func recordPrefix(v int64, route string) string {
	return strconv.FormatInt(v, 10) + "\x00" + route + "\x00"
}

// encodedRecords returns the JSON encodings of the records of the list at route with slugs, in
// that order, at data version v: from the record cache, and through fetch (the list's fetcher,
// asked for the missing slugs, with the list's fixed filters) for the ones it lacks, which it
// then keeps. A slug fetch no longer finds (deleted since the page was read) is left out.
func encodedRecords[T any](ctx context.Context, h *Handler, route string, v int64, slugs []string, fetch fetcher[T], fixed []opencity.Filter) ([][]byte, error) {
	out := make([][]byte, len(slugs))
	var missing []string
	prefix := recordPrefix(v, route)
	for i, slug := range slugs {
		if e, ok := h.records.get(prefix + slug); ok {
			out[i] = e.body
		} else {
			missing = append(missing, slug)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	fetched, err := fetchRecords(ctx, h, route, v, missing, fetch, fixed)
	if err != nil {
		return nil, err
	}
	for i, slug := range slugs {
		if out[i] == nil {
			out[i] = fetched[slug]
		}
	}
	return compact(out), nil
}

// fetchRecords reads the records with slugs through fetch, encodes them, keeps them in the
// record cache and returns them by slug.
func fetchRecords[T any](ctx context.Context, h *Handler, route string, v int64, slugs []string, fetch fetcher[T], fixed []opencity.Filter) (map[string][]byte, error) {
	q := opencity.ListQuery{Page: opencity.Page{Limit: len(slugs)},
		Filters: append(fixed[:len(fixed):len(fixed)], opencity.Filter{Field: "slug", Op: opencity.OpEq, Values: slugs})}
	items, _, err := fetch(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(items))
	for _, it := range items {
		slug := slugOf(it)
		e, err := keepRecord(h, recordKey(v, route, slug), it)
		if err != nil {
			return nil, err
		}
		out[slug] = e.body
	}
	return out, nil
}

// keepRecord encodes rec as JSON and keeps it in the record cache under key.
func keepRecord(h *Handler, key string, rec any) (*entry, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	e := &entry{tag: key, body: b, record: recordVersion(rec)}
	h.records.add(e)
	return e, nil
}

// encodedRecord returns the record with slug as encoded under key: from the record cache, else
// read through get, encoded and kept.
func encodedRecord[T any](ctx context.Context, h *Handler, key, slug string, get func(context.Context, string) (T, error)) (*entry, error) {
	if e, ok := h.records.get(key); ok {
		return e, nil
	}
	rec, err := get(ctx, slug)
	if err != nil {
		return nil, err
	}
	return keepRecord(h, key, rec)
}

// compact drops the nil records of recs (those fetch no longer found).
func compact(recs [][]byte) [][]byte {
	out := recs[:0]
	for _, r := range recs {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// slugOf returns the Slug field of the record v (every record has one).
func slugOf(v any) string {
	return reflect.ValueOf(v).FieldByName("Slug").String()
}

// recordVersion returns the Version field of the record v, or -1 when its type has none (a record
// that cannot be written).
func recordVersion(v any) int64 {
	f := reflect.ValueOf(v).FieldByName("Version")
	if !f.IsValid() || f.Kind() != reflect.Int64 {
		return -1
	}
	return f.Int()
}
