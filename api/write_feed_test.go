package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/opencity/opencity/internal/store/storetest"
)

type feedEntry struct {
	Seq        int64  `json:"seq"`
	ID         int64  `json:"id"`
	Collection string `json:"collection"`
	Slug       string `json:"slug"`
	Operation  string `json:"operation"`
	Version    int64  `json:"version"`
	KeyPrefix  string `json:"key_prefix"`
	Before     any    `json:"before"`
	After      any    `json:"after"`
}

// readFeed follows links.next of the change feed or the audit log from the start, limit
// entries a page, until a page is empty.
func readFeed(t *testing.T, srv *server, path, auth string, limit int) []feedEntry {
	t.Helper()
	var all []feedEntry
	target := fmt.Sprintf("%s?limit=%d", path, limit)
	for range 1000 {
		r := srv.serve(t, authGet(target, auth), true)
		mustOK(t, target, r)
		var page struct {
			Data  []feedEntry `json:"data"`
			Links struct{ Next string }
		}
		r.decode(t, &page)
		if len(page.Data) == 0 {
			return all
		}
		all = append(all, page.Data...)
		target = page.Links.Next
	}
	t.Fatalf("%s: no end", path)
	return nil
}

func op(collection, slug, operation string, version int64) string {
	return fmt.Sprintf("%s %s/%s v%d", operation, collection, slug, version)
}

// TestFeedAndAuditShowEveryAcceptedWrite: the change feed (public) and the audit log (admin)
// list each accepted write in commit order, and nothing of a refused one.
func TestFeedAndAuditShowEveryAcceptedWrite(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		patch := []string{"Content-Type", "application/merge-patch+json", "If-Match", "*"}
		steps := []struct {
			method, target, body string
			header               []string
			status               int
		}{
			{"POST", "/v1/cities", newCity, nil, 201},
			{"POST", "/v1/cities", newCity, nil, 409},
			{"PATCH", "/v1/cities/dresden", `{"name": "Dresden (Elbe)"}`, patch, 200},
			{"PATCH", "/v1/cities/dresden", `{"name": ""}`, patch, 422},
			{"POST", "/v1/cities/dresden/populations", newPopulation, nil, 201},
			{"DELETE", "/v1/cities/dresden", "", []string{"If-Match", "*"}, 409},
			{"DELETE", "/v1/populations/dresden-2023-oecd-profile-leipzig", "", []string{"If-Match", `"v1"`}, 204},
			{"DELETE", "/v1/cities/dresden", "", []string{"If-Match", `"v7"`}, 412},
			{"DELETE", "/v1/cities/dresden", "", []string{"If-Match", `"v4"`}, 204},
		}
		for _, s := range steps {
			if r := ws.do(t, false, s.method, s.target, s.body, s.header...); r.Status != s.status {
				t.Fatalf("%s %s: %d, want %d: %s", s.method, s.target, r.Status, s.status, r.Body)
			}
		}
		wantChanges := []string{
			op("cities", "dresden", "create", 1), op("cities", "dresden", "update", 2),
			op("populations", "dresden-2023-oecd-profile-leipzig", "create", 1), op("cities", "dresden", "update", 3),
			op("populations", "dresden-2023-oecd-profile-leipzig", "delete", 2), op("cities", "dresden", "update", 4),
			op("cities", "dresden", "delete", 5),
		}
		changes := readFeed(t, ws.server, "/v1/changes", "", 2)
		if len(changes) != len(wantChanges) {
			t.Fatalf("%d changes, want %d: %+v", len(changes), len(wantChanges), changes)
		}
		for i, c := range changes {
			if got := op(c.Collection, c.Slug, c.Operation, c.Version); got != wantChanges[i] || c.Seq != int64(i+1) {
				t.Errorf("change %d: %s (seq %d), want %s (seq %d)", i, got, c.Seq, wantChanges[i], i+1)
			}
		}
		wantAudit := []string{"create cities/dresden", "update cities/dresden", "create populations/dresden-2023-oecd-profile-leipzig",
			"delete populations/dresden-2023-oecd-profile-leipzig", "delete cities/dresden"}
		audit := readFeed(t, ws.server, "/v1/audit", "Bearer "+ws.keys.admin, 50)
		if len(audit) != len(wantAudit) {
			t.Fatalf("%d audit entries, want %d: %+v", len(audit), len(wantAudit), audit)
		}
		for i, a := range audit {
			if got := a.Operation + " " + a.Collection + "/" + a.Slug; got != wantAudit[i] {
				t.Errorf("audit %d: %s, want %s", i, got, wantAudit[i])
			}
			if a.KeyPrefix != ws.keys.write[3:11] {
				t.Errorf("audit %d: key %q, want the write key's prefix", i, a.KeyPrefix)
			}
			if (a.Operation == "create") != (a.Before == nil) || (a.Operation == "delete") != (a.After == nil) {
				t.Errorf("audit %d: %s with before %v and after %v", i, a.Operation, a.Before, a.After)
			}
		}
		if r := ws.send(t, authGet("/v1/audit", "Bearer "+ws.keys.write)); r.Status != http.StatusForbidden {
			t.Errorf("audit with a write key: %d, want 403", r.Status)
		}
	})
}

