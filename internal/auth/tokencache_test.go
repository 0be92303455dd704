package auth

import (
	"fmt"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/expiring"
)

func TestTokenCache(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var c tokenCache
	id := cachedToken{id: Identity{Issuer: "https://idp.example", Subject: "alice"}}

	c.put("token-a", id, now.Add(time.Hour), now)
	if got, ok := c.get("token-a", now.Add(time.Second)); !ok || got.id.Subject != "alice" {
		t.Fatalf("a verified token is not remembered: %v %v", got, ok)
	}
	if _, ok := c.get("token-b", now); ok {
		t.Fatal("another token matched")
	}
	// Never past tokenCacheTTL, so a withdrawn signing key stops counting.
	if _, ok := c.get("token-a", now.Add(tokenCacheTTL)); ok {
		t.Fatal("remembered past the cache's own lifetime")
	}
	// Never past the token's expiry.
	c.put("token-c", id, now.Add(10*time.Second), now)
	if _, ok := c.get("token-c", now.Add(9*time.Second)); !ok {
		t.Fatal("forgotten before its expiry")
	}
	if _, ok := c.get("token-c", now.Add(10*time.Second)); ok {
		t.Fatal("a token was accepted at its expiry")
	}
	// An already expired token is not stored at all.
	c.put("token-d", id, now.Add(-time.Second), now)
	if _, ok := c.get("token-d", now.Add(-2*time.Second)); ok {
		t.Fatal("an expired token was stored")
	}
	// Bounded: a flood of distinct tokens does not grow it past the limit.
	for i := range expiring.Max + 10 {
		c.put(fmt.Sprintf("flood-%d", i), id, now.Add(time.Hour), now)
	}
	if n := c.m.Len(); n > expiring.Max {
		t.Fatalf("%d entries, limit %d", n, expiring.Max)
	}
}
