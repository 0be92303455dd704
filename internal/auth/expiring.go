package auth

import (
	"sync"
	"time"
)

// expiring is a map whose entries live until a given time, bounded at
// cacheMax entries: the token and membership caches of this package.
type expiring[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]expiringEntry[V]
}

type expiringEntry[V any] struct {
	v     V
	until time.Time
}

// cacheMax bounds each cache; at the bound, expired entries go, and if none
// had expired, all of them (a flood of keys starts the cache again rather
// than growing it).
const cacheMax = 10_000

func (c *expiring[K, V]) get(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		var zero V
		return zero, false
	}
	if !now.Before(e.until) {
		delete(c.entries, k)
		var zero V
		return zero, false
	}
	return e.v, true
}

// put keeps v under k until until; an entry already expired is not kept.
func (c *expiring[K, V]) put(k K, v V, until, now time.Time) {
	if !now.Before(until) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[K]expiringEntry[V]{}
	}
	if len(c.entries) >= cacheMax {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= cacheMax {
			clear(c.entries)
		}
	}
	c.entries[k] = expiringEntry[V]{v: v, until: until}
}

func (c *expiring[K, V]) forget(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
}