// serveQuiet sends req through the router without the spec checks of serve, for the
// concurrency test (whose statuses the other tests check against the spec).
func serveQuiet(srv *server, req *http.Request) *response {
	rec := httptest.NewRecorder()
	srv.e.ServeHTTP(rec, req)
	return &response{Status: rec.Code, Header: rec.Result().Header, Body: rec.Body.Bytes()}
}

// TestConcurrentWritesOnSQLite: 8 writers × 1,000 writes each through the router against SQLite:
// every write is accepted (no "database is locked"), none is lost, and the change feed numbers
// them 1..n without gaps in commit order.
func TestConcurrentWritesOnSQLite(t *testing.T) {
	const writers, writes = 8, 1000
	s := storetest.Open(t, storetest.SQLite)
	ws := newWriteServer(t, s)
	before := ws.snapshot(t)
	var wg sync.WaitGroup
	failures := make(chan string, writers*writes)
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range writes {
				slug := fmt.Sprintf("city-%d-%d", g, i)
				body := fmt.Sprintf(`{"slug": %q, "name": "City %d %d", "country": {"code": "DE", "name": "Germany"}, "source": "oecd-profile-leipzig"}`, slug, g, i)
				target := "/v1/cities"
				if i%4 == 3 { // every fourth write adds a population to the city made before it
					target, body = fmt.Sprintf("/v1/cities/city-%d-%d/populations", g, i-1), newPopulation
				}
				rec := ws.writeReq("POST", target, body)
				r := serveQuiet(ws.server, rec)
				if r.Status != http.StatusCreated {
					failures <- fmt.Sprintf("POST %s: %d %s", target, r.Status, r.Body)
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	after := ws.snapshot(t)
	creates, pops := int64(writers*writes*3/4), int64(writers*writes/4)
	if after.cities-before.cities != creates || after.populations-before.populations != pops {
		t.Errorf("%d cities and %d populations added, want %d and %d", after.cities-before.cities,
			after.populations-before.populations, creates, pops)
	}
	if after.audit != int64(writers*writes) || after.changes != int64(writers*writes)+pops {
		t.Errorf("%d audit entries and %d changes, want %d and %d", after.audit, after.changes, writers*writes, int64(writers*writes)+pops)
	}
	if after.version-before.version != int64(writers*writes) {
		t.Errorf("data version grew by %d, want %d", after.version-before.version, writers*writes)
	}
	changes, err := s.Changes(context.Background(), 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range changes {
		if c.Seq != int64(i+1) {
			t.Fatalf("change %d has seq %d: the feed has a gap", i, c.Seq)
		}
	}
}
