package api

import (
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/opencity/opencity/internal/opencity"
	"golang.org/x/time/rate"
)

// RateLimits are the request budgets. Each client (an API key, else the client's IP address)
// has one token bucket per class of request: reads (GET, HEAD), writes (every other method)
// and imports (POST to an import route). The zero value limits nothing.
type RateLimits struct {
	Read, Write, Import Rate           // a zero Rate leaves its class unlimited
	TrustedProxies      []netip.Prefix // proxies whose X-Forwarded-For names the client
}

// Rate is a budget of Quota requests that refills evenly over Window: a token bucket that
// holds Quota tokens and gains Quota/Window tokens a second.
type Rate struct {
	Quota  int
	Window time.Duration
}

// The classes of request, each with its own budget; their names are the policy names of the
// RateLimit-Policy and RateLimit header fields.
const (
	classRead   = "read"
	classWrite  = "write"
	classImport = "import"
)

// importRoutes are the routes whose POST draws on the import budget (issue 5: bulk imports).
var importRoutes = map[string]bool{"/v1/imports": true}

// Bounds on the memory the buckets take: a class keeps at most maxBuckets clients and, every
// sweepEvery, forgets those whose bucket has refilled (a full bucket is the same as a new one).
const (
	maxBuckets = 100_000
	sweepEvery = time.Minute
)

// limitRate enforces cfg on every request under /v1/ (health checks, the spec and the docs
// page are not limited). It sets the RateLimit-Policy and RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers-08
// (https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers-08), e.g.
//
//	RateLimit-Policy: "read";q=100;w=1
//	RateLimit: "read";r=42;t=1
//
// where q is the bucket size, w the seconds it takes to refill, r the requests left and t the
// seconds until the bucket is full again. Beyond the budget it answers 429 with Retry-After,
// the seconds until the next request will be let through.
func limitRate(cfg RateLimits) echo.MiddlewareFunc {
	classes := map[string]*limiter{}
	for name, r := range map[string]Rate{classRead: cfg.Read, classWrite: cfg.Write, classImport: cfg.Import} {
		if r.Quota > 0 && r.Window > 0 {
			classes[name] = newLimiter(name, r, time.Now)
		}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if len(classes) == 0 {
			return next
		}
		return func(c echo.Context) error {
			if !strings.HasPrefix(c.Request().URL.Path, opencity.BasePath+"/") {
				return next(c)
			}
			l := classes[classOf(c)]
			if l == nil {
				return next(c)
			}
			d := l.take(partition(c, cfg.TrustedProxies))
			h := c.Response().Header()
			h.Set("RateLimit-Policy", l.policy)
			h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", l.name, d.remaining, d.reset))
			if d.retryAfter > 0 {
				h.Set(echo.HeaderRetryAfter, strconv.Itoa(d.retryAfter))
				return opencity.Errorf(opencity.ERATELIMITED, "too many %s requests: the budget is %d per %s; retry in %d s",
					l.name, l.rate.Quota, windowText(l.rate.Window), d.retryAfter)
			}
			return next(c)
		}
	}
}

// windowText writes a window as 1h, 10m or 30s.
func windowText(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%gs", d.Seconds())
}

// classOf returns the budget a request draws on.
func classOf(c echo.Context) string {
	switch c.Request().Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return classRead
	}
	if importRoutes[c.Path()] {
		return classImport
	}
	return classWrite
}

// partition names the client a request counts against: its API key when a valid one was
// presented, else its IP address (an IPv6 client by its /64, which one host often has to
// itself).
func partition(c echo.Context, trusted []netip.Prefix) string {
	if k, ok := keyOf(c); ok {
		return "key:" + k.Prefix
	}
	addr := clientAddr(c.Request(), trusted)
	if addr.Is6() {
		return "ip:" + netip.PrefixFrom(addr, 64).Masked().String()
	}
	return "ip:" + addr.String()
}

// clientAddr returns the client's IP address: the address of the connection, unless that is
// a trusted proxy; then the nearest address in X-Forwarded-For, read from the right, that is
// not a trusted proxy. Addresses left of one that does not parse are not believed.
func clientAddr(req *http.Request, trusted []netip.Prefix) netip.Addr {
	addr := parseAddr(req.RemoteAddr)
	if !addr.IsValid() || !isTrusted(addr, trusted) {
		return addr
	}
	var hops []string
	for _, v := range req.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop := parseAddr(strings.TrimSpace(hops[i]))
		if !hop.IsValid() {
			return addr
		}
		addr = hop
		if !isTrusted(hop, trusted) {
			return hop
		}
	}
	return addr
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port"; the zero Addr when s is none of them.
func parseAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// limiter holds the buckets of one class of request, one per client.
type limiter struct {
	name   string
	rate   Rate
	limit  rate.Limit
	policy string // the RateLimit-Policy field value
	now    func() time.Time
	max    int // clients kept at most (maxBuckets)

	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	lastSweep time.Time
}

func newLimiter(name string, r Rate, now func() time.Time) *limiter {
	window := max(1, int(math.Round(r.Window.Seconds())))
	return &limiter{
		name: name, rate: r, now: now, max: maxBuckets,
		limit:   rate.Limit(float64(r.Quota) / r.Window.Seconds()),
		policy:  fmt.Sprintf("%q;q=%d;w=%d", name, r.Quota, window),
		buckets: map[string]*rate.Limiter{}, lastSweep: now(),
	}
}

// decision is the outcome of one request against its bucket.
type decision struct {
	remaining  int // requests left in the bucket
	reset      int // seconds until the bucket is full again
	retryAfter int // when refused: seconds until a request will be let through; else 0
}

// take draws one request from the bucket of client id.
func (l *limiter) take(id string) decision {
	now := l.now()
	b := l.bucket(id, now)
	r := b.ReserveN(now, 1)
	var d decision
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		d.retryAfter = max(1, int(math.Ceil(wait.Seconds())))
	}
	tokens := max(0, b.TokensAt(now))
	d.remaining = int(tokens)
	d.reset = int(math.Ceil((float64(l.rate.Quota) - tokens) / float64(l.limit)))
	return d
}

// bucket returns the bucket of client id, making it if needed. It sweeps full buckets every
// sweepEvery; when the class is at l.max clients even so, it forgets some at random,
// which can only give those clients a fuller bucket than they had.
func (l *limiter) bucket(id string, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[id]; ok {
		return b
	}
	if now.Sub(l.lastSweep) >= sweepEvery || (len(l.buckets) >= l.max && now.Sub(l.lastSweep) >= time.Second) {
		l.sweep(now)
	}
	if len(l.buckets) >= l.max {
		l.evict(max(1, l.max/16))
	}
	b := rate.NewLimiter(l.limit, l.rate.Quota)
	l.buckets[id] = b
	return b
}

// sweep forgets every bucket that has refilled.
func (l *limiter) sweep(now time.Time) {
	l.lastSweep = now
	for id, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.rate.Quota) {
			delete(l.buckets, id)
		}
	}
}

// evict forgets n buckets, whichever the map yields first.
func (l *limiter) evict(n int) {
	for id := range l.buckets {
		if n <= 0 {
			return
		}
		delete(l.buckets, id)
		n--
	}
}

// size returns how many clients the limiter keeps a bucket for.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
