package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opencity/opencity/api"
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
		ws := newWrappedWriteServer(t, s, gs)
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

// TestIdempotencyKeyLease leaves claims in the database as a process that died mid-request
// would: within the lease a retry is 409, after it the retry takes the key over; the old claim
// can then neither keep a response nor release the key; expired keys are deleted.
func TestIdempotencyKeyLease(t *testing.T) {
	writeBackends(t, func(t *testing.T, ws *writeServer) {
		ctx := context.Background()
		prefix := ws.keys.write[3:11]
		db := ws.store.DB()
		stuck := func(key string, age time.Duration) opencity.IdempotencyClaim {
			t.Helper()
			req := ws.writeReq("POST", "/v1/cities", newCity)
			claim, replay, err := ws.store.BeginIdempotent(ctx, prefix, key, api.RequestHash(req, []byte(newCity)))
			if err != nil || replay != nil {
				t.Fatalf("claim %s: %v, %v", key, replay, err)
			}
			claim.Since = claim.Since.Add(-age)
			if err := db.Exec("UPDATE idempotency_keys SET created_at = ? WHERE key = ?", claim.Since, key).Error; err != nil {
				t.Fatal(err)
			}
			return claim
		}
		stuck("fresh", 10*time.Second)
		r := ws.do(t, true, "POST", "/v1/cities", newCity, "Idempotency-Key", "fresh")
		checkProblem(t, ws.writeReq("POST", "/v1/cities", ""), r, http.StatusConflict)

		old := stuck("crashed", store.IdempotencyLease+time.Second)
		first := ws.do(t, true, "POST", "/v1/cities", newCity, "Idempotency-Key", "crashed")
		if first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("retry after the lease: %d %s", first.Status, first.Body)
		}
		if err := ws.store.FinishIdempotent(ctx, old, opencity.StoredResponse{Status: 299}); opencity.ErrorCode(err) != opencity.ECONFLICT {
			t.Errorf("the old claim kept a response: %v", err)
		}
		if err := ws.store.ReleaseIdempotent(ctx, old); err != nil {
			t.Fatal(err)
		}
		replay := ws.do(t, true, "POST", "/v1/cities", newCity, "Idempotency-Key", "crashed")
		if replay.Status != http.StatusCreated || replay.Header.Get("Idempotent-Replayed") != "true" || string(replay.Body) != string(first.Body) {
			t.Errorf("replay after the takeover: %d %q %s", replay.Status, replay.Header.Get("Idempotent-Replayed"), replay.Body)
		}

		// Expired keys go when a request claims a key.
		past := time.Now().UTC().Add(-store.IdempotencyTTL - time.Minute)
		if err := db.Exec("INSERT INTO idempotency_keys (key_prefix, key, request_hash, status, created_at, expires_at) "+
			"VALUES (?, 'expired', 'x', 201, ?, ?)", prefix, past, past.Add(store.IdempotencyTTL)).Error; err != nil {
			t.Fatal(err)
		}
		r = ws.do(t, true, "POST", "/v1/cities", strings.Replace(newCity, "dresden", "chemnitz", 1), "Idempotency-Key", "another")
		if r.Status != http.StatusCreated {
			t.Fatalf("another key: %d %s", r.Status, r.Body)
		}
		var left int64
		if err := db.Raw("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'expired'").Scan(&left).Error; err != nil || left != 0 {
			t.Errorf("expired key left: %d, %v", left, err)
		}
	})
}
