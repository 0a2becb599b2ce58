package api

import (
	"container/list"
	"sync"
)

// DefaultCacheBytes bounds the representation cache when Options.CacheBytes is 0.
const DefaultCacheBytes = 32 << 20

// entryOverhead approximates what an entry costs besides its bytes: the list element, the map
// slot, the struct.
const entryOverhead = 256

// entry is an encoded 200 response: what a cache hit writes without running the handler.
// Entries are never changed once stored.
type entry struct {
	tag         string // the ETag of the data version, also the cache key
	etag        string // the ETag served, when the handler named its own (a record's version); else tag
	contentType string
	encoding    string // Content-Encoding: "gzip" or ""
	link        string // the Link header of a list page
	body        []byte
	record      int64 // in the record cache: the record's version (-1: it has none)
}

// size is what the entry holds in memory: the capacity of its body, which may exceed its length.
func (e *entry) size() int64 {
	return int64(len(e.tag)+len(e.etag)+len(e.contentType)+len(e.link)+cap(e.body)) + entryOverhead
}

// lru is a cache of entries bounded by their total size: adding beyond the bound evicts the
// least recently used. An entry larger than an eighth of the bound is not kept. Entries are
// keyed by their ETag, which names the data version: a new version means new keys, and the
// entries of old versions are evicted as they age. It is safe for concurrent use.
type lru struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // front: most recently used; values are *entry
	items map[string]*list.Element
}

// newLRU returns a cache of at most max bytes (def when max is 0); max < 0 disables it.
func newLRU(max, def int64) *lru {
	if max == 0 {
		max = def
	}
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// enabled reports whether the cache keeps anything.
func (l *lru) enabled() bool { return l.max > 0 }

// maxEntry is the size of the largest entry the cache keeps.
func (l *lru) maxEntry() int64 { return l.max / 8 }

// get returns the entry stored under tag.
func (l *lru) get(tag string) (*entry, bool) {
	if !l.enabled() {
		return nil, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.items[tag]
	if !ok {
		return nil, false
	}
	l.order.MoveToFront(el)
	return el.Value.(*entry), true
}

// add stores e, evicting the least recently used entries to stay within the bound, and
// reports whether it did: an entry too large for the cache, or any entry when the cache is
// disabled, is not kept.
func (l *lru) add(e *entry) bool {
	n := e.size()
	if !l.enabled() || n > l.maxEntry() {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[e.tag]; ok {
		l.size -= el.Value.(*entry).size()
		l.order.Remove(el)
	}
	l.items[e.tag] = l.order.PushFront(e)
	l.size += n
	for l.size > l.max {
		last := l.order.Back()
		old := l.order.Remove(last).(*entry)
		delete(l.items, old.tag)
		l.size -= old.size()
	}
	return true
}

// stats returns the number of entries and their total size.
func (l *lru) stats() (entries int, bytes int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len(), l.size
}
