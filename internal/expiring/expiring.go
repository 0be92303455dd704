// Package expiring is a map whose entries live until a given time, bounded
// in size: the server's small caches (verified tokens, memberships, a
// clinic's date).
package expiring

import (
	"sync"
	"time"
)

// Map holds values until their time; its zero value is ready to use and
// safe for concurrent use.
type Map[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]entry[V]
}

type entry[V any] struct {
	v     V
	until time.Time
}

// Max bounds each map; at the bound, expired entries go, and if none had
// expired, all of them (a flood of keys starts the map again rather than
// growing it).
const Max = 10_000

// Until is when an entry kept for at most ttl from now, and never past
// end, goes: the sooner of the two.
func Until(now time.Time, ttl time.Duration, end time.Time) time.Time {
	if until := now.Add(ttl); until.Before(end) {
		return until
	}
	return end
}

// Get returns k's value unless it is missing or its time has come.
func (c *Map[K, V]) Get(k K, now time.Time) (V, bool) {
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

// Put keeps v under k until until; an entry already expired is not kept.
func (c *Map[K, V]) Put(k K, v V, until, now time.Time) {
	if !now.Before(until) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[K]entry[V]{}
	}
	if len(c.entries) >= Max {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= Max {
			clear(c.entries)
		}
	}
	c.entries[k] = entry[V]{v: v, until: until}
}

// Forget drops k.
func (c *Map[K, V]) Forget(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
}

// Len is the number of entries held, expired ones included until they go.
func (c *Map[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
