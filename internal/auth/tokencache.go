package auth

import (
	"crypto/sha256"
	"time"

	"github.com/santkrupa/santkrupa/internal/expiring"
)

// tokenCache remembers verified access tokens, so that a client sending the
// same token on every request pays for the signature check once rather
// than on each request (it was about a third of the server's CPU for a
// one-row read). Entries are keyed by the token's SHA-256, never the token
// itself, and live until the token expires or for tokenCacheTTL, whichever
// is sooner: a token is never accepted after its expiry, and a signing
// key withdrawn by the provider stops counting within tokenCacheTTL.
type tokenCache struct {
	m expiring.Map[[32]byte, cachedToken]
}

type cachedToken struct {
	id     Identity
	claims map[string]any // read-only once cached
}

const tokenCacheTTL = time.Minute

func (c *tokenCache) get(raw string, now time.Time) (cachedToken, bool) {
	return c.m.Get(sha256.Sum256([]byte(raw)), now)
}

func (c *tokenCache) put(raw string, t cachedToken, expiry, now time.Time) {
	c.m.Put(sha256.Sum256([]byte(raw)), t, expiring.Until(now, tokenCacheTTL, expiry), now)
}
