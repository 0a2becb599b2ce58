package api

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opencity/opencity/internal/opencity"
)

// DefaultVersionTTL is how long the API trusts the data version it last read before it reads
// it again: a change made by another process (an import, a replica's write) is seen within
// this time; a change made through this process's Versions.Invalidate at once.
const DefaultVersionTTL = time.Second

// versionStore is what the API asks the store about the data version.
type versionStore interface {
	DataVersion(ctx context.Context) (opencity.DataVersion, error)
}

// Versions keeps the data version in memory for a short time, so that answering a
// revalidation (If-None-Match) costs no database query most of the time. It is safe for
// concurrent use; at most one read of the version is in flight at a time.
type Versions struct {
	src versionStore
	ttl time.Duration

	cur atomic.Pointer[versionSnapshot] // nil: read it again
	gen atomic.Uint64                   // bumped by Invalidate
	mu  sync.Mutex                      // held while reading the version from src
}

type versionSnapshot struct {
	v     opencity.DataVersion
	until time.Time
}

// NewVersions returns a cache of src's data version that trusts what it read for ttl
// (DefaultVersionTTL when 0; a negative ttl reads the version for every request).
func NewVersions(src versionStore, ttl time.Duration) *Versions {
	if ttl == 0 {
		ttl = DefaultVersionTTL
	}
	return &Versions{src: src, ttl: ttl}
}

// Get returns the data version, read from the store when the one held is older than the TTL or
// was invalidated. It returns the store's error when it cannot be read.
func (vs *Versions) Get(ctx context.Context) (opencity.DataVersion, error) {
	if s := vs.cur.Load(); s != nil && time.Now().Before(s.until) {
		return s.v, nil
	}
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if s := vs.cur.Load(); s != nil && time.Now().Before(s.until) {
		return s.v, nil // read by the request we waited for
	}
	gen := vs.gen.Load()
	v, err := vs.src.DataVersion(ctx)
	if err != nil {
		return v, err
	}
	if vs.ttl > 0 && vs.gen.Load() == gen {
		vs.cur.Store(&versionSnapshot{v: v, until: time.Now().Add(vs.ttl)})
	}
	return v, nil
}

// Invalidate forgets the version held, so that the next request reads it from the store. A
// write calls it after its transaction (which bumped the version) commits; a read that was in
// flight meanwhile does not put the old version back.
func (vs *Versions) Invalidate() {
	vs.gen.Add(1)
	vs.cur.Store(nil)
}
