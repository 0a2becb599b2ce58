package api_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// crawlResult is every JSON document reached from the spec's GET paths by following links.
type crawlResult struct {
	bodies  map[string]any  // decoded body of every 200 JSON response, by request target
	sources map[string]bool // every source.href met
}

// listSlugs returns the slugs of the first page (at most 500) of the list at path.
func listSlugs(t testing.TB, srv *server, path string) []string {
	t.Helper()
	target := path + "?limit=500"
	r := srv.get(t, target)
	mustOK(t, target, r)
	var page struct {
		Data []struct {
			Slug string `json:"slug"`
		} `json:"data"`
	}
	r.decode(t, &page)
	var out []string
	for _, d := range page.Data {
		out = append(out, d.Slug)
	}
	return out
}

// startTargets expands the spec's public GET paths: {slug} takes every slug of the list it
// belongs to.
func startTargets(t testing.TB, srv *server) []string {
	t.Helper()
	doc, _ := openAPI(t)
	var out []string
	for _, path := range doc.Paths.InMatchingOrder() {
		if !publicGet(doc.Paths.Value(path)) || !servesJSON(doc.Paths.Value(path).Get) {
			continue // no JSON to crawl: exports are checked in exports_test.go
		}
		list, rest, ok := strings.Cut(path, "/{slug}")
		if !ok {
			out = append(out, path)
			continue
		}
		if strings.Contains(rest, "{") || strings.Contains(list, "{") {
			t.Errorf("%s: path parameter the crawler cannot fill", path)
			continue
		}
		slugs := listSlugs(t, srv, list)
		if len(slugs) == 0 {
			t.Errorf("%s: the list %s is empty, nothing to fill {slug} with", path, list)
		}
		for _, s := range slugs {
			out = append(out, list+"/"+s+rest)
		}
	}
	sort.Strings(out)
	return out
}

// crawl fetches every start target and follows every href, *_href and links.next in the JSON
// bodies until no new target is found. Every response must be a 200 that matches the spec.
func crawl(t testing.TB, srv *server) *crawlResult {
	t.Helper()
	res := &crawlResult{bodies: map[string]any{}, sources: map[string]bool{}}
	queue := startTargets(t, srv)
	seen := map[string]bool{}
	for _, q := range queue {
		seen[q] = true
	}
	for len(queue) > 0 {
		if len(seen) > 20000 {
			t.Fatalf("crawl: more than 20000 targets; links do not converge")
		}
		target := queue[0]
		queue = queue[1:]
		r := srv.get(t, target)
		if r.Status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200; body %.300s", target, r.Status, r.Body)
			continue
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			continue
		}
		var body any
		r.decode(t, &body)
		res.bodies[target] = body
		walkJSON(body, "", func(key string, v any) {
			link, ok := v.(string)
			if !ok || !strings.HasPrefix(link, "/") {
				return
			}
			if key == "href" || strings.HasSuffix(key, "_href") || key == "next" || key == "self" {
				if !seen[link] {
					seen[link] = true
					queue = append(queue, link)
				}
			}
		})
		walkJSON(body, "", func(key string, v any) {
			if m, ok := v.(map[string]any); ok && key == "source" {
				if href, ok := m["href"].(string); ok {
					res.sources[href] = true
				}
			}
		})
	}
	return res
}

// publicGet reports whether item has a GET operation that needs no API key (the crawler has
// none; auth_test.go covers the others).
func publicGet(item *openapi3.PathItem) bool {
	return item.Get != nil && (item.Get.Security == nil || len(*item.Get.Security) == 0)
}

// servesJSON reports whether op is a GET whose 200 response is JSON.
func servesJSON(op *openapi3.Operation) bool {
	ok := op.Responses.Status(http.StatusOK)
	return ok != nil && ok.Value != nil && ok.Value.Content["application/json"] != nil
}

// walkJSON calls fn for every value in v with the object key it sits under ("" in arrays).
func walkJSON(v any, key string, fn func(key string, v any)) {
	fn(key, v)
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walkJSON(e, k, fn)
		}
	case []any:
		for _, e := range x {
			walkJSON(e, key, fn)
		}
	}
}

func TestCrawlEveryLinkResolves(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		res := crawl(t, srv)
		doc, _ := openAPI(t)
		// Every documented GET path was reached.
		for _, path := range doc.Paths.InMatchingOrder() {
			if !publicGet(doc.Paths.Value(path)) || !servesJSON(doc.Paths.Value(path).Get) {
				continue
			}
			prefix, _, _ := strings.Cut(path, "{")
			found := slices.ContainsFunc(keys(res.bodies), func(k string) bool { return strings.HasPrefix(k, prefix) })
			if !found && strings.HasPrefix(path, "/v1/") {
				t.Errorf("no JSON response crawled for %s", path)
			}
		}
		// Every record served on its own, sources apart, names its source (a computed
		// statistic: the sources of the responses it counts).
		for _, target := range keys(res.bodies) {
			parts := strings.Split(target, "/")
			if len(parts) != 4 || parts[1] != "v1" || parts[2] == "sources" || strings.Contains(target, "?") {
				continue
			}
			record, _ := res.bodies[target].(map[string]any)
			src, _ := record["source"].(map[string]any)
			computed, _ := record["sources"].([]any)
			if href, _ := src["href"].(string); href == "" && (record["kind"] != "computed" || len(computed) == 0) {
				t.Errorf("GET %s: record without a source", target)
			}
		}
		if len(res.sources) < 6 {
			t.Errorf("%d distinct source hrefs met, want at least the 6 sources DOMAIN.md names", len(res.sources))
		}
		for href := range res.sources {
			if !strings.HasPrefix(href, "/v1/sources/") {
				t.Errorf("source href %q is not under /v1/sources/", href)
			}
			if _, ok := res.bodies[href]; !ok {
				t.Errorf("source href %s did not resolve to a 200 JSON document", href)
			}
		}
		t.Logf("crawled %d JSON documents, %d sources", len(res.bodies), len(res.sources))
	})
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// leaves returns every string and number in the crawled documents: strings as they are,
// numbers as JSON prints them.
func (c *crawlResult) leaves() (texts []string, numbers map[string]bool) {
	numbers = map[string]bool{}
	for _, target := range keys(c.bodies) {
		walkJSON(c.bodies[target], "", func(_ string, v any) {
			switch x := v.(type) {
			case string:
				texts = append(texts, x)
			case json.Number:
				numbers[x.String()] = true
			}
		})
	}
	return texts, numbers
}
