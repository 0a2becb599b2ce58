package api

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/opencity"
)

func entryOf(tag string, n int) *entry {
	return &entry{tag: tag, contentType: "application/json", body: []byte(strings.Repeat("x", n))}
}

func TestLRUEvictsTheLeastRecentlyUsed(t *testing.T) {
	l := newLRU(8*(1000+entryOverhead+64), DefaultCacheBytes)
	for i := range 8 {
		l.add(entryOf("t"+strconv.Itoa(i), 1000))
	}
	if _, ok := l.get("t0"); !ok { // t0 is now the most recently used
		t.Fatal("t0 missing before the cache is full")
	}
	l.add(entryOf("t8", 1000))
	l.add(entryOf("t9", 1000))
	for tag, want := range map[string]bool{"t0": true, "t1": false, "t2": false, "t3": true, "t9": true} {
		if _, ok := l.get(tag); ok != want {
			t.Errorf("%s cached: %v, want %v", tag, ok, want)
		}
	}
	n, size := l.stats()
	if size > l.max || n != 8 {
		t.Errorf("%d entries of %d bytes, bound %d", n, size, l.max)
	}
	old, _ := l.get("t3")
	small := entryOf("t3", 10)
	l.add(small) // replacing an entry counts its size once
	if _, size2 := l.stats(); size2 != size-old.size()+small.size() {
		t.Errorf("size after replacing: %d, want %d", size2, size-old.size()+small.size())
	}
}

func TestLRUKeepsNoEntryLargerThanAnEighth(t *testing.T) {
	l := newLRU(80_000, DefaultCacheBytes)
	l.add(entryOf("big", 10_000))
	if _, ok := l.get("big"); ok {
		t.Error("an entry larger than max/8 was kept")
	}
	off := newLRU(-1, DefaultCacheBytes)
	off.add(entryOf("a", 1))
	if _, ok := off.get("a"); ok {
		t.Error("a disabled cache kept an entry")
	}
	if def := newLRU(0, DefaultCacheBytes); def.max != DefaultCacheBytes {
		t.Errorf("default bound %d", def.max)
	}
}

// countingVersions is a versionStore that counts its reads and returns a settable version.
type countingVersions struct {
	reads atomic.Int64
	n     atomic.Int64
}

func (c *countingVersions) DataVersion(context.Context) (opencity.DataVersion, error) {
	c.reads.Add(1)
	return opencity.DataVersion{Number: c.n.Load()}, nil
}

func TestVersionsCacheAndInvalidate(t *testing.T) {
	src := &countingVersions{}
	vs := NewVersions(src, time.Hour)
	ctx := context.Background()
	for range 100 {
		if _, err := vs.Get(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := src.reads.Load(); got != 1 {
		t.Errorf("%d reads for 100 Gets within the TTL, want 1", got)
	}
	src.n.Store(7)
	if v, _ := vs.Get(ctx); v.Number != 0 {
		t.Errorf("version %d before Invalidate, want the one held (0)", v.Number)
	}
	vs.Invalidate()
	if v, _ := vs.Get(ctx); v.Number != 7 || src.reads.Load() != 2 {
		t.Errorf("after Invalidate: version %d after %d reads, want 7 after 2", v.Number, src.reads.Load())
	}
	always := NewVersions(src, -1)
	always.Get(ctx)
	always.Get(ctx)
	if got := src.reads.Load(); got != 4 {
		t.Errorf("negative TTL: %d reads, want one per Get", got)
	}
}

func TestQuality(t *testing.T) {
	for _, tc := range []struct {
		accept, mime string
		want         float64
	}{
		{"text/csv", "text/csv", 1},
		{"text/csv;q=0.3", "text/csv", 0.3},
		{"text/*;q=0.4, text/csv;q=0.2", "text/csv", 0.2},
		{"*/*;q=0.1, text/*;q=0.4", "text/csv", 0.4},
		{"application/json", "text/csv", 0},
		{"text/csv;q=abc", "text/csv", 1},
		{"text/csv;q=-1", "text/csv", 0},
		{"text/csv ; Q=0", "text/csv", 0},
	} {
		if got := quality(tc.accept, tc.mime); got != tc.want {
			t.Errorf("quality(%q, %q) = %v, want %v", tc.accept, tc.mime, got, tc.want)
		}
	}
	for header, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1, gzip;q=0.8": true, "x-gzip": true, "*": true,
		"gzip;q=0": false, "deflate": false, "": false, "identity": false, "*;q=0": false, "gzip;q=0, *": false, "*;q=0, gzip": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
