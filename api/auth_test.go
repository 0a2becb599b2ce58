package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// testKeys are keys made in a test store: their text, as a client sends it.
type testKeys struct {
	admin, write, revoked string
}

func createKeys(t *testing.T, s *store.Store) testKeys {
	t.Helper()
	ctx := context.Background()
	create := func(name string, scopes ...string) string {
		_, text, err := s.CreateKey(ctx, name, scopes)
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	k := testKeys{admin: create("Operations", "admin"), write: create("Editors", "write", "import"),
		revoked: create("Former office", "admin")}
	prefix := k.revoked[3:11]
	if _, _, err := s.RevokeKey(ctx, prefix); err != nil {
		t.Fatal(err)
	}
	return k
}

// authGet is a GET of target with Accept: application/json and the Authorization header auth
// (none when empty).
func authGet(target, auth string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Accept", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return req
}

func TestKeysNeedAnAdminKey(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		srv := newServer(t, s)
		keys := createKeys(t, s)
		tests := []struct {
			name, auth string
			status     int
			challenge  string // WWW-Authenticate
		}{
			{"no key", "", 401, `Bearer realm="opencity"`},
			{"basic credentials", "Basic YWRtaW46YWRtaW4=", 401, `Bearer realm="opencity"`},
			{"bearer without a key", "Bearer", 401, `Bearer realm="opencity"`},
			{"malformed key", "Bearer not-a-key", 401, `Bearer realm="opencity", error="invalid_token"`},
			{"unknown key", "Bearer oc_aaaaaaaa_" + keys.admin[12:], 401, `Bearer realm="opencity", error="invalid_token"`},
			{"wrong secret", "Bearer " + keys.admin[:12] + keys.write[12:], 401, `Bearer realm="opencity", error="invalid_token"`},
			{"revoked key", "Bearer " + keys.revoked, 401, `Bearer realm="opencity", error="invalid_token"`},
			{"key without the scope", "Bearer " + keys.write, 403, `Bearer realm="opencity", error="insufficient_scope", scope="admin"`},
			{"admin key", "Bearer " + keys.admin, 200, ""},
			{"scheme in lower case", "bearer " + keys.admin, 200, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req := authGet("/v1/keys", tt.auth)
				r := srv.serve(t, req, true)
				if r.Status != tt.status {
					t.Fatalf("status %d, want %d; body %s", r.Status, tt.status, r.Body)
				}
				if got := r.Header.Get("WWW-Authenticate"); got != tt.challenge {
					t.Errorf("WWW-Authenticate %q, want %q", got, tt.challenge)
				}
				if got := r.Header.Get("Cache-Control"); got != "no-store" {
					t.Errorf("Cache-Control %q, want no-store", got)
				}
				for _, k := range []string{keys.admin, keys.write, keys.revoked} {
					if bytes.Contains(r.Body, []byte(k[12:])) {
						t.Errorf("the response echoes a key: %s", r.Body)
					}
				}
			})
		}
	})
}

func TestKeysList(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		srv := newServer(t, s)
		keys := createKeys(t, s)
		auth := "Bearer " + keys.admin
		r := srv.serve(t, authGet("/v1/keys", auth), true)
		mustOK(t, "/v1/keys", r)
		var list struct {
			Data []map[string]any `json:"data"`
		}
		r.decode(t, &list)
		if len(list.Data) != 3 {
			t.Fatalf("%d keys listed, want 3: %s", len(list.Data), r.Body)
		}
		first, revoked := list.Data[0], list.Data[2]
		if first["prefix"] != keys.admin[3:11] || first["name"] != "Operations" || first["revoked"] != false ||
			first["last_used_at"] == nil || first["revoked_at"] != nil {
			t.Errorf("admin key listed as %v", first)
		}
		if revoked["revoked"] != true || revoked["revoked_at"] == nil || revoked["last_used_at"] != nil {
			t.Errorf("revoked key listed as %v", revoked)
		}
		if bytes.Contains(r.Body, []byte("hash")) {
			t.Errorf("the list shows hashes: %s", r.Body)
		}

		sparse := srv.serve(t, authGet("/v1/keys?fields=name", auth), true)
		mustOK(t, "/v1/keys?fields=name", sparse)
		if !bytes.Contains(sparse.Body, []byte(`{"name":"Operations"}`)) || bytes.Contains(sparse.Body, []byte("prefix")) {
			t.Errorf("?fields=name: %s", sparse.Body)
		}
		for _, target := range []string{"/v1/keys?limit=1", "/v1/keys?fields=hash"} {
			req := authGet(target, auth)
			checkProblem(t, req, srv.serve(t, req, false), http.StatusBadRequest)
		}
		req := authGet("/v1/keys", auth)
		req.Header.Set("Accept", "text/csv")
		checkProblem(t, req, srv.send(t, req), http.StatusNotAcceptable)
	})
}

func TestPublicReadsIgnoreKeys(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		srv := newServer(t, s)
		keys := createKeys(t, s)
		for _, auth := range []string{"", "Bearer " + keys.write, "Bearer " + keys.revoked, "Bearer junk", "Basic eDp5"} {
			r := srv.serve(t, authGet("/v1/cities/leipzig", auth), true)
			mustOK(t, "/v1/cities/leipzig with "+auth, r)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestKeysAreNeverLogged(t *testing.T) {
	s := storetest.Open(t, storetest.SQLite)
	keys := createKeys(t, s)
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cursorKey, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	srv := &server{e: api.New(s, api.Options{Logger: log, CursorKey: cursorKey})}
	for _, target := range []string{"/v1/keys", "/v1/cities", "/v1/no-such-thing", "/v1/cities?limit=-1"} {
		for _, k := range []string{keys.admin, keys.write, keys.revoked, "oc_aaaaaaaa_" + keys.admin[12:]} {
			srv.send(t, authGet(target, "Bearer "+k))
		}
	}
	out := logs.String()
	if strings.Count(out, `"msg":"request"`) != 16 {
		t.Fatalf("want 16 request log lines, got:\n%s", out)
	}
	for _, k := range []string{keys.admin, keys.write, keys.revoked} {
		if strings.Contains(out, k[12:]) {
			t.Errorf("a key's secret is in the log:\n%s", out)
		}
	}
	if strings.Contains(out, "Bearer") || strings.Contains(out, "Authorization") {
		t.Errorf("the Authorization header is in the log:\n%s", out)
	}
	if !strings.Contains(out, `"key":"`+keys.admin[3:11]+`"`) {
		t.Errorf("the log does not name the key's public prefix:\n%s", out)
	}
}
