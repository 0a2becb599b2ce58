package api

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// clock is a settable time for limiters under test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimiterForgetsIdleClients(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLimiter("read", Rate{Quota: 10, Window: 10 * time.Second}, clk.now)
	for i := range 1000 {
		l.take(fmt.Sprintf("ip:192.0.2.%d", i))
	}
	if n := l.size(); n != 1000 {
		t.Fatalf("%d buckets, want 1000", n)
	}
	// A minute on, every bucket has refilled (10 s) and is forgotten when the next client comes.
	clk.t = clk.t.Add(sweepEvery)
	l.take("ip:busy")
	l.take("ip:busy")
	if n := l.size(); n != 1 {
		t.Fatalf("%d buckets after a sweep, want 1 (the new client)", n)
	}
	// A bucket that has not refilled is kept, with what it has spent.
	clk.t = clk.t.Add(sweepEvery)
	l.take("ip:new")
	if n := l.size(); n != 1 {
		t.Errorf("%d buckets, want 1", n)
	}
	for range 9 {
		l.take("ip:new")
	}
	if d := l.take("ip:new"); d.retryAfter == 0 {
		t.Errorf("11th request within the window allowed: %+v", d)
	}
}

func TestLimiterStaysBounded(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLimiter("read", Rate{Quota: 1, Window: time.Hour}, clk.now)
	l.max = 64
	for i := range 10_000 {
		l.take(fmt.Sprintf("ip:%d", i)) // every bucket spent: none is idle
		if i%100 == 0 {
			clk.t = clk.t.Add(time.Second)
		}
	}
	if n := l.size(); n > l.max {
		t.Errorf("%d buckets, want at most %d", n, l.max)
	}
}

func TestLimiterDecision(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLimiter("write", Rate{Quota: 3, Window: 3 * time.Second}, clk.now)
	if l.policy != `"write";q=3;w=3` {
		t.Errorf("policy %s", l.policy)
	}
	want := []decision{{2, 1, 0}, {1, 2, 0}, {0, 3, 0}, {0, 3, 1}}
	for i, w := range want {
		if d := l.take("key:a"); d != w {
			t.Errorf("request %d: %+v, want %+v", i+1, d, w)
		}
	}
	clk.t = clk.t.Add(1500 * time.Millisecond)
	if d := l.take("key:a"); d != (decision{remaining: 0, reset: 3, retryAfter: 0}) {
		t.Errorf("after 1.5 s: %+v, want a request let through", d)
	}
}

func TestClientAddr(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name, remote, xff string
		trusted           []netip.Prefix
		want              string
	}{
		{"connection", "192.0.2.1:5000", "", nil, "192.0.2.1"},
		{"XFF without trusted proxies", "192.0.2.1:5000", "203.0.113.5", nil, "192.0.2.1"},
		{"XFF from an untrusted peer", "192.0.2.1:5000", "203.0.113.5", trusted, "192.0.2.1"},
		{"XFF from a trusted proxy", "10.0.0.1:5000", "203.0.113.5", trusted, "203.0.113.5"},
		{"forged entries left of the client", "10.0.0.1:5000", "1.1.1.1, 203.0.113.5", trusted, "203.0.113.5"},
		{"chain of trusted proxies", "10.0.0.1:5000", "203.0.113.5, 10.0.0.2", trusted, "203.0.113.5"},
		{"garbage stops the walk", "10.0.0.1:5000", "203.0.113.5, nonsense, 10.0.0.2", trusted, "10.0.0.2"},
		{"only proxies", "10.0.0.1:5000", "10.0.0.3", trusted, "10.0.0.3"},
		{"IPv6 connection", "[2001:db8::1]:443", "", nil, "2001:db8::1"},
		{"IPv4-mapped IPv6", "[::ffff:192.0.2.9]:443", "", nil, "192.0.2.9"},
		{"IPv6 proxy", "[fd00::1]:443", "2001:db8::7", trusted, "2001:db8::7"},
		{"XFF entry with a port", "10.0.0.1:5000", "203.0.113.5:1234", trusted, "203.0.113.5"},
		{"no address", "pipe", "203.0.113.5", trusted, "invalid IP"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "/v1/cities", nil)
		req.RemoteAddr = tt.remote
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientAddr(req, tt.trusted).String(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
