package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

func TestIdempotencyKey(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		key := []string{"Idempotency-Key", "create-dresden-1"}
		first := ws.do(t, true, "POST", "/v1/cities", newCity, key...)
		if first.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", first.Status, first.Body)
		}
		before := ws.snapshot(t)
		replay := ws.do(t, true, "POST", "/v1/cities", newCity, key...)
		if replay.Status != http.StatusCreated || string(replay.Body) != string(first.Body) ||
			replay.Header.Get("Location") != first.Header.Get("Location") || replay.Header.Get("ETag") != first.Header.Get("ETag") {
			t.Errorf("replay: %d %s %v, want the first answer %d %s %v", replay.Status, replay.Body, replay.Header,
				first.Status, first.Body, first.Header)
		}
		if replay.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay without Idempotent-Replayed: true")
		}
		if after := ws.snapshot(t); after != before {
			t.Errorf("the replay wrote: %+v, then %+v", before, after)
		}
		other := ws.do(t, true, "POST", "/v1/cities", strings.Replace(newCity, "dresden", "chemnitz", 1), key...)
		checkProblem(t, ws.writeReq("POST", "/v1/cities", ""), other, http.StatusUnprocessableEntity)
		elsewhere := ws.do(t, true, "POST", "/v1/cities/leipzig/populations", newPopulation, key...)
		checkProblem(t, ws.writeReq("POST", "/v1/cities", ""), elsewhere, http.StatusUnprocessableEntity)

		// A failed request keeps nothing: the retry runs afresh.
		bad := []string{"Idempotency-Key", "bad-then-good"}
		noSource := strings.Replace(newCity, `"dresden"`, `"chemnitz"`, 1)
		noSource = strings.Replace(noSource, `"source": "oecd-profile-leipzig"}`, `"source": "nowhere"}`, 1)
		if r := ws.do(t, true, "POST", "/v1/cities", noSource, bad...); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad source: %d", r.Status)
		}
		if r := ws.do(t, true, "POST", "/v1/cities", noSource, bad...); r.Status != http.StatusUnprocessableEntity ||
			r.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("retry of a failed request: %d, replayed %q", r.Status, r.Header.Get("Idempotent-Replayed"))
		}
		// Keys belong to the API key that sent them.
		if err := ws.store.DB().Exec("UPDATE api_keys SET scopes = 'admin write'").Error; err != nil {
			t.Fatal(err)
		}
		r := ws.do(t, true, "POST", "/v1/cities", strings.Replace(newCity, "dresden", "chemnitz", 1),
			"Idempotency-Key", "create-dresden-1", "Authorization", "Bearer "+ws.keys.admin)
		if r.Status != http.StatusCreated {
			t.Errorf("another API key with the same Idempotency-Key: %d %s", r.Status, r.Body)
		}
		long := ws.do(t, false, "POST", "/v1/cities", newCity, "Idempotency-Key", strings.Repeat("k", 256))
		checkProblem(t, ws.writeReq("POST", "/v1/cities", ""), long, http.StatusBadRequest)
	})
}

// gatedStore holds CreateCity until the test opens the gate.
type gatedStore struct {
	*store.Store
	entered, gate chan struct{}
}

func (g *gatedStore) CreateCity(ctx context.Context, who opencity.Writer, d opencity.CityDraft) (opencity.City, error) {
	g.entered <- struct{}{}
	<-g.gate
	return g.Store.CreateCity(ctx, who, d)
}

func TestIdempotencyKeyInFlight(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		gs := &gatedStore{Store: s, entered: make(chan struct{}, 1), gate: make(chan struct{})}
		key, err := s.CursorKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ws := &writeServer{server: newServerWithKey(t, gs, key), store: s, keys: createKeys(t, s)}
		done := make(chan *response)
		go func() {
			done <- serveQuiet(ws.server, ws.writeReq("POST", "/v1/cities", newCity, "Idempotency-Key", "k1"))
		}()
		<-gs.entered
		r := ws.do(t, true, "POST", "/v1/cities", newCity, "Idempotency-Key", "k1")
		checkProblem(t, ws.writeReq("POST", "/v1/cities", ""), r, http.StatusConflict)
		close(gs.gate)
		if first := <-done; first.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", first.Status, first.Body)
		}
		if r := ws.do(t, true, "POST", "/v1/cities", newCity, "Idempotency-Key", "k1"); r.Status != http.StatusCreated ||
			r.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("after the first: %d, replayed %q", r.Status, r.Header.Get("Idempotent-Replayed"))
		}
	})
}
