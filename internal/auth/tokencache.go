package auth

import (
	"crypto/sha256"
	"sync"
	"time"
)

// tokenCache remembers verified access tokens, so that a client sending the
// same token on every request pays for the signature check once rather
// than on each request (it was about a third of the server's CPU for a
// one-row read). Entries are keyed by the token's SHA-256, never the token
// itself, and live until the token expires or for tokenCacheTTL, whichever
// is sooner: a token is never accepted after its expiry, and a signing
// key withdrawn by the provider stops counting within tokenCacheTTL.
type tokenCache struct {
	mu      sync.Mutex
	entries map[[32]byte]cachedToken
}

type cachedToken struct {
	id     Identity
	claims map[string]any // read-only once cached
	until  time.Time
}

const (
	tokenCacheTTL = time.Minute
	tokenCacheMax = 10_000
)

func (c *tokenCache) get(raw string, now time.Time) (cachedToken, bool) {
	key := sha256.Sum256([]byte(raw))
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.entries[key]
	if !ok {
		return cachedToken{}, false
	}
	if !now.Before(t.until) {
		delete(c.entries, key)
		return cachedToken{}, false
	}
	return t, true
}

func (c *tokenCache) put(raw string, t cachedToken, expiry, now time.Time) {
	t.until = now.Add(tokenCacheTTL)
	if expiry.Before(t.until) {
		t.until = expiry
	}
	if !now.Before(t.until) {
		return
	}
	key := sha256.Sum256([]byte(raw))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[[32]byte]cachedToken{}
	}
	if len(c.entries) >= tokenCacheMax {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= tokenCacheMax {
			clear(c.entries) // a flood of distinct tokens: start again rather than grow
		}
	}
	c.entries[key] = t
}
