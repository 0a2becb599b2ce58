package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// TestRecordCacheServesWhatTheDatabaseDoes compares, for every public GET of the spec that
// serves JSON (every list and every record), and for lists with paging, sorts, a cursor,
// filters, includes, facets and NDJSON, the response of a server that reads every record from
// the database with that of a server that serves records from its record cache: cold (the
// cache filled by this request) and warm. They must be equal byte for byte, headers included.
func TestRecordCacheServesWhatTheDatabaseDoes(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		key := cursorKey(t, s)
		read := newServerWithOptions(t, s, api.Options{CursorKey: key, CacheBytes: -1, RecordCacheBytes: -1})
		cached := newServerWithOptions(t, s, api.Options{CursorKey: key, CacheBytes: -1})
		targets := startTargets(t, read)
		for _, list := range storedLists(t) {
			targets = append(targets, list+"?limit=3", list+"?limit=2&sort=-slug", list+"?limit=4&include=sources",
				list+"?format=ndjson&limit=5", list+"?limit=1&slug=leipzig,"+firstSlug(t, read, list))
			if next := nextLink(t, read, list+"?limit=2"); next != "" {
				targets = append(targets, next)
			}
		}
		targets = append(targets, "/v1/cities?country=DE&sort=-population&facets=country", "/v1/cities?q=leip",
			"/v1/innovation-roles?limit=3", "/v1/concepts?limit=500")
		for _, target := range targets {
			want := exchange(t, read, target)
			for _, pass := range []string{"cold", "warm"} {
				if got := exchange(t, cached, target); got != want {
					t.Errorf("%s (%s record cache):\n got %.600s\nwant %.600s", target, pass, got, want)
				}
			}
		}
	})
}

// storedLists are the spec's lists the store holds: every list but the computed statistics,
// which have no records to cache.
func storedLists(t *testing.T) []string {
	var out []string
	for _, path := range listPaths(t) {
		if path != "/v1/statistics" && !strings.HasPrefix(path, "/v1/exports") {
			out = append(out, path)
		}
	}
	return out
}

// exchange is what a client sees of GET target: status, the headers a representation has, body.
func exchange(t *testing.T, srv *server, target string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	r := srv.serve(t, req, true)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d\n", r.Status)
	for _, h := range []string{"Content-Type", "Link", "ETag", "Last-Modified", "Content-Encoding"} {
		fmt.Fprintf(&b, "%s: %s\n", h, r.Header.Get(h))
	}
	b.Write(r.Body)
	return b.String()
}

// firstSlug is the slug of the first record of list.
func firstSlug(t *testing.T, srv *server, list string) string {
	t.Helper()
	slugs := listSlugs(t, srv, list)
	if len(slugs) == 0 {
		t.Fatalf("%s: empty", list)
	}
	return slugs[0]
}

// nextLink is links.next of target, or "" on the last page.
func nextLink(t *testing.T, srv *server, target string) string {
	t.Helper()
	var page struct {
		Links struct {
			Next *string `json:"next"`
		} `json:"links"`
	}
	r := srv.get(t, target)
	mustOK(t, target, r)
	r.decode(t, &page)
	if page.Links.Next == nil {
		return ""
	}
	return *page.Links.Next
}
