package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// newLimitedServer is newServer with rate limits on.
func newLimitedServer(t *testing.T, s *store.Store, limits api.RateLimits) *server {
	t.Helper()
	openAPI(t)
	key, err := s.CursorKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	return &server{e: api.New(s, api.Options{Logger: log, CursorKey: key, RateLimits: limits})}
}

// from is a GET of target from the client at addr, with optional X-Forwarded-For and
// Authorization headers.
func from(addr, target, xff, auth string) *http.Request {
	req := authGet(target, auth)
	req.RemoteAddr = addr
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return req
}

// wantLimited checks that r is the 429 of an exhausted read budget of quota per window.
func wantLimited(t *testing.T, req *http.Request, r *response, policy string) {
	t.Helper()
	if p := checkProblem(t, req, r, http.StatusTooManyRequests); !strings.Contains(p.Detail, "the budget is 2 per 1m") {
		t.Errorf("detail %q does not state the budget", p.Detail)
	}
	if got := r.Header.Get("RateLimit-Policy"); got != policy {
		t.Errorf("RateLimit-Policy %q, want %q", got, policy)
	}
	if got := r.Header.Get("RateLimit"); len(got) < len(`"read";r=0;t=`) || got[:len(`"read";r=0;t=`)] != `"read";r=0;t=` {
		t.Errorf("RateLimit %q, want \"read\";r=0;t=...", got)
	}
	if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 {
		t.Errorf("Retry-After %q, want whole seconds ≥ 1", r.Header.Get("Retry-After"))
	}
}

func TestRateLimits(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		keys := createKeys(t, s)
		limits := api.RateLimits{Read: api.Rate{Quota: 2, Window: time.Minute}}
		const policy = `"read";q=2;w=60`
		const client = "198.51.100.7:40000"

		t.Run("over budget", func(t *testing.T) {
			srv := newLimitedServer(t, s, limits)
			// r: requests left; t: seconds until the bucket is full again (less the time the
			// requests took, which a slow machine may stretch past a second).
			for i, want := range []struct{ r, t int }{{1, 30}, {0, 60}} {
				r := srv.serve(t, from(client, "/v1/cities", "", ""), true)
				mustOK(t, "/v1/cities", r)
				var left, reset int
				got := r.Header.Get("RateLimit")
				if _, err := fmt.Sscanf(got, `"read";r=%d;t=%d`, &left, &reset); err != nil ||
					left != want.r || reset > want.t || reset < want.t-5 {
					t.Errorf("request %d: RateLimit %q, want \"read\";r=%d;t=%d", i+1, got, want.r, want.t)
				}
				if got := r.Header.Get("RateLimit-Policy"); got != policy {
					t.Errorf("request %d: RateLimit-Policy %q, want %q", i+1, got, policy)
				}
			}
			req := from(client, "/v1/cities/leipzig", "", "")
			wantLimited(t, req, srv.serve(t, req, true), policy)
			// Health checks are not limited.
			for _, target := range []string{"/healthz", "/readyz"} {
				r := srv.serve(t, from(client, target, "", ""), true)
				mustOK(t, target, r)
				if r.Header.Get("RateLimit") != "" {
					t.Errorf("%s carries RateLimit headers", target)
				}
			}
		})

		t.Run("a key has a budget of its own", func(t *testing.T) {
			srv := newLimitedServer(t, s, limits)
			for range 2 {
				mustOK(t, "/v1/cities", srv.serve(t, from(client, "/v1/cities", "", ""), true))
			}
			req := from(client, "/v1/cities", "", "")
			wantLimited(t, req, srv.serve(t, req, true), policy)
			// The same client, with a key: its budget is untouched, and spending it leaves the
			// IP's as it was; the key's budget follows the key to another address.
			withKey := "Bearer " + keys.write
			mustOK(t, "/v1/cities", srv.serve(t, from(client, "/v1/cities", "", withKey), true))
			mustOK(t, "/v1/cities", srv.serve(t, from("203.0.113.9:1234", "/v1/cities", "", withKey), true))
			req = from("203.0.113.10:1234", "/v1/cities", "", withKey)
			wantLimited(t, req, srv.serve(t, req, true), policy)
			mustOK(t, "/v1/cities", srv.serve(t, from("203.0.113.10:1234", "/v1/cities", "", ""), true))
			// A key that does not work counts against the IP.
			req = from(client, "/v1/cities", "", "Bearer "+keys.revoked)
			wantLimited(t, req, srv.serve(t, req, true), policy)
		})

		t.Run("X-Forwarded-For ignored without trusted proxies", func(t *testing.T) {
			srv := newLimitedServer(t, s, limits)
			for _, xff := range []string{"192.0.2.1", "192.0.2.2"} {
				mustOK(t, "/v1/cities", srv.serve(t, from(client, "/v1/cities", xff, ""), true))
			}
			req := from(client, "/v1/cities", "192.0.2.3", "")
			wantLimited(t, req, srv.serve(t, req, true), policy)
		})

		t.Run("X-Forwarded-For from a trusted proxy", func(t *testing.T) {
			trusted := limits
			trusted.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
			srv := newLimitedServer(t, s, trusted)
			const proxy = "10.1.2.3:5555"
			// The proxy appends the address it saw; what a client wrote before it is not
			// believed, so a client cannot buy budget by forging the header.
			for _, xff := range []string{"192.0.2.1", "6.6.6.6, 192.0.2.1"} {
				mustOK(t, "/v1/cities", srv.serve(t, from(proxy, "/v1/cities", xff, ""), true))
			}
			req := from(proxy, "/v1/cities", "7.7.7.7, 192.0.2.1, 10.9.9.9", "")
			wantLimited(t, req, srv.serve(t, req, true), policy)
			// Another client behind the same proxy has its own budget.
			mustOK(t, "/v1/cities", srv.serve(t, from(proxy, "/v1/cities", "192.0.2.2", ""), true))
		})
	})
}
