package auth

import (
	"sync"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// memberCache remembers the membership an identity used in a clinic, so
// that its next requests skip the lookup, a database round trip of its
// own. A remembered membership never acts unchecked: the request's scope
// asks the store to have the database confirm it in the round trip of each
// transaction's first statement (store.Scope.Confirm), and a membership
// the database no longer confirms — deactivated, another role, the clinic
// suspended — is forgotten after that request, which it answered with 404.
// Only memberships found are remembered, so an invitation just bound counts
// at once.
type memberCache struct {
	mu      sync.Mutex
	entries map[memberKey]cachedMember
}

type memberKey struct{ slug, issuer, subject string }

type cachedMember struct {
	user  dbsqlc.User
	until time.Time
}

const (
	// memberCacheTTL bounds how long a remembered row (its name, email
	// and the like, shown by some pages) can be out of date; its
	// authority is confirmed on every request regardless.
	memberCacheTTL = time.Minute
	memberCacheMax = 10_000
)

func (c *memberCache) get(k memberKey, now time.Time) (dbsqlc.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.entries[k]
	if !ok {
		return dbsqlc.User{}, false
	}
	if !now.Before(m.until) {
		delete(c.entries, k)
		return dbsqlc.User{}, false
	}
	return m.user, true
}

func (c *memberCache) put(k memberKey, u dbsqlc.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[memberKey]cachedMember{}
	}
	if len(c.entries) >= memberCacheMax {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= memberCacheMax {
			clear(c.entries) // a flood of identities: start again rather than grow
		}
	}
	c.entries[k] = cachedMember{user: u, until: now.Add(memberCacheTTL)}
}

func (c *memberCache) forget(k memberKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
}
